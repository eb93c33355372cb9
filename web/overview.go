package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ttdn/monitor/index"
)

// chartDays is the span of the overview chart.
const chartDays = 30

type overviewPage struct {
	Today, TodayFlagged, Queue int
	ByTopic                    []topicCount
	Chart                      template.HTML
	Troubled                   []index.Source
	Due                        []index.Response
}

type topicCount struct {
	Topic string
	Count int
}

// overviewCache keeps the overview's counts and 30-day aggregate for a
// minute: the page is everyone's landing page, the numbers move slowly,
// and counting the queue reads every flagged item. When the numbers are
// older than that, one request refreshes them while the others are served
// the previous ones, so a slow refresh under load holds up no one else.
type overviewCache struct {
	mu         sync.Mutex
	at         time.Time
	today      time.Time
	counts     overviewCounts
	byDay      map[string]map[string]int // topic → day → count; never changed once stored
	refreshing bool
}

// overviewCounts are the intake and queue numbers at the top of the page.
type overviewCounts struct {
	Today, TodayFlagged, Queue int
}

func (s *Server) overview(c *gin.Context) {
	loc := s.cfg.Location
	now := time.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	counts, byDay, err := s.overviewNumbers(c, today)
	if err != nil {
		s.pageError(c, err)
		return
	}
	p := overviewPage{Today: counts.Today, TodayFlagged: counts.TodayFlagged, Queue: counts.Queue}
	v := s.view(c, "overview.title")
	p.ByTopic = topicTotals(byDay)
	p.Chart = chartSVG(v, byDay, today)
	if p.Troubled, err = s.troubledSources(c); err != nil {
		s.pageError(c, err)
		return
	}
	if p.Due, err = s.dueResponses(c); err != nil {
		s.pageError(c, err)
		return
	}
	v.Data = p
	s.render(c, http.StatusOK, "overview", v)
}

// overviewNumbers returns the counts and the flagged items per topic and
// day over the last chartDays days: from the cache when it is under a
// minute old and of the same day, or while another request refreshes it.
// With nothing of today's cached, the first request computes and the
// others wait for its result.
func (s *Server) overviewNumbers(c *gin.Context, today time.Time) (overviewCounts, map[string]map[string]int, error) {
	oc := &s.overviewCache
	oc.mu.Lock()
	have := oc.byDay != nil && oc.today.Equal(today)
	if have && (oc.refreshing || time.Since(oc.at) < time.Minute) {
		counts, byDay := oc.counts, oc.byDay
		oc.mu.Unlock()
		return counts, byDay, nil
	}
	if !have {
		defer oc.mu.Unlock()
		counts, byDay, err := s.computeOverview(c, today)
		if err != nil {
			return overviewCounts{}, nil, err
		}
		oc.counts, oc.byDay, oc.at, oc.today = counts, byDay, time.Now(), today
		return counts, byDay, nil
	}
	oc.refreshing = true
	oldCounts, oldByDay := oc.counts, oc.byDay
	oc.mu.Unlock()
	counts, byDay, err := s.computeOverview(c, today)
	oc.mu.Lock()
	defer oc.mu.Unlock()
	oc.refreshing = false
	if err != nil {
		// The previous numbers are a minute old: better than an error page.
		s.log.Warn("overview refresh", "err", err)
		return oldCounts, oldByDay, nil
	}
	oc.counts, oc.byDay, oc.at, oc.today = counts, byDay, time.Now(), today
	return counts, byDay, nil
}

func (s *Server) computeOverview(c *gin.Context, today time.Time) (overviewCounts, map[string]map[string]int, error) {
	counts, err := s.overviewCounts(c, today)
	if err != nil {
		return overviewCounts{}, nil, err
	}
	byDay, err := s.flaggedByDay(c, today)
	if err != nil {
		return overviewCounts{}, nil, err
	}
	return counts, byDay, nil
}

func (s *Server) overviewCounts(c *gin.Context, today time.Time) (overviewCounts, error) {
	ctx := c.Request.Context()
	var n overviewCounts
	var err error
	flagged := true
	if _, n.Today, err = s.deps.Archive.ListItems(ctx, index.ItemFilter{From: today, Limit: 1}); err != nil {
		return n, err
	}
	if _, n.TodayFlagged, err = s.deps.Archive.ListItems(ctx, index.ItemFilter{From: today, Flagged: &flagged, Limit: 1}); err != nil {
		return n, err
	}
	_, n.Queue, err = s.deps.Archive.ListItems(ctx, index.ItemFilter{Flagged: &flagged, Limit: 1,
		Statuses: []index.Status{index.StatusNew, index.StatusReviewing}})
	return n, err
}

// flaggedByDay counts flagged items per topic and day over the last
// chartDays days.
func (s *Server) flaggedByDay(c *gin.Context, today time.Time) (map[string]map[string]int, error) {
	flagged := true
	items, _, err := s.deps.Archive.ListItems(c.Request.Context(), index.ItemFilter{
		Flagged: &flagged, From: today.AddDate(0, 0, -(chartDays - 1)), Order: index.OrderNewest, Limit: 20000,
	})
	if err != nil {
		return nil, err
	}
	byDay := map[string]map[string]int{}
	for _, it := range items {
		day := it.PublishedAt.In(s.cfg.Location).Format("2006-01-02")
		for _, t := range it.Topics {
			if byDay[t] == nil {
				byDay[t] = map[string]int{}
			}
			byDay[t][day]++
		}
	}
	return byDay, nil
}

func topicTotals(byDay map[string]map[string]int) []topicCount {
	var out []topicCount
	for t, days := range byDay {
		n := 0
		for _, k := range days {
			n += k
		}
		out = append(out, topicCount{t, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Topic < out[j].Topic
	})
	return out
}

// chartSVG draws stacked daily bars of flagged items per topic as inline
// SVG (no script, no inline style: colours come from the stylesheet).
func chartSVG(v *view, byDay map[string]map[string]int, today time.Time) template.HTML {
	const w, h, left, bottom, barW = 640, 180, 30, 24, 16
	topics := make([]string, 0, len(byDay))
	for t := range byDay {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	maxDay := 1
	days := make([]time.Time, chartDays)
	for i := range days {
		days[i] = today.AddDate(0, 0, i-(chartDays-1))
		n := 0
		for _, t := range topics {
			n += byDay[t][days[i].Format("2006-01-02")]
		}
		maxDay = max(maxDay, n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, html.EscapeString(v.T("overview.chart")))
	fmt.Fprintf(&b, `<text x="2" y="12" class="axis">%d</text><line x1="%d" y1="%d" x2="%d" y2="%d" class="base"/>`, maxDay, left, h-bottom, w, h-bottom)
	scale := float64(h-bottom-16) / float64(maxDay)
	for i, d := range days {
		x := left + i*(barW+4)
		y := float64(h - bottom)
		key := d.Format("2006-01-02")
		for ti, t := range topics {
			n := byDay[t][key]
			if n == 0 {
				continue
			}
			bh := float64(n) * scale
			y -= bh
			fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%d" height="%.1f" class="c%d"><title>%s · %s: %d</title></rect>`,
				x, y, barW, bh, ti%6, html.EscapeString(v.Date(d)), html.EscapeString(v.Topic(t)), n)
		}
		if i%5 == 0 || i == chartDays-1 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%s</text>`, x, h-6, d.Format("02/01"))
		}
	}
	b.WriteString(`</svg><ul class="legend">`)
	for ti, t := range topics {
		fmt.Fprintf(&b, `<li><span class="sw c%d"></span>%s</li>`, ti%6, html.EscapeString(v.Topic(t)))
	}
	b.WriteString(`</ul>`)
	return template.HTML(b.String())
}

func (s *Server) troubledSources(c *gin.Context) ([]index.Source, error) {
	srcs, err := s.deps.Archive.ListSources(c.Request.Context())
	if err != nil {
		return nil, err
	}
	var out []index.Source
	for _, src := range srcs {
		if src.Enabled && src.Health.ConsecutiveFailures > 0 {
			out = append(out, src)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Health.ConsecutiveFailures > out[j].Health.ConsecutiveFailures })
	return out, nil
}

// dueResponses are the responses not done yet, earliest date first.
func (s *Server) dueResponses(c *gin.Context) ([]index.Response, error) {
	var out []index.Response
	for _, st := range []index.ResponseStatus{index.ResponsePlanned, index.ResponseInProgress} {
		rs, _, err := s.deps.Archive.ListResponses(c.Request.Context(), index.ResponseFilter{Status: st, Limit: 20})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out[:min(len(out), 10)], nil
}
