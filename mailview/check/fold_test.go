package check

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldPhrasingInSteps is foldPhrasing as it was first written, one step
// after another (NFKC, lower case, katakana, spacing): the one-pass fold
// must give the same text.
func foldPhrasingInSteps(s string) string {
	s = strings.Map(func(r rune) rune {
		if 'ァ' <= r && r <= 'ヶ' {
			return r - 'ァ' + 'ぁ'
		}
		return r
	}, strings.ToLower(norm.NFKC.String(s)))
	var b strings.Builder
	space := false
	var last rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 && !isJapanese(last) && !isJapanese(r) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

var foldSamples = []string{"", "URGENT:  Please\r\n reply", "ＵＲＧＥＮＴ ｼｷｭｳ ギフト カードを\u3000買って", "振込先を\r\n変更しました",
	"bad \xff\xfe bytes\x80", "İstanbul ΣΑΣ ǅ", "\u00a0nbsp\u2003em\u0085nel", "ﾊﾟｽﾜｰﾄﾞ の 変更", "a\u0301 e\u0308", "tab\tvt\vff\fEND"}

func TestFoldPhrasingInOnePass(t *testing.T) {
	for _, s := range foldSamples {
		if got, want := foldPhrasing(s), foldPhrasingInSteps(s); got != want {
			t.Errorf("foldPhrasing(%q) = %q, the steps give %q", s, got, want)
		}
	}
}

func FuzzFoldPhrasing(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldPhrasing(s), foldPhrasingInSteps(s); got != want {
			t.Errorf("foldPhrasing(%q) = %q, the steps give %q", s, got, want)
		}
	})
}

// lastRune gives the last of the characters a conversion to []rune gives,
// broken UTF-8 included.
func TestLastRune(t *testing.T) {
	for _, s := range append(foldSamples, "x", "日本", "ab\xe3\x81", "\xe3\x81\x82", "\x82", "a\xf0\x9f\x98", "😀") {
		want := rune(0)
		if r := []rune(s); len(r) > 0 {
			want = r[len(r)-1]
		}
		if got := lastRune(s); got != want {
			t.Errorf("lastRune(%q) = %U, want %U", s, got, want)
		}
	}
}
