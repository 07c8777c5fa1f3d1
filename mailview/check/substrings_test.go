package check

import (
	"strings"
	"testing"
)

// checkSubstrings fails t unless s.in(text) says, for every pattern, what
// strings.Contains says, and what the search by first two bytes
// (bigramSubstrings) says.
func checkSubstrings(t *testing.T, s *substrings, text string) {
	t.Helper()
	got := s.in(text)
	old := newBigramSubstrings(s.pats).in(text)
	for i, p := range s.pats {
		if want := strings.Contains(text, p); got[i] != want || old[i] != want {
			t.Fatalf("pattern %q in %q: %v (by two bytes %v), strings.Contains says %v", p, text, got[i], old[i], want)
		}
	}
}

// The one-pass search answers as one strings.Contains per pattern would:
// patterns sharing their first bytes, one inside another, at the very
// start and end of the text, shorter than two bytes, empty, and in text
// of several scripts.
func TestSubstringsAgreesWithContains(t *testing.T) {
	s := newSubstrings([]string{"paypal", "pay", "payment", "a", "", "ap", "楽天", "楽", "team", "am", "l", "au", "ups", "paym", "teal"})
	for _, text := range []string{"", "p", "pa", "paypal", "apay", "your paypal account team", "楽天カード",
		"xx楽", "the amazon team", "pal", "paymen", "payment!", "l", "au", "xau", "ups", "xups", "up", "paym", "tea", "teal", "steal"} {
		checkSubstrings(t, s, text)
	}
	// The real lists over a mix of their own entries.
	for _, list := range []phraseList{facts().urgency, facts().lures} {
		text := ""
		for i, k := range list.keys.pats {
			if i%3 == 0 {
				text += k + " and "
			}
		}
		checkSubstrings(t, list.keys, text)
		checkSubstrings(t, list.keys, foldPhrasing("URGENT: please confirm your account was suspended, ギフトカードを買って"))
	}
	checkSubstrings(t, facts().brandNames.names, "thank you, the paypal team. © amazon.co.jp 楽天カード株式会社 apple id")
}

// Over any text and patterns, in agrees with strings.Contains.
func FuzzSubstrings(f *testing.F) {
	f.Add("pay\x00paypal\x00a\x00\x00楽天", "your paypal account 楽天")
	f.Add("ab\x00b\x00bb", "abbb")
	f.Fuzz(func(t *testing.T, pats, text string) {
		checkSubstrings(t, newSubstrings(strings.Split(pats, "\x00")), text)
	})
}

// brandFold's quick ways give what the whole fold gives: ASCII text
// left as only capitalIForL changes it, ASCII characters not looked up.
func TestBrandFoldQuickWays(t *testing.T) {
	if facts().lookalikeASCII {
		t.Fatal("confusables.txt lists an ASCII character: the quick way is off")
	}
	var all strings.Builder
	for c := 0; c < 0x80; c++ {
		all.WriteByte(byte(c))
	}
	for _, s := range []string{all.String(), "PaypaI Support", "WaIIet\tLEDGER", "Ken at Chase\r\n", "MICROSOFT IIS", "aI", "x\x00\x1fI",
		"Ｐａｙｐａｌ\u200b ΜetaМask™ a\u0301", "Аpple Ѕupport ©"} {
		if got, want := brandFold(s), brandFoldWith(s, facts().lookalike, false); got != want {
			t.Errorf("brandFold(%q) = %q, the whole fold gives %q", s, got, want)
		}
	}
}

// Over any text, brandFold's quick ways (ASCII text as it is, ASCII
// characters not looked up) give what the whole fold gives.
func FuzzBrandFold(f *testing.F) {
	f.Add("PaypaI Support")
	f.Add("Ｐａｙｐａｌ\u200b ΜetaМask™ á")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := brandFold(s), brandFoldWith(s, facts().lookalike, false); got != want {
			t.Errorf("brandFold(%q) = %q, the whole fold gives %q", s, got, want)
		}
	})
}
