package index

// ClusterCandidate is a stored item whose simhash is near a new item's:
// the ingest path decides from these whether the new item joins a story
// cluster.
type ClusterCandidate struct {
	ID      string
	Cluster string
	Simhash uint64
}
