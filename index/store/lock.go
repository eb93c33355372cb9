package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"github.com/ttdn/monitor/index"
)

// lockInfo is what the holder of a data dir writes beside the lock.
type lockInfo struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

// LockedError says that another process holds the data dir. It matches
// index.ErrLocked under errors.Is.
type LockedError struct {
	Dir  string
	Info *lockInfo // nil when the holder did not say who it is
}

func (e *LockedError) Error() string {
	if e.Info == nil {
		return fmt.Sprintf("data dir %s is in use by another process", e.Dir)
	}
	since := e.Info.Since.Local()
	when := since.Format("15:04")
	if y, m, d := since.Date(); y != time.Now().Year() || m != time.Now().Month() || d != time.Now().Day() {
		when = since.Format("02/01/2006 15:04")
	}
	return fmt.Sprintf("data dir %s is in use by pid %d (%s, since %s)", e.Dir, e.Info.PID, e.Info.Command, when)
}

// Unwrap makes errors.Is(err, index.ErrLocked) true.
func (e *LockedError) Unwrap() error { return index.ErrLocked }

// LockDir takes the data dir's lock (DIR/lock, an flock), creating the
// dir when missing, and records this process in DIR/lock.info. It never
// waits: when another process holds the lock it returns a *LockedError
// naming the holder. The returned unlock releases the lock.
func LockDir(dir string) (unlock func() error, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	fl := flock.New(filepath.Join(dir, "lock"))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock data dir %s: %w", dir, err)
	}
	infoPath := filepath.Join(dir, "lock.info")
	if !ok {
		return nil, &LockedError{Dir: dir, Info: readLockInfo(infoPath)}
	}
	info := lockInfo{PID: os.Getpid(), Command: commandLine(), Since: time.Now().UTC()}
	data, _ := json.Marshal(info)
	if err := os.WriteFile(infoPath, data, 0o640); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock data dir %s: %w", dir, err)
	}
	return func() error {
		rmErr := os.Remove(infoPath)
		if errors.Is(rmErr, os.ErrNotExist) {
			rmErr = nil
		}
		return errors.Join(rmErr, fl.Unlock())
	}, nil
}

func readLockInfo(path string) *lockInfo {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var info lockInfo
	if json.Unmarshal(data, &info) != nil || info.PID == 0 {
		return nil
	}
	return &info
}

// commandLine is this process's program name and its first arguments,
// e.g. "monitor serve".
func commandLine() string {
	if len(os.Args) == 0 {
		return "?"
	}
	parts := []string{filepath.Base(os.Args[0])}
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-") || len(parts) == 3 {
			break
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
