-- +goose Up
-- Dashboard sessions ended before their expiry (logout). The session
-- itself lives in a signed cookie; only its revocation is stored, so a
-- logged-out cookie stays refused after a restart. nonce_hash is the
-- SHA-256 of the session's nonce; a row can go once expires_at has
-- passed, since the cookie is refused by then anyway.
CREATE TABLE session_revocations (
    nonce_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX session_revocations_expires ON session_revocations (expires_at);

-- +goose Down
DROP TABLE session_revocations;
