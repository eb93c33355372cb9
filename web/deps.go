package web

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/web/report"
)

// Archive is what the dashboard needs of the store of record
// (*store.Store satisfies it). Every write takes the acting username.
type Archive interface {
	GetItem(ctx context.Context, id string) (*index.Item, error)
	GetItems(ctx context.Context, ids []string) ([]*index.Item, error)
	GetItemsLight(ctx context.Context, ids []string) ([]*index.Item, error)
	ListItems(ctx context.Context, f index.ItemFilter) ([]*index.Item, int, error)
	ClusterMembers(ctx context.Context, cluster string) ([]*index.Item, error)
	UpdateItem(ctx context.Context, actor, id string, u index.ItemUpdate) (*index.Item, error)
	AddTags(ctx context.Context, actor, id string, tags []string) error
	RemoveTag(ctx context.Context, actor, id, tag string) error

	ListSources(ctx context.Context) ([]index.Source, error)
	GetSource(ctx context.Context, name string) (*index.Source, error)
	UpsertSource(ctx context.Context, actor string, src index.Source) error
	UpsertSources(ctx context.Context, actor string, srcs []index.Source) error
	SetSourceEnabled(ctx context.Context, actor, name string, enabled bool) error

	ListPlans(ctx context.Context) ([]index.Plan, error)
	ListTasks(ctx context.Context, planID string) ([]index.PlanTask, error)
	GetTask(ctx context.Context, planID, code string) (*index.PlanTask, error)

	CreateResponse(ctx context.Context, actor string, r *index.Response) error
	UpdateResponse(ctx context.Context, actor string, r *index.Response) error
	GetResponse(ctx context.Context, id int64) (*index.Response, error)
	ListResponses(ctx context.Context, f index.ResponseFilter) ([]index.Response, int, error)

	CreateUser(ctx context.Context, actor string, u *index.User) error
	GetUser(ctx context.Context, username string) (*index.User, error)
	GetUserByID(ctx context.Context, id int64) (*index.User, error)
	ListUsers(ctx context.Context) ([]index.User, error)
	UpdateUser(ctx context.Context, actor string, u *index.User) error
	SetPassword(ctx context.Context, actor, username, hash string) error
	CountUsers(ctx context.Context) (int, error)
	CreateToken(ctx context.Context, actor string, userID int64, name string) (string, error)
	UserByToken(ctx context.Context, plain string) (*index.User, error)
	ListTokens(ctx context.Context, userID int64) ([]index.Token, error)
	RevokeToken(ctx context.Context, actor string, id int64) error

	ListRules(ctx context.Context) ([]index.Rule, error)
	GetRule(ctx context.Context, id string) (*index.Rule, error)
	SaveRule(ctx context.Context, actor string, r index.Rule) (index.Rule, error)
	RuleVersions(ctx context.Context, id string) ([]index.RuleVersion, error)

	ListAudit(ctx context.Context, f index.AuditFilter) ([]index.AuditEvent, int, error)
}

// Searcher is the full-text index (*search.Index satisfies it).
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
}

// Syncer refreshes the search index from the store after a person's write
// changed items (the ingester satisfies it).
type Syncer interface {
	Sync(ctx context.Context, ids ...string) error
}

// Crawler crawls one source now ("crawl now" on the sources page).
type Crawler interface {
	CrawlSource(ctx context.Context, name string) error
}

// RulesReloader puts the store's current rules into force for ingest after
// a rule was saved (cmd/monitor compiles them and swaps the ingester's
// matcher). It returns an error when the rules cannot be put in force.
type RulesReloader interface {
	ReloadRules(ctx context.Context) error
}

// SessionRevocations remembers dashboard sessions ended before their
// expiry (logout) where a restart cannot forget them (*store.Store
// satisfies it).
type SessionRevocations interface {
	RevokeSession(ctx context.Context, nonce string, expires time.Time) error
	SessionRevoked(ctx context.Context, nonce string) (bool, error)
}

// Deps are the collaborators of the server. Archive, Search and Sync are
// required; Crawler is optional ("crawl now" is hidden without it).
type Deps struct {
	Archive Archive
	Search  Searcher
	Sync    Syncer
	Crawler Crawler
	// Rules, when set, is told after every saved rule so ingest matches
	// with it at once; without it a rule change waits for a restart.
	Rules RulesReloader
	// Sessions keeps logouts; when nil the Archive is used if it
	// satisfies SessionRevocations (the store does), otherwise a list in
	// memory that a restart forgets.
	Sessions SessionRevocations
	// Letterhead heads and signs the printed report (web/report); the
	// caller fills it from the province profile.
	Letterhead report.Letterhead
	// Registry receives the server's metrics and is served on /metrics; a
	// new registry when nil.
	Registry *prometheus.Registry
}

func (d Deps) check() error {
	switch {
	case d.Archive == nil:
		return errors.New("web: Deps.Archive is required")
	case d.Search == nil:
		return errors.New("web: Deps.Search is required")
	case d.Sync == nil:
		return errors.New("web: Deps.Sync is required")
	}
	return nil
}
