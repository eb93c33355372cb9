package report

// neutralise makes a CSV cell safe to open in a spreadsheet (OWASP "CSV
// injection"): text starting with = + - @, a tab or a carriage return gets
// a leading single quote, which spreadsheets show as text and never
// evaluate. Other text is returned unchanged.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
