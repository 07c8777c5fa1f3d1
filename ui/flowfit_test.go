package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fit finds, from the widths of single letters checked on the prefix, the
// cut a search over every prefix finds: the longest prefix that fits, and
// at least nothing of a width that holds no letter.
func TestFitIsTheLongestPrefixThatFits(t *testing.T) {
	test.NewTempApp(t)
	words := []string{
		"https://www.example.com/path/13/item?ref=abc13&utm_source=newsletter&utm_medium=email",
		"AVAVAVAVAVWAWAWAToToToTo", "iiiiiiiiiiiiiiiiiiiWWWWWWWWW",
		"東京都千代田区丸の内一丁目のお知らせについてのご案内です",
		"مرحبابكمفيموقعنا", "e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", "ﬁﬂﬁﬂﬁﬂﬁﬂ",
	}
	f := newFlowText([]flowRun{{text: "x", style: widget.RichTextStyleInline}})
	r := f.CreateRenderer().(*flowRenderer)
	for _, word := range words {
		rs := []rune(word)
		full := r.measure(word, 0).Width
		for _, w := range []float32{0, 3, 20, 57, 100, full / 3, full / 2, full - 1, full, full + 10} {
			want := 0
			for k := 1; k <= len(rs); k++ {
				if r.measure(string(rs[:k]), 0).Width <= w {
					want = k
				}
			}
			got := r.fit(rs, 0, w)
			fits := func(k int) bool { return r.measure(string(rs[:k]), 0).Width <= w }
			switch {
			case want == 0 && got != 0, want > 0 && got == 0:
				t.Errorf("fit(%q, %.1f) = %d, want %d", word, w, got, want)
			case got > 0 && (!fits(got) || got < len(rs) && fits(got+1)):
				// Shaping may make a prefix narrower than a shorter one; the
				// cut must still fit, with the next letter not fitting.
				t.Errorf("fit(%q, %.1f) = %d (%.1f wide), want %d", word, w, got, r.measure(string(rs[:got]), 0).Width, want)
			}
		}
	}
}
