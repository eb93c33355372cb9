package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rulesMonitor runs a command line with the rules command present in the
// tree (it is added here when commands.go does not list it yet).
func rulesMonitor(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	root := newRootCmd(a)
	if c, _, err := root.Find([]string{"rules"}); err != nil || c == root {
		root.AddCommand(newRulesCmd(a))
	}
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	a.close()
	code := 0
	if err != nil {
		errb.WriteString("monitor: " + err.Error() + "\n")
		code = 1
		if ee, ok := err.(*exitError); ok {
			code = ee.code
		}
	}
	return out.String(), errb.String(), code
}

func mustRules(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := rulesMonitor(t, args...)
	if code != 0 {
		t.Fatalf("monitor %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

func TestRulesListAndTest(t *testing.T) {
	data := importFixture(t)
	out := mustRules(t, "rules", "list", "--data", data)
	for _, want := range []string{"border.province", "religion.signal.vi", "province.place", "medium"} {
		if !strings.Contains(out, want) {
			t.Errorf("rules list lacks %q:\n%s", want, out)
		}
	}

	out = mustRules(t, "rules", "test", "--data", data, `"tuần tra" OR checkpoints`)
	if !strings.HasPrefix(out, "2 of 7 items match") || !strings.Contains(out, "«Tuần tra»") || !strings.Contains(out, "«checkpoints»") {
		t.Errorf("rules test output:\n%s", out)
	}

	// Narrowing border.province to bilateral patrols: the Lao-border
	// stories it hits today would no longer match.
	out = mustRules(t, "rules", "test", "--data", data, "--rule", "border.province", `"tuần tra song phương"`)
	if !strings.Contains(out, "compared with rule border.province") || !strings.Contains(out, "would newly match: 0") ||
		!strings.Contains(out, "would no longer match:") {
		t.Errorf("rules test --rule output:\n%s", out)
	}

	if _, errs, code := rulesMonitor(t, "rules", "test", "--data", data, `("biên giới"`); code != 2 || !strings.Contains(errs, `col 13: expected ")"`) {
		t.Errorf("bad expression: exit %d, stderr %s", code, errs)
	}
	if _, errs, code := rulesMonitor(t, "rules", "test", "--data", data, "--rule", "no.such", "x"); code == 0 {
		t.Errorf("unknown rule: exit 0, stderr %s", errs)
	}
}

func TestRulesApply(t *testing.T) {
	data := importFixture(t)
	if out := mustRules(t, "rules", "apply", "--data", data); !strings.Contains(out, "checked 7 items") || !strings.Contains(out, ": 0 changed") {
		t.Errorf("apply with unchanged rules: %s", out)
	}

	dir := t.TempDir()
	pack := filepath.Join(dir, "extra.yaml")
	if err := os.WriteFile(pack, []byte("pack: extra\nrules:\n  - {id: extra.mai, topic: tourism, severity: medium, expr: '\"mai anh đào\"', description: hoa}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  - "+pack+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRules(t, "rules", "apply", "--data", data, "--config", cfg)
	if !strings.Contains(out, ": 1 changed") {
		t.Fatalf("apply with a new rule: %s", out)
	}
	res := searchJSON(t, data, "--", `"mai anh đào"`)
	if len(res.Hits) != 1 || !strings.Contains(strings.Join(res.Hits[0].Topics, ","), "tourism") || !res.Hits[0].Flagged {
		t.Errorf("after apply, search gives %+v", res.Hits)
	}
	if out := mustRules(t, "rules", "apply", "--data", data, "--config", cfg); !strings.Contains(out, ": 0 changed") {
		t.Errorf("second apply: %s", out)
	}
}
