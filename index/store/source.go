package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/ttdn/monitor/index"
)

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

const sourceCols = `name, title, kind, url, origin, country, language, interval_seconds, enabled, link_selector,
	last_attempt, last_success, last_error, consecutive_failures, next_due, etag, last_modified, items_seen`

func scanSource(sc scanner) (index.Source, error) {
	var src index.Source
	var secs int64
	var enabled int
	h := &src.Health
	err := sc.Scan(&src.Name, &src.Title, &src.Kind, &src.URL, &src.Origin, &src.Country, &src.Language, &secs, &enabled,
		&src.LinkSelector, tsc(&h.LastAttempt), tsc(&h.LastSuccess), &h.LastError, &h.ConsecutiveFailures, tsc(&h.NextDue),
		&h.ETag, &h.LastModified, &h.ItemsSeen)
	src.Interval = time.Duration(secs) * time.Second
	src.Enabled = enabled != 0
	return src, err
}

// validateSource checks a source's configuration.
func validateSource(src index.Source) error {
	switch {
	case !slugRe.MatchString(src.Name):
		return index.Invalid("name", "%q must be a slug: lower-case letters, digits, '.', '_' or '-'", src.Name)
	case src.Kind != index.KindFeed && src.Kind != index.KindSite:
		return index.Invalid("kind", "%q must be feed or site", src.Kind)
	case !src.Origin.Valid():
		return index.Invalid("origin", "%q must be domestic or foreign", src.Origin)
	case src.Interval < 0:
		return index.Invalid("interval", "cannot be negative")
	}
	u, err := url.Parse(src.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return index.Invalid("url", "%q is not an http or https URL", src.URL)
	}
	return nil
}

// ListSources returns every source with its health, by name.
func (s *Store) ListSources(ctx context.Context) ([]index.Source, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name`)
	if err != nil {
		return nil, wrap("list sources", err)
	}
	defer rows.Close()
	out := []index.Source{}
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, wrap("list sources", err)
		}
		out = append(out, src)
	}
	return out, wrap("list sources", rows.Err())
}

// GetSource returns one source; index.ErrNotFound when unknown.
func (s *Store) GetSource(ctx context.Context, name string) (*index.Source, error) {
	src, err := scanSource(s.r.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE name = ?`, name))
	if err != nil {
		return nil, wrap("get source "+name, err)
	}
	return &src, nil
}

// UpsertSource adds a source or updates its configuration (health is
// kept), with an audit event unless actor is "system" (configuration
// loaded at start-up). It returns an index.FieldError for a bad name,
// kind, origin or URL.
func (s *Store) UpsertSource(ctx context.Context, actor string, src index.Source) error {
	return s.UpsertSources(ctx, actor, []index.Source{src})
}

// UpsertSources saves several sources in one transaction (an OPML
// import): all of them or, on any error, none. Each is validated first.
func (s *Store) UpsertSources(ctx context.Context, actor string, srcs []index.Source) error {
	for _, src := range srcs {
		if err := validateSource(src); err != nil {
			return fmt.Errorf("save source %s: %w", src.Name, err)
		}
	}
	var name string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, src := range srcs {
			name = src.Name
			if err := upsertSource(ctx, tx, actor, src); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("save source "+name, err)
}

func upsertSource(ctx context.Context, tx *sql.Tx, actor string, src index.Source) error {
	at := tsNow(now())
	_, err := tx.ExecContext(ctx, `INSERT INTO sources (name, title, kind, url, origin, country, language,
		interval_seconds, enabled, link_selector, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET title = excluded.title, kind = excluded.kind, url = excluded.url,
		origin = excluded.origin, country = excluded.country, language = excluded.language,
		interval_seconds = excluded.interval_seconds, enabled = excluded.enabled,
		link_selector = excluded.link_selector, updated_at = excluded.updated_at`,
		src.Name, src.Title, src.Kind, src.URL, string(src.Origin), src.Country, src.Language,
		int64(src.Interval/time.Second), boolInt(src.Enabled), src.LinkSelector, at, at)
	if err != nil || actor == "system" {
		return err
	}
	return audit(ctx, tx, actor, "source.save", "source:"+src.Name, fmt.Sprintf("%s %s enabled=%v", src.Kind, src.URL, src.Enabled))
}

// SetSourceEnabled turns crawling of a source on or off, with an audit
// event. It returns index.ErrNotFound for an unknown source.
func (s *Store) SetSourceEnabled(ctx context.Context, actor, name string, enabled bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sources SET enabled = ?, updated_at = ? WHERE name = ?`,
			boolInt(enabled), tsNow(now()), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return index.ErrNotFound
		}
		action := "source.disable"
		if enabled {
			action = "source.enable"
		}
		return audit(ctx, tx, actor, action, "source:"+name, "")
	})
	return wrap("enable source "+name, err)
}

// SaveHealth records what the crawler last saw of a source (and its
// ETag and Last-Modified for the next conditional GET). It returns
// index.ErrNotFound for an unknown source.
func (s *Store) SaveHealth(ctx context.Context, name string, h index.SourceHealth) error {
	res, err := s.w.ExecContext(ctx, `UPDATE sources SET last_attempt = ?, last_success = ?, last_error = ?,
		consecutive_failures = ?, next_due = ?, etag = ?, last_modified = ?, items_seen = ? WHERE name = ?`,
		ts(h.LastAttempt), ts(h.LastSuccess), h.LastError, h.ConsecutiveFailures, ts(h.NextDue), h.ETag,
		h.LastModified, h.ItemsSeen, name)
	if err != nil {
		return wrap("save health of "+name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("save health of %s: %w", name, index.ErrNotFound)
	}
	return nil
}
