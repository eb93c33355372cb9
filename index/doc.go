// Package index holds the archive's domain types (items, sources, rules,
// plan tasks, responses, users, audit events) and its sentinel errors. It
// imports nothing of the project; the store of record (index/store), the
// search index (index/search) and the ingest path (index/ingest) build on it.
package index
