package index

// Plan is one year's plan for external information work.
type Plan struct {
	ID     string `json:"id" yaml:"id"` // e.g. "kon-tum-2021"
	Title  string `json:"title" yaml:"title"`
	Number string `json:"number,omitempty" yaml:"number,omitempty"` // e.g. "Kế hoạch số 123/KH-UBND"
	Issuer string `json:"issuer,omitempty" yaml:"issuer,omitempty"`
	Year   int    `json:"year" yaml:"year"`
}

// PlanTask is one task of a plan, worded as the plan words it.
type PlanTask struct {
	Plan         string `json:"plan" yaml:"-"`
	Code         string `json:"code" yaml:"code"` // e.g. "II.6.3"
	Title        string `json:"title" yaml:"title"`
	Lead         string `json:"lead" yaml:"lead"`
	Coordinating string `json:"coordinating,omitempty" yaml:"coordinating,omitempty"`
	Timeframe    string `json:"timeframe" yaml:"timeframe"` // e.g. "Quý III/2021", "Thường xuyên"
	Responses    int    `json:"responses" yaml:"-"`         // filled by listings
	Items        int    `json:"items" yaml:"-"`
}
