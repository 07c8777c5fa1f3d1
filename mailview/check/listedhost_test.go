package check

import (
	"slices"
	"strings"
	"testing"
)

// referenceListedHost is listedHost as it was before beacon.NameSuffix:
// every suffix of the host looked up, each hashed whole (quadratic in a
// host of many labels). Kept to check that the bound drops no match.
func referenceListedHost(hosts map[string]bool, host string) bool {
	for h := host; h != ""; {
		if hosts[h] {
			return true
		}
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			return false
		}
		h = h[dot+1:]
	}
	return false
}

// listedHost answers as the reference for any host, whatever is prepended
// to a listed shortener or content host.
func FuzzListedHost(f *testing.F) {
	lists := []map[string]bool{facts().shorteners, facts().contentHosts}
	var hosts []string
	for _, l := range lists {
		for h := range l {
			hosts = append(hosts, h)
		}
	}
	slices.Sort(hosts)
	f.Add("www.", uint(0))
	f.Add(strings.Repeat("a.", 200), uint(3))
	f.Add(strings.Repeat("x", 300)+".", uint(7))
	f.Fuzz(func(t *testing.T, prefix string, i uint) {
		for _, host := range []string{prefix + hosts[i%uint(len(hosts))], prefix} {
			for _, l := range lists {
				if got, want := listedHost(l, host), referenceListedHost(l, host); got != want {
					t.Errorf("listedHost(%q) = %v, reference %v", host, got, want)
				}
			}
		}
	})
}
