package check

import (
	"strings"
	"testing"
)

// checkBrandFoldLower fails t unless brandFoldLower(s) is the lower case
// of brandFold(s), and the fold that looks ASCII up too agrees in lower
// case with its own lower case.
func checkBrandFoldLower(t *testing.T, s string) {
	t.Helper()
	if got, want := brandFoldLower(s), strings.ToLower(brandFold(s)); got != want {
		t.Errorf("brandFoldLower(%q) = %q, strings.ToLower(brandFold) gives %q", s, got, want)
	}
	look := facts().lookalike
	if got, want := brandFoldCase(s, look, false, true), strings.ToLower(brandFoldWith(s, look, false)); got != want {
		t.Errorf("brandFoldCase(%q, lower) = %q, strings.ToLower(brandFoldWith) gives %q", s, got, want)
	}
}

// The subject and body fold in lower case in one pass as they did in two:
// capital I read as l or lowered, other capitals, ASCII with and without
// capitals, width forms, lookalikes, marks, invalid bytes.
func TestBrandFoldLowerIsTheLowerCaseOfTheFold(t *testing.T) {
	for _, s := range []string{"", "paypal", "PaypaI Support", "WaIIet\tLEDGER", "MICROSOFT IIS", "aI", "aIB", "aI1", "Ia", "aIIIx", "x\x00\x1fI",
		"Ｐａｙｐａｌ\u200b ΜetaМask™ a\u0301", "Аpple Ѕupport ©", "ÀÉÎ İstanbul ǅ ẞ", "bad \xff\xfe utf-8 PAYPAL", "ＡＭＡＺＯＮ ＩＩ"} {
		checkBrandFoldLower(t, s)
	}
}

// Over any text, brandFoldLower is strings.ToLower(brandFold).
func FuzzBrandFoldLower(f *testing.F) {
	f.Add("PaypaI Support")
	f.Add("Ｐａｙｐａｌ\u200b ΜetaМask™ á İ")
	f.Fuzz(checkBrandFoldLower)
}
