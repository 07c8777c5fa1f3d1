package safedoc

import (
	"strings"
	"testing"
	"unicode"
)

// countWords counts what strings.FieldsFunc splits out at everything but
// letters and digits, up to its limit, and a word cut in two pieces once;
// in Japanese, a word for every two characters.
func TestCountWords(t *testing.T) {
	spacelessWords := map[string]int{
		"日本語のテキスト 123":      4 + 1,
		"人気のマグカップが最大30%オフ。": 6 + 1 + 1, // 人気のマグカ ップが最大 (12 characters), 30, オフ
		"冬のセールabc開催中":       3 + 1 + 2, // 冬のセール (5 characters), abc, 開催中
	}
	for _, s := range []string{"one two, three", "  lead and trail  ", "日本語のテキスト 123", "人気のマグカップが最大30%オフ。", "冬のセールabc開催中",
		"a\xffb", "", "Ünïcödé wörds, 42 of them", "x"} {
		want := len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if n, ok := spacelessWords[s]; ok {
			want = n
		}
		if got, _ := countWords(s, outsideWord, 1000); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
		if got, _ := countWords(s, outsideWord, 1); got != min(want, 1) {
			t.Errorf("countWords(%q) up to 1 = %d", s, got)
		}
		for cut := range len(s) + 1 {
			a, in := countWords(s[:cut], outsideWord, 1000)
			b, _ := countWords(s[cut:], in, 1000)
			if a+b != want && utf8Boundary(s, cut) {
				t.Errorf("countWords(%q) cut at %d: %d+%d, want %d", s, cut, a, b, want)
			}
		}
	}
}

func utf8Boundary(s string, i int) bool { return i == len(s) || i == 0 || s[i]&0xC0 != 0x80 }

// The excerpt is the text's first and last n bytes around a line break (or
// the whole text when short), however the text is written in pieces.
func TestExcerptWriterKeepsTheStartAndTheEndOfAnyPieces(t *testing.T) {
	text := strings.Repeat("0123456789abcdefghij", 40) // 800 bytes
	for _, n := range []int{0, 1, 7, 100, 399, 400, 800} {
		want := text
		if len(text) > 2*n+1 {
			want = text[:n] + "\n" + text[len(text)-n:]
		}
		for _, piece := range []int{1, 3, 50, 399, 801} {
			x := excerptWriter{n: n}
			for rest := text; rest != ""; {
				k := min(piece, len(rest))
				x.WriteString(rest[:k])
				rest = rest[k:]
			}
			if got := x.String(); got != want {
				t.Errorf("n %d, pieces of %d: excerpt %q, want %q", n, piece, got, want)
			}
		}
	}
}
