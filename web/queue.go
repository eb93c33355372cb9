package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

// queueSize is how many items one queue page loads before grouping.
const queueSize = 50

// queueRow is one story in the queue: the most severe, newest copy and
// how many other outlets carried it.
type queueRow struct {
	Item   *index.Item
	Others int
}

type queuePage struct {
	Rows    []queueRow
	Filter  queueFilter
	Sources []index.Source
	Users   []index.User
	Topics  []string
	Pager   pager
}

type queueFilter struct {
	Topic, Origin, Source, Assignee string
}

func (s *Server) queue(c *gin.Context) {
	ctx := c.Request.Context()
	q := c.Request.URL.Query()
	f := queueFilter{Topic: q.Get("topic"), Origin: q.Get("origin"), Source: q.Get("source"), Assignee: q.Get("assignee")}
	flagged := true
	filter := index.ItemFilter{
		Statuses: []index.Status{index.StatusNew, index.StatusReviewing},
		Flagged:  &flagged, Order: index.OrderSeverity, Limit: queueSize,
	}
	if f.Topic != "" {
		filter.Topics = []string{f.Topic}
	}
	if f.Origin != "" {
		filter.Origins = []index.Origin{index.Origin(f.Origin)}
	}
	if f.Source != "" {
		filter.Sources = []string{f.Source}
	}
	filter.Assignee = f.Assignee
	if f.Assignee == "me" {
		filter.Assignee = actor(c)
	}
	p := queuePage{Filter: f}
	total := 0
	var err error
	p.Pager = newPager(q, 0, queueSize)
	filter.Offset = p.Pager.Offset()
	items, total, err := s.deps.Archive.ListItems(ctx, filter)
	if err != nil {
		s.pageError(c, err)
		return
	}
	p.Pager = newPager(q, total, queueSize)
	if p.Rows, err = s.groupClusters(c, items); err != nil {
		s.pageError(c, err)
		return
	}
	if p.Sources, err = s.sortedSources(c); err != nil {
		s.pageError(c, err)
		return
	}
	if p.Users, err = s.sortedUsers(c); err != nil {
		s.pageError(c, err)
		return
	}
	p.Topics = s.topics(c)
	v := s.view(c, "queue.title")
	v.Data = p
	s.render(c, http.StatusOK, "queue", v)
}

// groupClusters keeps one row per story cluster (the first, i.e. most
// severe and newest, copy) and counts the other outlets that carried it.
func (s *Server) groupClusters(c *gin.Context, items []*index.Item) ([]queueRow, error) {
	var rows []queueRow
	seen := map[string]bool{}
	for _, it := range items {
		if it.Cluster == "" {
			rows = append(rows, queueRow{Item: it})
			continue
		}
		if seen[it.Cluster] {
			continue
		}
		seen[it.Cluster] = true
		members, err := s.deps.Archive.ClusterMembers(c.Request.Context(), it.Cluster)
		if err != nil {
			return nil, err
		}
		outlets := map[string]bool{}
		for _, m := range members {
			if m.Source != it.Source {
				outlets[m.Source] = true
			}
		}
		rows = append(rows, queueRow{Item: it, Others: len(outlets)})
	}
	return rows, nil
}
