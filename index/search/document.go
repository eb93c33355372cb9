package search

import (
	"strconv"
	"time"

	"github.com/ttdn/monitor/index"
)

// Languages with their own stemmed fields. Items in any other language
// (Vietnamese first) are searched through the folded fields only.
const (
	langEN = "en"
	langFR = "fr"
)

// MonthZone is the zone the month facet counts in: Vietnam's time (UTC+7,
// no daylight saving), so an article published at 03:00 on 1 July in
// Kon Tum counts in July whatever zone its timestamp carries.
var MonthZone = time.FixedZone("ICT", 7*3600)

// monthLayout is the format of the month facet and Request.Month.
const monthLayout = "2006-01"

// Document returns the map bleve indexes for an item under Mapping. Put
// uses it; benchmarks that call bleve directly use it to index the same
// documents. The summary and the body are two values of the body fields,
// so a phrase or a word pair never spans the two.
func Document(it *index.Item) map[string]any {
	body := make([]string, 0, 2)
	for _, s := range []string{it.Summary, it.Body} {
		if s != "" {
			body = append(body, s)
		}
	}
	d := map[string]any{
		"_type":      docType,
		fTitle:       it.Title,
		fBody:        body,
		fTitleBigram: it.Title,
		fBodyBigram:  body,
		fTitleExact:  it.Title,
		fBodyExact:   body,
		fSource:      it.Source,
		fOrigin:      string(it.Origin),
		fLanguage:    it.Language,
		fStatus:      string(it.Status),
		fSevRank:     strconv.Itoa(it.Severity.Rank()),
		fFlagged:     strconv.FormatBool(it.Flagged),
	}
	switch it.Language {
	case langEN:
		d[fTitleEN], d[fBodyEN] = it.Title, body
	case langFR:
		d[fTitleFR], d[fBodyFR] = it.Title, body
	}
	if len(it.Topics) > 0 {
		d[fTopic] = it.Topics
	}
	if len(it.Tags) > 0 {
		d[fTags] = it.Tags
	}
	if it.Cluster != "" {
		d[fCluster] = it.Cluster
	}
	if it.Severity != "" {
		d[fSeverity] = string(it.Severity)
	}
	if !it.PublishedAt.IsZero() {
		d[fPublished] = it.PublishedAt
		d[fMonth] = it.PublishedAt.In(MonthZone).Format(monthLayout)
	}
	return d
}
