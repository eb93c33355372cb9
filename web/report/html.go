package report

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ttdn/monitor/index"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

// reportTemplate is parsed once, at package start; a broken template is
// a programming error caught by every test.
var reportTemplate = template.Must(template.New("report.html.tmpl").
	Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).
	ParseFS(templateFS, "templates/report.html.tmpl"))

// Bounds of the printed report's lists: it is read by people; the
// spreadsheets carry everything.
const (
	maxNotable   = 12
	maxResponses = 40
	maxAwaiting  = 25
	maxSources   = 10
)

// writeHTML renders the printed report into a buffer, then writes it, so
// a failure never sends half a page.
func writeHTML(ctx context.Context, w io.Writer, src Source, q Query, lh Letterhead, progress func(done, total int)) error {
	v, err := buildView(ctx, src, q, lh, progress)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// reportView is what the template shows.
type reportView struct {
	Lang, Title                  string
	W                            *reportWords
	LH                           Letterhead
	Number, PlaceDate, Subject   string
	Figures, StatusLine, Closing string
	TopicRows                    []countRow
	TopicTotal                   countRow
	SourceRows                   []countRow
	Notable                      []itemLine
	KindRows                     []countRow
	KindHeads                    []string
	Responses                    []responseLine
	ResponsesMore                string
	TaskLegend                   []taskLine
	Awaiting                     []itemLine
	AwaitingMore                 string
}

type taskLine struct{ Code, Title string }

type countRow struct {
	Label  string
	Counts []int
}

type itemLine struct {
	No                                       int
	Title, Source, Date, Excerpt, TopicsLine string
	Severity                                 string
}

type responseLine struct {
	No                       int
	Date, Kind, Task, Agency string
	Status, Items            string
}

// buildView reads the archive for the report: one pass over the flagged
// items for the counts, then bounded lists.
func buildView(ctx context.Context, src Source, q Query, lh Letterhead, progress func(done, total int)) (*reportView, error) {
	lang := q.lang()
	lb, rw := labelsFor(lang), wordsFor(lang)
	if lh.Date.IsZero() {
		lh.Date = time.Now()
	}
	v := &reportView{Lang: lang, W: rw, LH: lh, Number: lh.numberLine(lang),
		PlaceDate: placeDate(lh.Place, lh.Date.In(q.loc()), lang)}
	period := periodText(q, rw)
	v.Subject = lh.Subject
	if v.Subject == "" {
		v.Subject = fmt.Sprintf(rw.SubjectFmt, lh.Area, period)
	}
	v.Title = rw.DocType + " – " + v.Subject
	v.Closing = fmt.Sprintf(rw.Closing, lh.Area, period)

	links, err := linkedResponses(ctx, src, q)
	if err != nil {
		return nil, err
	}
	outlets, err := outletNames(ctx, src)
	if err != nil {
		return nil, err
	}
	sum, titles := newSummary(), map[string]string{}
	err = eachItem(ctx, src, q.itemFilter(), progress, func(it *index.Item) error {
		sum.addItem(it, links[it.ID])
		if len(links[it.ID]) > 0 && len(titles) < 10000 {
			titles[it.ID] = it.Title
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := v.fillResponses(ctx, src, q, sum, titles, lb, rw); err != nil {
		return nil, err
	}
	if err := v.fillFigures(ctx, src, q, sum, rw); err != nil {
		return nil, err
	}
	v.fillCounts(sum, lb, rw, outlets)
	if v.Notable, _, err = listItems(ctx, src, q, notableStatuses, maxNotable, lb, outlets); err != nil {
		return nil, err
	}
	awaiting, total, err := listItems(ctx, src, q, awaitingStatuses, maxAwaiting, lb, outlets)
	if err != nil {
		return nil, err
	}
	v.Awaiting = awaiting
	if total > len(awaiting) {
		v.AwaitingMore = fmt.Sprintf(rw.MoreFmt, total-len(awaiting))
	}
	return v, nil
}

// periodText is the period as the subject names it.
func periodText(q Query, rw *reportWords) string {
	dates := fmt.Sprintf(rw.PeriodFmt, q.From.Format("02/01/2006"), q.To.Format("02/01/2006"))
	if q.Period != "" && q.lang() == "vi" {
		return q.Period
	}
	return dates
}

func (v *reportView) fillFigures(ctx context.Context, src Source, q Query, sum *summary, rw *reportWords) error {
	all := index.ItemFilter{From: day(q.From), To: endOfDay(q.To), Limit: 1}
	if q.Origin != "" {
		all.Origins = []index.Origin{index.Origin(q.Origin)}
	}
	_, collected, err := src.ListItems(ctx, all)
	if err != nil {
		return fmt.Errorf("count items: %w", err)
	}
	dates := fmt.Sprintf(rw.PeriodFmt, q.From.Format("02/01/2006"), q.To.Format("02/01/2006"))
	v.Figures = fmt.Sprintf(rw.FiguresFmt, dates, collected, sum.Items, sum.BySeverity["high"], sum.BySeverity["medium"],
		sum.ByOrigin["domestic"], sum.ByOrigin["foreign"])
	awaiting := sum.ByStatus["new"] + sum.ByStatus["reviewing"] + sum.ByStatus["flagged"]
	v.StatusLine = fmt.Sprintf(rw.StatusFmt, sum.ByStatus["responded"], awaiting, sum.ByStatus["dismissed"], sum.Responses)
	return nil
}

func (v *reportView) fillCounts(sum *summary, lb *labels, rw *reportWords, outlets map[string]string) {
	for _, t := range sum.topicKeys() {
		m := sum.ByTopicOrigin[t]
		v.TopicRows = append(v.TopicRows, countRow{word(lb.topic, t), []int{m["domestic"], m["foreign"], m["domestic"] + m["foreign"]}})
	}
	v.TopicTotal = countRow{rw.Total, []int{sum.ByOrigin["domestic"], sum.ByOrigin["foreign"], sum.Items}}
	others := 0
	for i, s := range byCount(sum.BySource) {
		if i < maxSources {
			v.SourceRows = append(v.SourceRows, countRow{outlet(outlets, s), []int{sum.BySource[s]}})
		} else {
			others += sum.BySource[s]
		}
	}
	if others > 0 {
		v.SourceRows = append(v.SourceRows, countRow{rw.Others, []int{others}})
	}
}

// excerpt is the first words of an item's summary, or of its body: about
// two printed lines.
func excerpt(it *index.Item) string {
	s := strings.Join(strings.Fields(it.Summary), " ")
	if s == "" {
		s = strings.Join(strings.Fields(it.Body), " ")
	}
	const limit = 230
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)[:limit]
	if i := strings.LastIndexByte(string(r), ' '); i > limit/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}
