-- +goose Up
-- Exports and flagged-item lists select flagged = 1 within a publication
-- range and read it oldest (or newest) first, a page at a time, counting
-- the matches on every page. items_published alone makes each count read
-- every row in the range to test flagged, and the ORDER BY's tie-break on
-- id needs a sort. With flagged first, then published_at, then id, the
-- count is answered from the index alone and the pages come out in order.
CREATE INDEX items_flagged_published ON items (flagged, published_at, id);

-- +goose Down
DROP INDEX items_flagged_published;
