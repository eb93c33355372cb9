package main

import (
	"github.com/ttdn/monitor/rules"
	"github.com/ttdn/monitor/web/report"
)

// letterhead is what heads and signs printed reports: the province
// profile's, with any field the config's report: section sets.
func (a *app) letterhead(prof *rules.Profile) report.Letterhead {
	p, c := prof.Report, a.cfg.Report
	pick := func(cfg, profile string) string {
		if cfg != "" {
			return cfg
		}
		return profile
	}
	lh := report.Letterhead{
		ParentBody:      pick(c.ParentBody, p.ParentBody),
		IssuingBody:     pick(c.IssuingBody, p.IssuingBody),
		NumberPrefix:    pick(c.NumberPrefix, p.NumberPrefix),
		Place:           pick(c.Place, p.Place),
		Area:            pick(c.Area, p.Area),
		SignerAuthority: pick(c.SignerAuthority, p.SignerAuthority),
		SignerTitle:     pick(c.SignerTitle, p.SignerTitle),
		SignerName:      pick(c.SignerName, p.SignerName),
		Recipients:      p.Recipients,
	}
	if len(c.Recipients) > 0 {
		lh.Recipients = c.Recipients
	}
	return lh
}
