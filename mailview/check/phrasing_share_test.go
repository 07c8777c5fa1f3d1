package check

import (
	"strings"
	"testing"

	"mailsafe/mailview/message"
)

// joinSamples are pairs of text around the line break joinFolded stands
// for: combining marks and more than 30 non-starters just after it (NFKC's
// stream-safe limit), Japanese on either side, spaces only, invalid bytes
// cut at the break, Hangul jamo that compose, a final sigma.
var joinSamples = [][2]string{
	{"", ""}, {"Acme Bank", "URGENT reply"}, {"山田", "至急"}, {"Acme", "至急"}, {"山田", "urgent"},
	{" \t", "  x"}, {"x  ", " \u3000"}, {"e", "\u0301\u0301" + strings.Repeat("\u0308", 40) + "a"},
	{strings.Repeat("\u0301", 35), "\u0327b"}, {"bad \xe3\x81", "\x81 bytes"}, {"\u1100", "\u1161"},
	{"ΟΔΟΣ", "Σ"}, {"ｱ", "ﾞ"}, {"ー", "ー"}, {"\u0085", "\u00a0"}, {"a\r", "\rb"},
}

// FuzzJoinFolded checks what joinFolded relies on: folding two texts
// around a line break is folding each and joining them.
func FuzzJoinFolded(f *testing.F) {
	for _, s := range joinSamples {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := foldPhrasing(a + "\n" + b)
		if got := joinFolded(foldPhrasing(a), foldPhrasing(b)); got != want {
			t.Fatalf("joinFolded(fold(%q), fold(%q)) = %q, want %q", a, b, got, want)
		}
	})
}

// FuzzFoldedPhrasingTexts checks the shared fold against folding each
// text as the checks did before: the subject and body for urgency, the
// names, subject and body for lures, cut at maxPhrasingText.
func FuzzFoldedPhrasingTexts(f *testing.F) {
	long := strings.Repeat("Verify your account now 至急\n", maxPhrasingText/20)
	f.Add(0, "", "", "")
	f.Add(1, "PayPal Service", "Your account is locked", "Dear customer,\nverify now")
	f.Add(2, "山田 太郎", "至急", "振込先を変更しました")
	f.Add(1, "", " ", "x")
	f.Add(1, "Bank", "", long)
	f.Add(3, "Ａｃｍｅ", strings.Repeat("S", maxPhrasingText-3), "body")
	f.Add(1, long, "subject", "body")
	f.Add(2, "x", "\u0301subject", "\u0308"+long)
	f.Fuzz(func(t *testing.T, names int, name, subject, text string) {
		v := &Mail{Subject: subject, text: text}
		for i := 0; i < names%4; i++ {
			v.From = append(v.From, message.Address{Name: strings.Repeat(name, i+1), Addr: "a@b.example"})
		}
		var parts []string
		for _, a := range v.From {
			parts = append(parts, a.Name)
		}
		wantUrgency := foldPhrasing(phrasingText(v.Subject, v.text))
		wantLures := foldPhrasing(phrasingText(append(parts, v.Subject, v.text)...))
		urgency, lures := foldedPhrasingTexts(v)
		if urgency != wantUrgency {
			t.Fatalf("urgency text differs:\n got %q\nwant %q", urgency, wantUrgency)
		}
		if lures != wantLures {
			t.Fatalf("lure text differs:\n got %q\nwant %q", lures, wantLures)
		}
	})
}
