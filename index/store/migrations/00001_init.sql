-- +goose Up
-- The store of record. Portable SQL: TEXT and INTEGER columns, times as
-- TEXT in UTC ("2006-01-02T15:04:05.000000Z", which sorts as it reads),
-- booleans as INTEGER 0/1, generated keys as INTEGER PRIMARY KEY (the
-- PostgreSQL migration spells these as identity columns).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('item_seq', 0);
INSERT INTO meta (key, value) VALUES ('indexed_seq', '0');

CREATE TABLE sources (
    name                 TEXT PRIMARY KEY,
    title                TEXT NOT NULL DEFAULT '',
    kind                 TEXT NOT NULL,
    url                  TEXT NOT NULL,
    origin               TEXT NOT NULL,
    country              TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL DEFAULT '',
    interval_seconds     INTEGER NOT NULL DEFAULT 0,
    enabled              INTEGER NOT NULL DEFAULT 1,
    link_selector        TEXT NOT NULL DEFAULT '',
    last_attempt         TEXT,
    last_success         TEXT,
    last_error           TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_due             TEXT,
    etag                 TEXT NOT NULL DEFAULT '',
    last_modified        TEXT NOT NULL DEFAULT '',
    items_seen           INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE items (
    id            TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    published_at  TEXT,
    fetched_at    TEXT,
    language      TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL DEFAULT '',
    severity_rank INTEGER NOT NULL DEFAULT 0,
    flagged       INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'new',
    assignee      TEXT NOT NULL DEFAULT '',
    cluster       TEXT NOT NULL DEFAULT '',
    simhash       INTEGER,
    simhash_b0    INTEGER,
    simhash_b1    INTEGER,
    simhash_b2    INTEGER,
    simhash_b3    INTEGER,
    index_seq     INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX items_content_hash ON items (content_hash);
CREATE INDEX items_index_seq ON items (index_seq);
CREATE INDEX items_published ON items (published_at);
CREATE INDEX items_queue ON items (status, severity_rank, published_at);
CREATE INDEX items_cluster ON items (cluster);
CREATE INDEX items_source ON items (source);
CREATE INDEX items_simhash_b0 ON items (simhash_b0);
CREATE INDEX items_simhash_b1 ON items (simhash_b1);
CREATE INDEX items_simhash_b2 ON items (simhash_b2);
CREATE INDEX items_simhash_b3 ON items (simhash_b3);

CREATE TABLE item_urls (
    url     TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    added_at TEXT NOT NULL
);
CREATE INDEX item_urls_item ON item_urls (item_id);

CREATE TABLE rule_hits (
    item_id      TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    rule_id      TEXT NOT NULL,
    rule_version INTEGER NOT NULL DEFAULT 0,
    topic        TEXT NOT NULL,
    severity     TEXT NOT NULL,
    matches      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (item_id, position)
);
CREATE INDEX rule_hits_rule ON rule_hits (rule_id);

CREATE TABLE item_topics (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    topic   TEXT NOT NULL,
    PRIMARY KEY (item_id, topic)
);
CREATE INDEX item_topics_topic ON item_topics (topic, item_id);

CREATE TABLE tags (
    item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX tags_tag ON tags (tag);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_item ON notes (item_id);

CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    number      TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE plan_tasks (
    plan_id      TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    lead         TEXT NOT NULL,
    coordinating TEXT NOT NULL DEFAULT '',
    timeframe    TEXT NOT NULL,
    PRIMARY KEY (plan_id, code)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used  TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE responses (
    id          INTEGER PRIMARY KEY,
    plan_id     TEXT NOT NULL,
    task        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    agency      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    date        TEXT,
    url         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    FOREIGN KEY (plan_id, task) REFERENCES plan_tasks (plan_id, code)
);
CREATE INDEX responses_task ON responses (plan_id, task);
CREATE INDEX responses_date ON responses (date);

CREATE TABLE response_items (
    response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL REFERENCES items (id),
    PRIMARY KEY (response_id, item_id)
);
CREATE INDEX response_items_item ON response_items (item_id);

CREATE TABLE rules (
    id          TEXT PRIMARY KEY,
    topic       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    languages   TEXT NOT NULL DEFAULT '[]',
    expr        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    enabled     INTEGER NOT NULL DEFAULT 1,
    pack        TEXT NOT NULL DEFAULT 'custom',
    version     INTEGER NOT NULL,
    edited      INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

CREATE TABLE rule_versions (
    rule_id     TEXT NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    expr_before TEXT NOT NULL DEFAULT '',
    expr_after  TEXT NOT NULL,
    snapshot    TEXT NOT NULL DEFAULT '{}',
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (rule_id, version)
);

CREATE TABLE audit_events (
    id     INTEGER PRIMARY KEY,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object);
CREATE INDEX audit_events_actor ON audit_events (actor);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE rule_versions;
DROP TABLE rules;
DROP TABLE response_items;
DROP TABLE responses;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE plan_tasks;
DROP TABLE plans;
DROP TABLE notes;
DROP TABLE tags;
DROP TABLE item_topics;
DROP TABLE rule_hits;
DROP TABLE item_urls;
DROP TABLE items;
DROP TABLE sources;
DROP TABLE counters;
DROP TABLE meta;
