// Package store is the archive's store of record: SQLite through
// modernc.org/sqlite (pure Go) with goose migrations embedded. Every other
// part of the archive (the bleve index, exports, the dashboard) derives
// from what is stored here.
//
// Writes go through one connection (SQLite has one writer at a time; one
// connection in the process keeps them from fighting over the lock), reads
// through a pool, all in WAL mode so readers never wait for the writer.
// Every write a person makes takes the actor's username and writes its
// audit event in the same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/pressly/goose/v3"
	"github.com/ttdn/monitor/index"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the SQLite store of record. It is safe for concurrent use.
type Store struct {
	path string
	w    *sql.DB    // the single writer connection
	wc   *stmtCache // statements prepared on w
	rdb  *sql.DB    // readers
	r    cachedDB   // rdb through its statement cache
}

// dsn builds the modernc.org/sqlite data source name for path: WAL,
// a busy timeout, foreign keys on, synchronous NORMAL (durable in WAL
// mode across a process crash).
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	// 32 MiB of page cache a connection (SQLite's default is 2 MB): the
	// queue and search pages read across a 100k-item archive.
	q.Add("_pragma", "cache_size(-32768)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	q.Add("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// Open opens the SQLite file at path, creating it and its directory when
// missing, and migrates it to the newest schema. A file from a newer
// schema than this program knows is refused, not migrated.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := migrate(ctx, w, filepath.Dir(path)); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)*2))
	return assemble(path, w, r), nil
}

func assemble(path string, w, r *sql.DB) *Store {
	return &Store{path: path, w: w, wc: newStmtCache(w), rdb: r, r: cachedDB{newStmtCache(r)}}
}

// Close closes the store's connections.
func (s *Store) Close() error {
	s.r.c.close()
	s.wc.close()
	return errors.Join(s.rdb.Close(), s.w.Close())
}

// Path is the SQLite file the store was opened on.
func (s *Store) Path() string { return s.path }

func migrationsDir() fs.FS {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}

func newProvider(db *sql.DB) (*goose.Provider, error) {
	// Out of order: migrations written side by side may land in any order,
	// and a data dir that has a later one must still take an earlier one.
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrationsDir(), goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// KnownSchemaVersion is the newest schema version this program knows:
// the highest numbered migration embedded in it.
func KnownSchemaVersion() int64 {
	entries, err := fs.ReadDir(migrationsDir(), ".")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	var v int64
	for _, e := range entries {
		if n, err := goose.NumericComponent(e.Name()); err == nil {
			v = max(v, n)
		}
	}
	return v
}

func migrate(ctx context.Context, db *sql.DB, dir string) error {
	p, err := newProvider(db)
	if err != nil {
		return err
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known := KnownSchemaVersion(); cur > known {
		return &SchemaTooNewError{Dir: dir, Version: cur, Known: known}
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	return nil
}

// SchemaTooNewError refuses a data dir written by a newer program.
type SchemaTooNewError struct {
	Dir            string
	Version, Known int64
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("data dir %s schema version %d is newer than this program (%d); upgrade monitor", e.Dir, e.Version, e.Known)
}

// SchemaVersion returns the schema version recorded in the database.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless
// SQLite answers "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, s.rdb)
}

func integrityCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("integrity check failed: %v", msgs)
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapErr(err))
	}
	s.wc.prepareWanted(ctx)
	return nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// mapErr turns driver errors into the archive's sentinels: no rows into
// index.ErrNotFound, unique violations into index.ErrConflict.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return index.ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %s", index.ErrConflict, se.Error())
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: still referenced: %s", index.ErrConflict, se.Error())
		}
	}
	return err
}

// wrap adds context to a mapped driver error.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, mapErr(err))
}
