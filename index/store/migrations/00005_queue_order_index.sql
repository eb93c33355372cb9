-- +goose Up
-- The queue's page in its own order (most severe, newest, then id), so
-- SQLite stops after one page instead of sorting every waiting item; the
-- status rides along in the index to filter without a table lookup.
CREATE INDEX items_queue_order ON items (flagged, severity_rank, published_at, id DESC, status);

-- +goose Down
DROP INDEX items_queue_order;
