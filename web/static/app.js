// TTĐN Monitor: keyboard shortcuts for the queue, forms sent in the
// background where marked data-ajax, and the rule editor's live preview.
// Every form also works without this script.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf") || "";

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue tr.qrow")); }
  var cur = -1;
  function select(i) {
    var r = rows();
    if (!r.length) { return; }
    i = Math.max(0, Math.min(i, r.length - 1));
    if (cur >= 0 && r[cur]) { r[cur].classList.remove("cur"); }
    cur = i;
    r[cur].classList.add("cur");
    r[cur].scrollIntoView({ block: "nearest" });
  }
  function current() { var r = rows(); return cur >= 0 ? r[cur] : null; }

  function send(form, button) {
    var data = new FormData(form);
    if (button && button.name) { data.set(button.name, button.value); }
    // getAttribute: the buttons are named "action", which shadows form.action.
    return fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf }
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) { throw new Error(body.error || res.statusText); }
        return body;
      });
    });
  }

  function applyResult(row, body) {
    if (!row || !body) { return; }
    var st = row.querySelector("td.st");
    if (st) {
      // The table carries the status names in the page's language.
      var table = row.closest("table");
      var label = (table && table.getAttribute("data-st-" + body.status)) || body.status;
      var badge = document.createElement("span");
      badge.className = "status st-" + body.status;
      badge.textContent = label;
      st.textContent = "";
      st.appendChild(badge);
      if (body.assignee) {
        var who = document.createElement("span");
        who.className = "muted assignee";
        who.textContent = "→ " + body.assignee;
        st.appendChild(document.createTextNode(" "));
        st.appendChild(who);
      }
    }
    var stamp = row.querySelector("input[name=updated_at]");
    if (stamp && body.updated_at) { stamp.value = body.updated_at; }
    if (body.status === "dismissed" || body.status === "flagged") { row.classList.add("gone"); }
    row.setAttribute("data-status", body.status);
    if (body.tags) {
      var title = row.querySelector("td:nth-child(2)");
      var box = title.querySelector(".tags");
      if (!box) { box = document.createElement("div"); box.className = "tags"; title.appendChild(box); }
      box.textContent = "";
      body.tags.forEach(function (t) {
        var s = document.createElement("span"); s.className = "tag"; s.textContent = t;
        box.appendChild(s); box.appendChild(document.createTextNode(" "));
      });
    }
  }

  function showError(err) {
    var main = document.querySelector("main");
    var p = document.getElementById("js-error") || document.createElement("p");
    p.id = "js-error"; p.className = "error"; p.setAttribute("role", "alert");
    p.textContent = err.message;
    main.insertBefore(p, main.firstChild);
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.hasAttribute("data-ajax")) { return; }
    ev.preventDefault();
    var row = form.closest("tr");
    send(form, ev.submitter).then(function (body) {
      applyResult(row, body);
      var input = form.querySelector(".tag-input");
      if (input) { input.value = ""; input.blur(); }
    }).catch(showError);
  });

  function press(row, key) {
    var b = row && row.querySelector("[data-key='" + key + "']");
    if (!b) { return false; }
    if (b.tagName === "A") { window.location.href = b.href; return true; }
    if (typeof b.form.requestSubmit === "function") { b.form.requestSubmit(b); } else { b.click(); }
    return true;
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
      if (ev.key === "Escape") { t.blur(); }
      return;
    }
    if (!document.getElementById("queue")) { return; }
    var row = current();
    switch (ev.key) {
      case "j": select(cur + 1); break;
      case "k": select(cur - 1); break;
      case "o": if (row) { window.location.href = row.getAttribute("data-href"); } break;
      case "x": press(row, "x"); break;
      case "f": press(row, "f"); break;
      case "a": press(row, "a"); break;
      case "r": press(row, "r"); break;
      case "t": break; // focus on keyup, so the "t" itself is not typed

      default: return;
    }
    ev.preventDefault();
  });

  document.addEventListener("keyup", function (ev) {
    var t = ev.target;
    if (ev.key !== "t" || ev.ctrlKey || ev.metaKey || ev.altKey || !document.getElementById("queue")) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) { return; }
    var row = current();
    var input = row && row.querySelector(".tag-input");
    if (input) { input.focus(); }
  });

  // Live preview of a draft rule.
  var expr = document.getElementById("expr");
  var preview = document.getElementById("preview");
  if (expr && preview) {
    var timer = null;
    expr.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = expr.getAttribute("data-preview") + "?expr=" + encodeURIComponent(expr.value);
        fetch(url, { credentials: "same-origin" }).then(function (res) { return res.text(); })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            preview.replaceChildren.apply(preview, Array.prototype.slice.call(doc.body.childNodes));
          });
      }, 400);
    });
  }

  if (document.getElementById("queue")) { select(0); }
})();
