// Package web is the dashboard (server-rendered HTML, embedded templates
// and assets, a small keyboard script) and the JSON API of TTĐN Monitor.
// It defines the small interfaces it needs of the archive, the search
// index, the ingester and the crawler (deps.go); cmd/monitor wires them.
package web

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ttdn/monitor/web/i18n"
)

// Config is how the server presents itself.
type Config struct {
	// Addr is the listen address, used for the setup link when BaseURL is
	// empty.
	Addr string
	// BaseURL is the public URL of the dashboard, e.g. http://127.0.0.1:8080.
	BaseURL string
	// SecureCookies forces the Secure flag on cookies; without it the flag
	// is set per request when it came over TLS or X-Forwarded-Proto https.
	SecureCookies bool
	// SessionKey signs and encrypts session cookies and keys CSRF tokens;
	// at least 32 bytes, persisted by the caller so sessions survive a
	// restart.
	SessionKey []byte
	// Location is the time zone pages show times in (Asia/Ho_Chi_Minh by
	// default).
	Location *time.Location
	// Logger receives request errors; slog.Default() when nil.
	Logger *slog.Logger
	// SessionTTL is how long a login lasts (12 h by default).
	SessionTTL time.Duration
	// TrustedProxies are the addresses (IPs or CIDR ranges) of reverse
	// proxies whose X-Forwarded-For gives the client's address; empty
	// trusts none, and the connection's address is the client's.
	TrustedProxies []string
}

// Server is the dashboard and API. Build it with New.
type Server struct {
	cfg      Config
	deps     Deps
	log      *slog.Logger
	cat      *i18n.Catalog
	tpl      *templates
	static   *staticFiles
	engine   *gin.Engine
	cookies  *sessionCodec
	sessions SessionRevocations
	limiter  *loginLimiter
	metrics  *metrics
	setup    *setupTokens
	csrf     csrfProtectors

	overviewCache overviewCache

	bg     sync.WaitGroup
	bgCtx  context.Context
	cancel context.CancelFunc
}

// New checks the configuration, parses every template (failing fast),
// and builds the route table.
func New(cfg Config, deps Deps) (*Server, error) {
	if err := deps.check(); err != nil {
		return nil, err
	}
	if len(cfg.SessionKey) < 32 {
		return nil, errors.New("web: session key must be at least 32 bytes")
	}
	if err := checkTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
		if err != nil {
			loc = time.FixedZone("ICT", 7*3600)
		}
		cfg.Location = loc
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.BaseURL == "" {
		addr := cfg.Addr
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		cfg.BaseURL = "http://" + addr
	}
	if deps.Registry == nil {
		deps.Registry = prometheus.NewRegistry()
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	st, err := loadStatic()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{
		cfg: cfg, deps: deps, log: cfg.Logger, cat: cat, static: st,
		cookies: newSessionCodec(derive(cfg.SessionKey, "session")),
		limiter: newLoginLimiter(5, 15*time.Minute),
		setup:   newSetupTokens(),
	}
	s.sessions = deps.Sessions
	if s.sessions == nil {
		if r, ok := deps.Archive.(SessionRevocations); ok {
			s.sessions = r
		} else {
			s.sessions = newMemRevocations()
		}
	}
	s.csrf = newCSRF(derive(cfg.SessionKey, "csrf"), s.csrfFailed)
	s.metrics, err = newMetrics(deps.Registry)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.tpl, err = parseTemplates(s.funcs())
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.bgCtx, s.cancel = context.WithCancel(context.Background())
	s.engine = s.routes()
	return s, nil
}

// Handler returns the gin engine serving every route.
func (s *Server) Handler() http.Handler { return s.engine }

// Close stops background work started by requests ("crawl now") and
// waits for it.
func (s *Server) Close() error {
	s.cancel()
	s.bg.Wait()
	return nil
}

// derive returns a 32-byte key for purpose from the server key.
func derive(key []byte, purpose string) []byte {
	h := sha256.New()
	h.Write([]byte("ttdn-monitor/" + purpose + "/"))
	h.Write(key)
	return h.Sum(nil)
}
