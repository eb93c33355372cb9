package main

import (
	"io"
	"log/slog"

	"github.com/schollz/progressbar/v3"
)

// progress reports long work: a bar on a terminal, a log line every 10 %
// otherwise. The returned func takes the number of units done so far.
type progress struct {
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	desc  string
	total int
	step  int
}

func newProgress(w io.Writer, log *slog.Logger, desc string, total int) *progress {
	p := &progress{log: log, desc: desc, total: total}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// Set records that done units are finished.
func (p *progress) Set(done int) {
	if p.bar != nil {
		_ = p.bar.Set(done)
		return
	}
	if p.total <= 0 {
		return
	}
	if step := done * 10 / p.total; step > p.step || done == p.total {
		p.step = step
		p.log.Info(p.desc, "done", done, "total", p.total)
	}
}

// Finish ends the bar.
func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
