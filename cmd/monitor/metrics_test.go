package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// checkMetrics wants /metrics of a running serve to expose what an
// operator watches: crawls and ingested items by outcome, rule-matching
// time, failing sources and the queue's size.
func checkMetrics(t *testing.T, base string) {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", res.Status)
	}
	for _, want := range []string{
		"monitor_source_crawls_total{", "monitor_items_ingested_total{outcome=\"created\"}",
		"monitor_rule_matching_seconds_count", "monitor_sources_failing ", "monitor_queue_items ",
		"ttdn_search_duration_seconds", "monitor_fetch_seconds_count{outcome=\"2xx\"}",
		"monitor_extraction_seconds_count",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(body), "monitor_queue_items 0\n") {
		t.Error("/metrics reports an empty queue while flagged items are waiting")
	}
}
