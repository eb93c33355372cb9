// Package plan is the catalogue of plans for external information work:
// the province's 2021 plan built in (kon-tum-2021.yaml, copied from the
// plan's section II task by task) and the parser for another year's plan
// in the same format.
//
// The format:
//
//	plan:
//	  id: kon-tum-2021          # slug, unique among plans
//	  title: "Kế hoạch …"
//	  number: "…/KH-UBND"       # optional
//	  issuer: "Ủy ban nhân dân tỉnh Kon Tum"   # optional
//	  year: 2021
//	tasks:
//	  - code: II.6.3            # section.task, roman section numeral
//	    title: "…"
//	    lead: "Sở Thông tin và Truyền thông"
//	    coordinating: "…"       # optional
//	    timeframe: "Thường xuyên"
package plan

import (
	_ "embed"

	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/ttdn/monitor/index"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

//go:embed kon-tum-2021.yaml
var builtin []byte

// Builtin returns the 2021 plan of Kon Tum province and its tasks.
func Builtin() (index.Plan, []index.PlanTask, error) {
	p, tasks, err := Parse(builtin)
	if err != nil {
		return index.Plan{}, nil, fmt.Errorf("built-in plan: %w", err)
	}
	return p, tasks, nil
}

// LoadFile reads and parses a plan file; errors name the file and line.
func LoadFile(path string) (index.Plan, []index.PlanTask, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return index.Plan{}, nil, fmt.Errorf("plan file: %w", err)
	}
	p, tasks, err := Parse(data)
	if err != nil {
		return index.Plan{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, tasks, nil
}

// ParseError is a fault in a plan file, at a line. It matches
// index.ErrInvalid under errors.Is.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Is makes errors.Is(err, index.ErrInvalid) true.
func (e *ParseError) Is(target error) bool { return target == index.ErrInvalid }

func errAt(n *yaml.Node, format string, args ...any) error {
	return &ParseError{Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

var (
	codeRe = regexp.MustCompile(`^[IVXLC]+\.[1-9][0-9]*(\.[1-9][0-9]*)*$`)
	idRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
)

// Parse reads a plan file. It refuses, with the line at fault, a file
// that is not YAML, an unknown key, a missing plan id, title or year, a
// task without code, title, lead or timeframe, a code not shaped like
// "II.6.3", and a code given twice.
func Parse(data []byte) (index.Plan, []index.PlanTask, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return index.Plan{}, nil, &ParseError{Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(doc.Content) == 0 {
		return index.Plan{}, nil, &ParseError{Line: 1, Msg: "empty plan file"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return index.Plan{}, nil, errAt(root, "expected a mapping with plan and tasks")
	}
	var p index.Plan
	var tasks []index.PlanTask
	var planNode, tasksNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "plan":
			planNode = v
		case "tasks":
			tasksNode = v
		default:
			return index.Plan{}, nil, errAt(k, "unknown key %q (want plan or tasks)", k.Value)
		}
	}
	if planNode == nil {
		return index.Plan{}, nil, errAt(root, "missing plan")
	}
	if tasksNode == nil {
		return index.Plan{}, nil, errAt(root, "missing tasks")
	}
	p, err := parsePlan(planNode)
	if err != nil {
		return index.Plan{}, nil, err
	}
	if tasks, err = parseTasks(tasksNode, p.ID); err != nil {
		return index.Plan{}, nil, err
	}
	return p, tasks, nil
}

// fields reads a mapping of scalar fields, refusing keys not in known
// and returning each value's node.
func fields(n *yaml.Node, what string, known ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, errAt(n, "%s: expected a mapping", what)
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contains(known, k.Value) {
			return nil, errAt(k, "%s: unknown key %q", what, k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, errAt(k, "%s: %s given twice", what, k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return nil, errAt(v, "%s: %s must be a single value", what, k.Value)
		}
		out[k.Value] = v
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// text returns a field's value, NFC and with spaces collapsed.
func text(f map[string]*yaml.Node, key string) string {
	v, ok := f[key]
	if !ok {
		return ""
	}
	return strings.Join(strings.Fields(norm.NFC.String(v.Value)), " ")
}

func parsePlan(n *yaml.Node) (index.Plan, error) {
	f, err := fields(n, "plan", "id", "title", "number", "issuer", "year")
	if err != nil {
		return index.Plan{}, err
	}
	p := index.Plan{ID: text(f, "id"), Title: text(f, "title"), Number: text(f, "number"), Issuer: text(f, "issuer")}
	switch {
	case p.ID == "":
		return p, errAt(n, "plan: id is required")
	case !idRe.MatchString(p.ID):
		return p, errAt(f["id"], "plan: id %q must be lower-case letters, digits and hyphens", p.ID)
	case p.Title == "":
		return p, errAt(n, "plan: title is required")
	case f["year"] == nil:
		return p, errAt(n, "plan: year is required")
	}
	p.Year, err = strconv.Atoi(text(f, "year"))
	if err != nil || p.Year < 1945 || p.Year > 2200 {
		return p, errAt(f["year"], "plan: year %q is not a year", text(f, "year"))
	}
	return p, nil
}

func parseTasks(n *yaml.Node, planID string) ([]index.PlanTask, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, errAt(n, "tasks: expected a list of tasks")
	}
	if len(n.Content) == 0 {
		return nil, errAt(n, "tasks: the plan has no tasks")
	}
	seen := map[string]int{}
	tasks := make([]index.PlanTask, 0, len(n.Content))
	for _, tn := range n.Content {
		f, err := fields(tn, "task", "code", "title", "lead", "coordinating", "timeframe")
		if err != nil {
			return nil, err
		}
		t := index.PlanTask{Plan: planID, Code: text(f, "code"), Title: text(f, "title"), Lead: text(f, "lead"),
			Coordinating: text(f, "coordinating"), Timeframe: text(f, "timeframe")}
		if t.Code == "" {
			return nil, errAt(tn, "task: code is required")
		}
		if !codeRe.MatchString(t.Code) {
			return nil, errAt(f["code"], "task %s: code must look like II.6.3 (a roman section, then numbers)", t.Code)
		}
		if line, dup := seen[t.Code]; dup {
			return nil, errAt(f["code"], "task %s: code already used at line %d", t.Code, line)
		}
		seen[t.Code] = f["code"].Line
		for _, req := range []struct{ key, val string }{{"title", t.Title}, {"lead", t.Lead}, {"timeframe", t.Timeframe}} {
			if req.val == "" {
				at := tn
				if v, ok := f[req.key]; ok {
					at = v
				}
				return nil, errAt(at, "task %s: %s is required", t.Code, req.key)
			}
		}
		tasks = append(tasks, t)
	}
	return tasks, nil
}
