package beacon

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// BenchmarkClassify classifies 10,000 URLs against the full embedded rule
// set: one tracker URL per rule (host and path), the rest ordinary content
// and link URLs. It reports ns per URL.
func BenchmarkClassify(b *testing.B) {
	rs := Default()
	var urls []*url.URL
	for i := 0; len(urls) < 10000; i++ {
		var raw string
		if r := rs.rules[i%len(rs.rules)]; i < len(rs.rules)*2 && len(r.Hosts) > 0 {
			path := "/pixel.gif"
			if len(r.Paths) > 0 {
				path = fragmentPath(r.Paths[0])
			}
			raw = fmt.Sprintf("https://mail%d.%s%s?u=%d", i, r.Hosts[0], path, i)
		} else if len(r.Paths) > 0 && i%7 == 0 {
			raw = fmt.Sprintf("https://email.shop%d.example%s8f14e45fceea167a5a36dedd4bea%04d", i, fragmentPath(r.Paths[0]), i)
		} else {
			raw = fmt.Sprintf("https://cdn%d.shop%d.example/images/products/item-%d.jpg?w=600", i%13, i%101, i)
		}
		u, err := url.Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		urls = append(urls, u)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, u := range urls {
			rs.Classify(u)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(urls)), "ns/URL")
}

// fragmentPath turns a rule fragment into a path that matches it.
func fragmentPath(f string) string {
	f = strings.TrimPrefix(f, "^")
	if strings.HasPrefix(f, "?") {
		return "/x" + f
	}
	return f
}
