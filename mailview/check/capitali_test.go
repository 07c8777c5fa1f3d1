package check

import (
	"strings"
	"testing"
	"unicode"
)

// capitalIForLRunes is capitalIForL as it was first written, over a copy
// of the text in runes: the byte version must give the same text.
func capitalIForLRunes(s string) string {
	if !strings.Contains(s, "I") {
		return s
	}
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if r[i] != 'I' || !unicode.IsLower(r[i-1]) {
			continue
		}
		j := i
		for j < len(r) && r[j] == 'I' {
			j++
		}
		if j == len(r) || unicode.IsLower(r[j]) || !unicode.IsLetter(r[j]) {
			for k := i; k < j; k++ {
				r[k] = 'l'
			}
		}
		i = j
	}
	return string(r)
}

func TestCapitalIForL(t *testing.T) {
	for in, want := range map[string]string{
		"Trust WaIIet": "Trust Wallet", "PaypaI": "Paypal", "PaypaI.": "Paypal.", "IBM": "IBM", "AIIen": "AIIen",
		"maIIIy": "mallly", "IIa": "IIa", "aIb": "alb", "aIB": "aIB", "éII ü": "éll ü", "no capital i": "no capital i",
		"bad\xffI": "bad\uFFFDI", "a\xffIb": "a\uFFFDIb", "\xff": "\xff",
	} {
		if got := capitalIForL(in); got != want {
			t.Errorf("capitalIForL(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCapitalIForL compares capitalIForL with the rune version it
// replaced.
func FuzzCapitalIForL(f *testing.F) {
	for _, s := range []string{"", "I", "aI", "WaIIet", "PaypaI", "aIIb", "aII1", "aIIB", "ǆI", "ßIIé", "a\xffI", "\xe3\x81I", "İI", "ıIx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := capitalIForL(s), capitalIForLRunes(s); got != want {
			t.Fatalf("capitalIForL(%q) = %q, want %q", s, got, want)
		}
	})
}
