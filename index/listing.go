package index

import "time"

// Listing is an item as `monitor search --json` and the JSON API list it:
// exactly the fields DESIGN names, with empty lists rather than null and
// the publication time in RFC 3339 UTC ("" when unknown).
type Listing struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Source      string   `json:"source"`
	Origin      string   `json:"origin"`
	Language    string   `json:"language"`
	PublishedAt string   `json:"published_at"`
	Topics      []string `json:"topics"`
	Severity    string   `json:"severity"`
	Flagged     bool     `json:"flagged"`
	Status      string   `json:"status"`
	Tags        []string `json:"tags"`
	Cluster     string   `json:"cluster"`
}

// ListingOf returns the listing of it.
func ListingOf(it *Item) Listing {
	l := Listing{
		ID: it.ID, URL: it.URL, Title: it.Title, Source: it.Source, Origin: string(it.Origin),
		Language: it.Language, Topics: nonNil(it.Topics), Severity: string(it.Severity), Flagged: it.Flagged,
		Status: string(it.Status), Tags: nonNil(it.Tags), Cluster: it.Cluster,
	}
	if !it.PublishedAt.IsZero() {
		l.PublishedAt = it.PublishedAt.UTC().Format(time.RFC3339)
	}
	return l
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
