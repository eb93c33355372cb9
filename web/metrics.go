package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   prometheus.Histogram
	logins   *prometheus.CounterVec
	handler  http.Handler
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ttdn_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ttdn_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
		search: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "ttdn_search_duration_seconds", Help: "Search index query latency.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ttdn_logins_total", Help: "Login attempts by outcome.",
		}, []string{"outcome"}),
	}
	for _, col := range []prometheus.Collector{m.requests, m.latency, m.search, m.logins} {
		if err := reg.Register(col); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return m, nil
}

func (s *Server) serveMetrics(c *gin.Context) { s.metrics.handler.ServeHTTP(c.Writer, c.Request) }

// healthz answers as long as the process serves HTTP.
func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz pings the store and the search index.
func (s *Server) readyz(c *gin.Context) {
	ctx := c.Request.Context()
	if _, err := s.deps.Archive.CountUsers(ctx); err != nil {
		s.log.Warn("readyz: store", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "store unavailable"})
		return
	}
	if _, err := s.deps.Search.Search(ctx, searchPing()); err != nil {
		s.log.Warn("readyz: search", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "search unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
