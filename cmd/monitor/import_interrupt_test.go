package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C during an import stops it cleanly: a summary of what was done,
// "import interrupted", no line reported refused because of the stop,
// and a second run finishes the rest.
func TestImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 2,000 items")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	input := writeJSONL(t, dir, 2000, 11)
	cmd := importProcess(t, data, input)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once lines are being imported (start-up is slow under the
	// race detector), not while the archive is still opening.
	var stderr strings.Builder
	logEnded := waitImporting(t, pipe, &stderr, 60*time.Second)
	_ = cmd.Process.Signal(syscall.SIGINT)
	<-logEnded
	err = cmd.Wait()
	if err == nil {
		t.Skip("the import finished before the interrupt landed")
	}
	if !strings.Contains(stdout.String(), "interrupted:") || !strings.Contains(stderr.String(), "import interrupted") {
		t.Errorf("interrupted import said:\nstdout: %s\nstderr: %.500s", stdout.String(), stderr.String())
	}
	if strings.Contains(stderr.String(), "context canceled") && strings.Contains(stderr.String(), ".jsonl:") {
		t.Errorf("a line was reported refused because of the interrupt:\n%.800s", stderr.String())
	}
	out, err := importProcess(t, data, input).CombinedOutput()
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "refused") || strings.Contains(string(out), "0 new, 0 updated, 0 merged into existing items, 0 unchanged") {
		t.Errorf("second import did not finish the rest: %s", out)
	}
}
