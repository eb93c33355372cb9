-- +goose Up
-- The morning queue and the overview's queue count: flagged items by
-- status, most severe and newest first, answered from the index alone.
CREATE INDEX items_queue_flagged ON items (flagged, status, severity_rank, published_at);

-- +goose Down
DROP INDEX items_queue_flagged;
