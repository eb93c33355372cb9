package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
)

const (
	sessionCookie = "ttdn_session"
	flashCookie   = "ttdn_flash"
	langCookie    = "ttdn_lang"
)

// session is what the signed, encrypted session cookie carries. PW is a
// fingerprint of the password hash, so changing a password ends the
// user's other sessions; N is a nonce that logout revokes.
type session struct {
	UID int64
	Exp int64
	PW  string
	N   string
}

// sessionCodec signs and encrypts session cookies with a key derived from
// the server key. Revocation (logout) is kept apart, in a
// SessionRevocations.
type sessionCodec struct {
	sc *securecookie.SecureCookie
}

func newSessionCodec(key []byte) *sessionCodec {
	hashKey := derive(key, "hash")
	blockKey := derive(key, "block")
	sc := securecookie.New(hashKey, blockKey)
	sc.MaxAge(0)
	return &sessionCodec{sc: sc}
}

func (c *sessionCodec) encode(s session) (string, error) {
	v, err := c.sc.Encode(sessionCookie, s)
	if err != nil {
		return "", fmt.Errorf("encode session: %w", err)
	}
	return v, nil
}

// decode returns the session in value, or false when it is forged or
// expired. Whether it was revoked is the caller's question.
func (c *sessionCodec) decode(value string, now time.Time) (session, bool) {
	var s session
	if err := c.sc.Decode(sessionCookie, value, &s); err != nil {
		return session{}, false
	}
	if now.Unix() > s.Exp || s.N == "" {
		return session{}, false
	}
	return s, true
}

// memRevocations keeps logouts in memory, for an Archive that cannot keep
// them (test doubles); a restart forgets them.
type memRevocations struct {
	mu      sync.Mutex
	revoked map[string]time.Time
}

func newMemRevocations() *memRevocations {
	return &memRevocations{revoked: map[string]time.Time{}}
}

func (m *memRevocations) RevokeSession(_ context.Context, nonce string, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	for n, exp := range m.revoked {
		if now.After(exp) {
			delete(m.revoked, n)
		}
	}
	m.revoked[nonce] = expires
	return nil
}

func (m *memRevocations) SessionRevoked(_ context.Context, nonce string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	exp, ok := m.revoked[nonce]
	return ok && time.Now().Before(exp), nil
}

// pwFingerprint identifies a password hash without revealing it.
func pwFingerprint(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// loginLimiter counts failed logins per client address and per username
// in a fixed window; past max failures further attempts are refused until
// the window ends.
type loginLimiter struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string]*failCount
}

type failCount struct {
	n     int
	start time.Time
}

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, fails: map[string]*failCount{}}
}

// allowed reports whether every key may try again now.
func (l *loginLimiter) allowed(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if f, ok := l.fails[k]; ok && now.Sub(f.start) < l.window && f.n >= l.max {
			return false
		}
	}
	return true
}

func (l *loginLimiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > 10000 {
		for k, f := range l.fails {
			if now.Sub(f.start) >= l.window {
				delete(l.fails, k)
			}
		}
	}
	for _, k := range keys {
		f, ok := l.fails[k]
		if !ok || now.Sub(f.start) >= l.window {
			f = &failCount{start: now}
			l.fails[k] = f
		}
		f.n++
	}
}

func (l *loginLimiter) reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.fails, k)
	}
}

// setupTokens holds the one-time token of the first-admin setup link.
type setupTokens struct {
	mu    sync.Mutex
	token string
	exp   time.Time
}

func newSetupTokens() *setupTokens { return &setupTokens{} }

func (t *setupTokens) issue(ttl time.Duration) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.token = randomToken(24)
	t.exp = time.Now().Add(ttl)
	return t.token
}

func (t *setupTokens) valid(tok string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(t.token)) == 1 && time.Now().Before(t.exp)
}

func (t *setupTokens) consume() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.token = ""
}

// isLoopback reports whether a request's remote address is loopback; it
// looks at the connection, never at forwarding headers.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
