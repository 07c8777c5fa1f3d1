package check

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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

// foldPhrasingByteAtATime is foldPhrasing as it was before it copied runs
// of ASCII that it leaves as they are: a byte at a time.
func foldPhrasingByteAtATime(s string) string {
	if !isASCII(s) { // NFKC leaves ASCII as it is
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var last rune
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, most of most mail: lower case is a byte's, and no
			// ASCII character is Japanese.
			i++
			switch c {
			case '\t', '\n', '\v', '\f', '\r', ' ':
				space = true
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if space && b.Len() > 0 && !isJapanese(last) {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			last = rune(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		r = foldRune(r)
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
	"bad \xff\xfe bytes\x80", "İstanbul ΣΑΣ ǅ", "\u00a0nbsp\u2003em\u0085nel", "ﾊﾟｽﾜｰﾄﾞ の 変更", "a\u0301 e\u0308", "tab\tvt\vff\fEND", "ABC def", "a B\tc", "日本 語 abc ＡＢＣ 漢字 X", "x\u3000Y"}

// checkFoldPhrasing fails t unless foldPhrasing(s) is what the steps give
// and what the fold a byte at a time gives.
func checkFoldPhrasing(t *testing.T, s string) {
	t.Helper()
	got := foldPhrasing(s)
	if want := foldPhrasingInSteps(s); got != want {
		t.Errorf("foldPhrasing(%q) = %q, the steps give %q", s, got, want)
	}
	if want := foldPhrasingByteAtATime(s); got != want {
		t.Errorf("foldPhrasing(%q) = %q, a byte at a time %q", s, got, want)
	}
}

func TestFoldPhrasingInOnePass(t *testing.T) {
	for _, s := range foldSamples {
		checkFoldPhrasing(t, s)
	}
}

func FuzzFoldPhrasing(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	f.Fuzz(checkFoldPhrasing)
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
