package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackupDuringImport takes a backup while an import runs in another
// process, restores it into a fresh data dir and uses the result.
func TestBackupDuringImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	input := writeJSONL(t, dir, 1500, 3)
	imp := importProcess(t, data, input)
	progress, err := imp.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the importer is past start-up and reading lines (slow
	// under the race detector), then snapshot while it writes.
	waitImporting(t, progress, nil, 60*time.Second)
	time.Sleep(500 * time.Millisecond)
	backup := filepath.Join(dir, "snapshot.db")
	mustMonitor(t, "backup", "--data", data, "--out", backup)
	if err := imp.Wait(); err != nil {
		t.Fatalf("import: %v", err)
	}

	restored := filepath.Join(dir, "restored")
	out := mustMonitor(t, "restore", "--data", restored, "--from", backup)
	if !strings.Contains(out, "restored") {
		t.Errorf("restore said %q", out)
	}
	res := searchJSON(t, restored, "--limit", "1", "*")
	if res.Total == 0 {
		t.Fatal("restored archive is empty")
	}
	if got := searchJSON(t, restored, `"Kon Tum"`); got.Total == 0 {
		t.Error("restored archive finds nothing for \"Kon Tum\"")
	}
	// The restored archive takes new items.
	mustMonitor(t, "import", "--data", restored, input)
	if res := searchJSON(t, restored, "--limit", "0", "*"); res.Total != 1500 {
		t.Errorf("after re-import the restored archive holds %d, want 1500", res.Total)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	data := importFixture(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("this is not a backup at all, just text"), 0o644); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.db")
	good := filepath.Join(dir, "good.db")
	mustMonitor(t, "backup", "--data", data, "--out", good)
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(truncated, b[:len(b)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{junk, truncated, filepath.Join(dir, "missing.db")} {
		_, stderr, code := monitor(t, "", "restore", "--data", data, "--from", f)
		if code == 0 {
			t.Errorf("restore of %s succeeded", filepath.Base(f))
		}
		if !strings.Contains(stderr, "refusing") {
			t.Errorf("restore of %s: stderr %q", filepath.Base(f), stderr)
		}
	}
	if res := searchJSON(t, data, "*"); res.Total != 7 {
		t.Errorf("after refused restores the archive holds %d items, want 7", res.Total)
	}
}

func TestSecondProcessIsRefused(t *testing.T) {
	data := importFixture(t)
	unlock, err := lockForTest(data)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	start := time.Now()
	_, stderr, code := monitor(t, "", "search", "--data", data, "*")
	if code == 0 {
		t.Fatal("a second process opened a locked data dir")
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the refusal took too long")
	}
	if !strings.Contains(stderr, "in use by pid") {
		t.Errorf("stderr %q does not name the holder", stderr)
	}
}

// waitImporting returns once an import's JSON log shows progress past
// the first bytes. It keeps draining the log (into keep, when not nil) so
// the importer never blocks on it; the returned channel closes when the
// log ends.
func waitImporting(t *testing.T, log io.Reader, keep *strings.Builder, limit time.Duration) <-chan struct{} {
	t.Helper()
	started, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		sc := bufio.NewScanner(log)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			if keep != nil {
				keep.WriteString(line + "\n")
			}
			if !signalled && strings.Contains(line, `"msg":"import"`) && !strings.Contains(line, `"done":0,`) {
				signalled = true
				close(started)
			}
		}
	}()
	select {
	case <-started:
	case <-time.After(limit):
		t.Fatalf("no import progress within %s", limit)
	}
	return ended
}
