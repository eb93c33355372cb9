package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
)

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// OpenExisting opens a store file that must already exist, without
// creating or migrating anything (for backups and inspection while the
// service runs). A schema newer than this program is refused with a
// *SchemaTooNewError.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := assemble(path, w, r)
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: not an archive: %w", path, err)
	}
	if known := KnownSchemaVersion(); v > known {
		s.Close()
		return nil, &SchemaTooNewError{Dir: filepath.Dir(path), Version: v, Known: known}
	}
	return s, nil
}

// Backup writes a consistent snapshot of the store to dest with VACUUM
// INTO: one read transaction, so writers carry on meanwhile and the copy
// holds every transaction committed before it began. dest must not
// exist. The copy is checked with CheckBackup before Backup returns; a
// failed copy is removed.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	if _, err := s.r.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := CheckBackup(ctx, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup to %s: the copy does not check: %w", dest, err)
	}
	return nil
}

// CheckBackup checks that path is a store this program can restore: an
// SQLite file (by its header), whose integrity check passes, with the
// archive's schema table and items, at a schema version no newer than
// this program's. It opens the file read-only and immutable, so it
// changes nothing, and returns a plain error saying what is wrong.
func CheckBackup(ctx context.Context, path string) error {
	if err := checkHeader(path); err != nil {
		return err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	if err := integrityCheck(ctx, db); err != nil {
		return fmt.Errorf("%s is damaged: %w", path, err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('goose_db_version', 'items', 'meta')`).Scan(&n); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if n != 3 {
		return fmt.Errorf("%s is an SQLite database but not a TTĐN Monitor archive", path)
	}
	var v int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = 1`).Scan(&v); err != nil {
		return fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if known := KnownSchemaVersion(); v > known {
		return fmt.Errorf("%s has schema version %d, newer than this program (%d); upgrade monitor", path, v, known)
	}
	return nil
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	defer f.Close()
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%s is not an SQLite database (too short)", path)
		}
		return fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.HasPrefix(head, sqliteHeader) {
		return fmt.Errorf("%s is not an SQLite database", path)
	}
	return nil
}
