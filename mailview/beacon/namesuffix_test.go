package beacon

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// referenceHostRules is hostRules as it was before NameSuffix: every
// suffix of the host looked up, each hashed whole (quadratic in a host of
// many labels). Kept to check that NameSuffix drops no match.
func referenceHostRules(rs *Rules, host string) []int {
	var out []int
	for h := host; h != ""; {
		out = append(out, rs.byHost[h]...)
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			break
		}
		h = h[dot+1:]
	}
	return out
}

func TestNameSuffix(t *testing.T) {
	long := strings.Repeat("a.", 100_000) + "ct.sendgrid.net"
	for _, tc := range []struct{ host, want string }{
		{"ct.sendgrid.net", "ct.sendgrid.net"},
		{"", ""},
		{strings.Repeat("x", 253), strings.Repeat("x", 253)},
		{strings.Repeat("x", 254), ""},
		{"b." + strings.Repeat("x", 251) + ".c", strings.Repeat("x", 251) + ".c"},
		{"bb." + strings.Repeat("x", 251), strings.Repeat("x", 251)},
	} {
		if got := NameSuffix(tc.host); got != tc.want {
			t.Errorf("NameSuffix(%.20q… %d bytes) = %.20q… (%d bytes), want %d bytes", tc.host, len(tc.host), got, len(got), len(tc.want))
		}
	}
	got := NameSuffix(long)
	if len(got) > MaxHostName || !strings.HasSuffix(long, got) || long[len(long)-len(got)-1] != '.' {
		t.Errorf("NameSuffix of a 200 KB host: %d bytes, not a label-aligned suffix of at most %d", len(got), MaxHostName)
	}
}

// A tracker's host under 100,000 labels is still the tracker's.
func TestTrackerUnderAHostOfManyLabels(t *testing.T) {
	u, err := url.Parse("https://" + strings.Repeat("a.", 100_000) + "ct.sendgrid.net/wf/open?upn=abc")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := Default().NewClassifier().Classify(u); !ok {
		t.Errorf("ct.sendgrid.net under 100,000 labels is not classified as a tracker")
	}
}

// hostRules finds the same rules as the reference for any host, whatever
// is prepended to a listed host.
func FuzzHostRules(f *testing.F) {
	rs := Default()
	hosts := make([]string, 0, len(rs.byHost))
	for h := range rs.byHost {
		hosts = append(hosts, h)
	}
	slices.Sort(hosts)
	f.Add("www.", uint(0))
	f.Add(strings.Repeat("a.", 200), uint(3))
	f.Add(strings.Repeat("x", 300)+".", uint(7))
	f.Fuzz(func(t *testing.T, prefix string, i uint) {
		host := prefix + hosts[i%uint(len(hosts))]
		if got, want := rs.hostRules(host), referenceHostRules(rs, host); !slices.Equal(got, want) {
			t.Errorf("hostRules(%q) = %v, reference %v", host, got, want)
		}
		if got, want := rs.hostRules(prefix), referenceHostRules(rs, prefix); !slices.Equal(got, want) {
			t.Errorf("hostRules(%q) = %v, reference %v", prefix, got, want)
		}
	})
}
