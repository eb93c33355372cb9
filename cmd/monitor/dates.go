package main

import (
	"fmt"
	"time"
)

// vietnam is Asia/Ho_Chi_Minh, or a fixed UTC+7 where the system has no
// zone database.
func vietnam() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// parseDay parses a YYYY-MM-DD flag value; the flag name goes in the error.
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, vietnam())
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s: %q is not a date (YYYY-MM-DD)", flag, s)
	}
	return t, nil
}
