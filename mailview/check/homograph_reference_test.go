package check

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/idna"
)

// homographEveryLabel is the earlier homograph, which read every label of
// an ASCII host too: homograph must judge every host as it did.
func homographEveryLabel(host string) string {
	uni := host
	if strings.Contains(host, "xn--") {
		if u, err := idna.Lookup.ToUnicode(host); err == nil {
			uni = u
		}
	}
	lk := facts().lookalike
	for _, label := range strings.Split(uni, ".") {
		var latin, cyrillic, greek, other int
		skeleton := []rune{}
		for _, r := range label {
			switch {
			case r < 0x80:
				if unicode.IsLetter(r) {
					latin++
				}
				skeleton = append(skeleton, r)
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Greek, r):
				greek++
			default:
				other++
			}
			if l, ok := lk[r]; ok {
				skeleton = append(skeleton, l)
			} else if r >= 0x80 {
				skeleton = append(skeleton, r)
			}
		}
		switch {
		case latin > 0 && (cyrillic > 0 || greek > 0), cyrillic > 0 && greek > 0:
			return fmt.Sprintf("%q mixes Latin with Cyrillic or Greek letters, reads as %q", label, string(skeleton))
		case (cyrillic > 0 || greek > 0) && other == 0 && allLookalike(label, lk):
			return fmt.Sprintf("%q is written in look-alike letters, reads as %q", label, string(skeleton))
		}
	}
	return ""
}

var homographSamples = []string{"example.com", "xn--80ak6aa92e.com", "аррӏе.com", "paypal.com", "pаypal.com", "παypal.com",
	"日本.jp", "xn--wgv71a.jp", "xn--.com", "\xff.com", "ex\u0430mple.xn--p1ai", "", ".", "a..b", "ΑΒΓ.com", "аaa"}

func TestHomographAsEveryLabel(t *testing.T) {
	for _, h := range homographSamples {
		homographAgrees(t, h)
	}
}

func homographAgrees(t *testing.T, host string) {
	if got, want := homograph(host), homographEveryLabel(host); got != want {
		t.Fatalf("homograph(%q) = %q, reading every label %q", host, got, want)
	}
}

func FuzzHomograph(f *testing.F) {
	for _, h := range homographSamples {
		f.Add(h)
	}
	f.Fuzz(homographAgrees)
}
