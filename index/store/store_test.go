package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != KnownSchemaVersion() || v < 1 {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, KnownSchemaVersion())
	}
	var mode string
	s.rdb.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	var fk, busy int
	s.rdb.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	s.rdb.QueryRow(`PRAGMA busy_timeout`).Scan(&busy)
	if mode != "wal" || fk != 1 || busy < 1000 {
		t.Errorf("journal_mode, foreign_keys, busy_timeout = %s, %d, %d; want wal, 1, >= 1000", mode, fk, busy)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	mustSave(t, s, article("a1", day(t, "2021-01-01", 0)), 0)
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if n, _ := s.CountItems(ctx); n != 1 {
		t.Errorf("after reopen CountItems = %d, want 1", n)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	newer := KnownSchemaVersion() + 5
	if _, err := s.w.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, newer); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for name, open := range map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenExisting": OpenExisting} {
		_, err = open(ctx, path)
		var tooNew *SchemaTooNewError
		if !errors.As(err, &tooNew) {
			t.Fatalf("%s of a newer schema = %v, want *SchemaTooNewError", name, err)
		}
		want := fmt.Sprintf("data dir %s schema version %d is newer than this program (%d); upgrade monitor", dir, newer, KnownSchemaVersion())
		if err.Error() != want {
			t.Errorf("%s error = %q, want %q", name, err, want)
		}
	}
	if err := CheckBackup(ctx, path); err == nil || !strings.Contains(err.Error(), "newer than this program") {
		t.Errorf("CheckBackup of a newer schema = %v", err)
	}
}

func TestOpenExistingNeedsAFile(t *testing.T) {
	_, err := OpenExisting(context.Background(), filepath.Join(t.TempDir(), "none.db"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenExisting(missing) = %v, want ErrNotExist", err)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := range 200 {
		mustSave(t, s, article(fmt.Sprintf("pre%03d", i), day(t, "2021-02-01", i%24)), uint64(i+1))
	}
	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	errc := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.SaveItem(ctx, article(fmt.Sprintf("live%05d", i), day(t, "2021-03-01", i%24)), uint64(i+1)); err != nil {
				errc <- err
				return
			}
			written.Add(1)
		}
	}()
	dir := t.TempDir()
	var backups []string
	for i := range 3 {
		dest := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := s.Backup(ctx, dest); err != nil {
			t.Fatalf("Backup while writing: %v", err)
		}
		backups = append(backups, dest)
	}
	close(stop)
	wg.Wait()
	select {
	case err := <-errc:
		t.Fatalf("writer failed during backup: %v", err)
	default:
	}
	if written.Load() == 0 {
		t.Error("the writer wrote nothing while backups ran")
	}
	for _, b := range backups {
		if err := CheckBackup(ctx, b); err != nil {
			t.Errorf("CheckBackup(%s): %v", b, err)
		}
		restored, err := Open(ctx, b)
		if err != nil {
			t.Fatalf("open backup: %v", err)
		}
		n, _ := restored.CountItems(ctx)
		if n < 200 {
			t.Errorf("backup holds %d items, want at least the 200 written before", n)
		}
		if err := restored.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
		if _, err := restored.GetItem(ctx, "pre199"); err != nil {
			t.Errorf("backup lost an item: %v", err)
		}
		restored.Close()
	}
	if err := s.Backup(ctx, backups[0]); err == nil {
		t.Error("Backup over an existing file succeeded")
	}
}

func TestCheckBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	random := filepath.Join(dir, "random.db")
	junk := make([]byte, 8192)
	rand.Read(junk)
	os.WriteFile(random, junk, 0o600)
	short := filepath.Join(dir, "short.db")
	os.WriteFile(short, []byte("SQLite"), 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	fs, err := Open(ctx, filepath.Join(dir, "tmp", "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	fs.w.Exec(`VACUUM INTO ?`, foreign) // then make it someone else's database
	fs.Close()
	other, _ := OpenExisting(ctx, foreign)
	for _, tbl := range []string{"goose_db_version"} {
		other.w.Exec(`DROP TABLE ` + tbl)
	}
	other.w.Exec(`CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)`)
	other.Close()
	os.Remove(foreign + "-wal")
	os.Remove(foreign + "-shm")
	corrupt := filepath.Join(dir, "corrupt.db")
	makeCorrupt(t, corrupt)

	tests := []struct {
		name, path, want string
	}{
		{"random bytes", random, "is not an SQLite database"},
		{"too short", short, "is not an SQLite database"},
		{"missing", filepath.Join(dir, "none.db"), "no such file"},
		{"another program's database", foreign, "not a TTĐN Monitor archive"},
		{"damaged", corrupt, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			err := CheckBackup(ctx, tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckBackup = %v, want error containing %q", err, tt.want)
			}
			after, _ := os.ReadFile(tt.path)
			if string(before) != string(after) {
				t.Error("CheckBackup changed the file")
			}
		})
	}
}

// makeCorrupt writes a backup whose pages are damaged past the header.
func makeCorrupt(t *testing.T, path string) {
	t.Helper()
	s := newStore(t)
	for i := range 300 {
		mustSave(t, s, article(fmt.Sprintf("c%03d", i), day(t, "2021-02-01", 0)), 0)
	}
	if err := s.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for i := 4096 * 3; i < len(data)-4096; i += 4096 {
		copy(data[i+100:i+400], strings.Repeat("\xff", 300))
	}
	os.WriteFile(path, data, 0o600)
}

// TestLockDirHelper holds a data dir's lock in a child process until its
// stdin closes; TestLockDirRefusesSecondHolder starts it.
func TestLockDirHelper(t *testing.T) {
	dir := os.Getenv("TTDN_LOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	unlock, err := LockDir(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	buf := make([]byte, 1)
	os.Stdin.Read(buf)
	unlock()
	os.Exit(0)
}

func TestLockDirRefusesSecondHolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockDirHelper$")
	cmd.Env = append(os.Environ(), "TTDN_LOCK_HELPER_DIR="+dir)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make([]byte, 64)
	n, _ := out.Read(line)
	if !strings.Contains(string(line[:n]), "locked") {
		t.Fatalf("helper did not take the lock: %q", line[:n])
	}
	start := time.Now()
	_, err := LockDir(dir)
	if time.Since(start) > time.Second {
		t.Errorf("LockDir waited %v; it must fail at once", time.Since(start))
	}
	if !errors.Is(err, index.ErrLocked) {
		t.Fatalf("second LockDir = %v, want ErrLocked", err)
	}
	want := fmt.Sprintf("data dir %s is in use by pid %d (%s, since ", dir, cmd.Process.Pid, filepath.Base(os.Args[0]))
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start %q", err, want)
	}
	stdin.Close()
	cmd.Wait()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after the holder left: %v", err)
	}
	if err := unlock(); err != nil {
		t.Errorf("unlock: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "lock.info")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock.info left behind after unlock: %v", err)
	}
}
