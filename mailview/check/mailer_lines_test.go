package check

import (
	"slices"
	"strings"
	"testing"
)

// splitLast is how claimedMailer picked the lines before lastLines.
func splitLast(s string, n int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

// FuzzLastLines compares lastLines with splitting the whole text.
func FuzzLastLines(f *testing.F) {
	for _, s := range []string{"", "\n", "one", "a\nb", strings.Repeat("line\n", 14), strings.Repeat("line\n", 15),
		strings.Repeat("x\n", 16) + "Sent from my iPhone", "\n\n\n", "a\n\nb\n"} {
		f.Add(s, 15)
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 40 {
			return
		}
		if got, want := lastLines(s, n), splitLast(s, n); !slices.Equal(got, want) {
			t.Fatalf("lastLines(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

func TestClaimedMailerReadsTheLastLines(t *testing.T) {
	body := "Sent from my BlackBerry\n" + strings.Repeat("quoted\n", 15) + "ＳＥＮＴ ｆｒｏｍ my iPhone\n\n"
	if line, mailer := claimedMailer(body); mailer != mailerIOS || line != "ＳＥＮＴ ｆｒｏｍ my iPhone" {
		t.Errorf("claimedMailer = %q, %q; want the full-width iPhone sign-off", line, mailer)
	}
	if _, mailer := claimedMailer("Sent from my BlackBerry\n" + strings.Repeat("quoted\n", 15)); mailer != "" {
		t.Errorf("a sign-off 16 lines from the end was read: %q", mailer)
	}
}
