package report

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/ttdn/monitor/index"
)

// itemRow is one flagged item as the spreadsheets show it, in the order
// of labels.itemColumns. Published is the local publication day.
type itemRow struct {
	Published   time.Time
	Source      string
	Origin      string
	Title       string
	URL         string
	Topics      string
	Severity    string
	Status      string
	Tags        string
	Terms       string
	ClusterSize int
	Responses   string
}

// rowBuilder turns items into rows in one language.
type rowBuilder struct {
	lb       *labels
	loc      *time.Location
	links    map[string][]respRef
	clusters *clusterSizes
	outlets  map[string]string
}

func (b *rowBuilder) row(ctx context.Context, it *index.Item) (itemRow, error) {
	n, err := b.clusters.size(ctx, it)
	if err != nil {
		return itemRow{}, err
	}
	topics := make([]string, len(it.Topics))
	for i, t := range it.Topics {
		topics[i] = word(b.lb.topic, t)
	}
	return itemRow{
		Published:   day(it.PublishedAt.In(b.loc)),
		Source:      outlet(b.outlets, it.Source),
		Origin:      word(b.lb.origin, string(it.Origin)),
		Title:       it.Title,
		URL:         it.URL,
		Topics:      strings.Join(topics, ", "),
		Severity:    word(b.lb.severity, string(it.Severity)),
		Status:      word(b.lb.status, string(it.Status)),
		Tags:        strings.Join(it.Tags, ", "),
		Terms:       strings.Join(matchedTerms(it), ", "),
		ClusterSize: n,
		Responses:   b.responses(it.ID),
	}, nil
}

// responses describes the responses linked to an item:
// "Bài viết phản bác · II.6.3 · Đã hoàn thành; …".
func (b *rowBuilder) responses(id string) string {
	refs := b.links[id]
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = word(b.lb.kind, r.kind) + " · " + r.task + " · " + word(b.lb.respStatus, r.status)
	}
	return strings.Join(parts, "; ")
}

// strings lists the row's cells as text, dates as dd/mm/yyyy.
func (r itemRow) strings() []string {
	return []string{r.Published.Format("02/01/2006"), r.Source, r.Origin, r.Title, r.URL, r.Topics,
		r.Severity, r.Status, r.Tags, r.Terms, strconv.Itoa(r.ClusterSize), r.Responses}
}
