package check

import (
	"testing"
)

var homographSamples = []string{"example.com", "xn--80ak6aa92e.com", "аррӏе.com", "paypal.com", "pаypal.com", "παypal.com",
	"日本.jp", "xn--wgv71a.jp", "xn--.com", "\xff.com", "ex\u0430mple.xn--p1ai", "", ".", "a..b", "ΑΒΓ.com", "аaa"}

func TestHomographAsEveryLabel(t *testing.T) {
	for _, h := range homographSamples {
		homographAgrees(t, h)
	}
}

func homographAgrees(t *testing.T, host string) {
	if got, want := homograph(host), lookalikeLabel(unicodeHost(host)); got != want {
		t.Fatalf("homograph(%q) = %q, reading every label without the ASCII test %q", host, got, want)
	}
}

func FuzzHomograph(f *testing.F) {
	for _, h := range homographSamples {
		f.Add(h)
	}
	f.Fuzz(homographAgrees)
}
