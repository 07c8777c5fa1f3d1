package message

import (
	"strings"
	"testing"
	"unicode"
)

// isBy and isFrom rest on no rune but b, y, f, r, o, m and their capitals
// folding to those letters: true for every rune, as Unicode folds today.
func TestKeywordFolds(t *testing.T) {
	for _, c := range "byfrom" {
		for r := unicode.SimpleFold(c); r != c; r = unicode.SimpleFold(r) {
			if r != unicode.ToUpper(c) {
				t.Errorf("%q folds to %q: isBy/isFrom must use strings.EqualFold", r, c)
			}
		}
	}
	for _, w := range []string{"by", "BY", "bY", "from", "FROM", "fRoM", "b", "byy", "fro", "frm", "ｂｙ", "", "\xffy", "cy", "by\x00"} {
		if isBy(w) != strings.EqualFold(w, "by") || isFrom(w) != strings.EqualFold(w, "from") {
			t.Errorf("isBy/isFrom(%q) = %v %v", w, isBy(w), isFrom(w))
		}
	}
}
