package main

import (
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ttdn/monitor/index/store"
)

// TestImportSurvivesKills runs `monitor import` in a subprocess, SIGKILLs
// it at random moments again and again, restarting each time, and then
// checks that nothing was lost or duplicated: every stored item is
// searchable, the count matches the input and SQLite is intact.
func TestImportSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test takes about a minute")
	}
	const items, kills = 3000, 20
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	input := writeJSONL(t, dir, items, 7)
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	completed := 0
	for k := 0; k < kills; k++ {
		cmd := importProcess(t, data, input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+r.Intn(1500)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err == nil {
			completed++ // finished before the kill landed
		}
	}
	t.Logf("%d kills, %d runs finished before their kill", kills, completed)
	if out, err := importProcess(t, data, input).CombinedOutput(); err != nil {
		t.Fatalf("final import: %v\n%s", err, out)
	}

	st, err := store.Open(context.Background(), filepath.Join(data, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.CountItems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("integrity check: %v", err)
	}
	st.Close()
	if n != items {
		t.Errorf("store holds %d items, want %d", n, items)
	}
	res := searchJSON(t, data, "--limit", "0", "*")
	if res.Total != n {
		t.Errorf("index finds %d items, store holds %d", res.Total, n)
	}
	for _, q := range []string{`"bài 0"`, `"bài 2998"`, `"report 2999"`} {
		if got := searchJSON(t, data, q); got.Total < 1 {
			t.Errorf("search %s: no hit after the crashes", q)
		}
	}
}

func importProcess(t *testing.T, data, input string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "import", "--data", data, "--log-format", "json", input)
	cmd.Env = append(os.Environ(), "MONITOR_TEST_AS_MAIN=1")
	return cmd
}
