package report

import (
	"cmp"
	"maps"
	"slices"

	"github.com/ttdn/monitor/index"
)

// summary counts the flagged items and responses of one export. Its maps
// are keyed by topic, source, task, kind and status: small sets however
// many items there are.
type summary struct {
	Items            int
	ByOrigin         map[string]int
	ByTopicOrigin    map[string]map[string]int // topic → origin → items
	BySource         map[string]int
	ByStatus         map[string]int
	BySeverity       map[string]int
	ItemsByTask      map[string]int            // task → items answered under it
	Responses        int                       // responses dated in the period
	RespByKindStatus map[string]map[string]int // kind → status → responses
	RespByTask       map[string]int
}

func newSummary() *summary {
	return &summary{
		ByOrigin: map[string]int{}, ByTopicOrigin: map[string]map[string]int{}, BySource: map[string]int{},
		ByStatus: map[string]int{}, BySeverity: map[string]int{}, ItemsByTask: map[string]int{},
		RespByKindStatus: map[string]map[string]int{}, RespByTask: map[string]int{},
	}
}

// addItem counts one flagged item; refs are the responses linked to it.
func (s *summary) addItem(it *index.Item, refs []respRef) {
	s.Items++
	o := string(it.Origin)
	s.ByOrigin[o]++
	for _, t := range it.Topics {
		inc(s.ByTopicOrigin, t, o)
	}
	s.BySource[it.Source]++
	s.ByStatus[string(it.Status)]++
	s.BySeverity[string(it.Severity)]++
	var tasks []string
	for _, r := range refs {
		if !slices.Contains(tasks, r.task) {
			tasks = append(tasks, r.task)
			s.ItemsByTask[r.task]++
		}
	}
}

// addResponse counts one response dated in the period.
func (s *summary) addResponse(r *index.Response) {
	s.Responses++
	inc(s.RespByKindStatus, string(r.Kind), string(r.Status))
	s.RespByTask[r.Task]++
}

func inc(m map[string]map[string]int, a, b string) {
	if m[a] == nil {
		m[a] = map[string]int{}
	}
	m[a][b]++
}

// byCount lists m's keys, largest count first, then by key.
func byCount(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
	})
	return keys
}

// topicKeys lists the topics counted, the built-in ones first in their
// usual order, then the others by name.
func (s *summary) topicKeys() []string {
	order := []string{"border", "human_rights", "religion", "province"}
	keys := slices.Collect(maps.Keys(s.ByTopicOrigin))
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := slices.Index(order, a), slices.Index(order, b)
		if ia < 0 {
			ia = len(order)
		}
		if ib < 0 {
			ib = len(order)
		}
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(a, b))
	})
	return keys
}

// taskKeys lists every task with items or responses, in plan order (codes
// compared part by part).
func (s *summary) taskKeys() []string {
	set := map[string]bool{}
	for k := range s.ItemsByTask {
		set[k] = true
	}
	for k := range s.RespByTask {
		set[k] = true
	}
	keys := slices.Collect(maps.Keys(set))
	slices.SortFunc(keys, compareTaskCodes)
	return keys
}
