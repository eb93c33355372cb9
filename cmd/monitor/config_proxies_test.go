package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConfigTrustedProxies: trusted_proxies takes IPs and CIDR ranges,
// and a bad entry names its line and key like every other config error.
func TestConfigTrustedProxies(t *testing.T) {
	dir := t.TempDir()
	cfg, err := LoadConfig(writeConfig(t, dir, "addr: 127.0.0.1:8080\ntrusted_proxies: [127.0.0.1, \"::1\", 10.0.0.0/8]\n"))
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if diff := cmp.Diff([]string{"127.0.0.1", "::1", "10.0.0.0/8"}, cfg.TrustedProxies); diff != "" {
		t.Errorf("trusted_proxies (-want +got):\n%s", diff)
	}
	if DefaultConfig().TrustedProxies != nil {
		t.Error("the default trusts a proxy; want none")
	}
	for _, tt := range []struct {
		name, yaml string
		want       []string
	}{
		{"host name", "trusted_proxies:\n  - 127.0.0.1\n  - localhost\n", []string{"line 3", "trusted_proxies[1]", `"localhost"`, "not an IP address or CIDR range"}},
		{"address with port", "trusted_proxies: [127.0.0.1:80]\n", []string{"line 1", "trusted_proxies[0]", `"127.0.0.1:80"`}},
		{"bad range", "data: ./data\ntrusted_proxies:\n  - 10.0.0.0/40\n", []string{"line 3", "trusted_proxies[0]", `"10.0.0.0/40"`}},
		{"every address", "trusted_proxies: [0.0.0.0/0]\n", []string{"line 1", "trusted_proxies[0]", "every address"}},
		{"not a list", "trusted_proxies: 127.0.0.1\n", []string{"line 1", "trusted_proxies", "list"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, dir, tt.yaml)
			_, err := LoadConfig(path)
			if err == nil {
				t.Fatalf("LoadConfig accepted:\n%s", tt.yaml)
			}
			for _, want := range append([]string{"config " + path + ":"}, tt.want...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}
