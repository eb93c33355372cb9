package main

// archive is the opened data directory: store, index, rules and the
// ingest path. It is filled in as the archive packages land.
type archive struct{}

// Close releases the archive.
func (ar *archive) Close() error { return nil }
