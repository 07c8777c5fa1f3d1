package check

import (
	"regexp"
	"strings"
	"testing"
)

// checkPrefilters fails t unless each literal check made before a regexp
// gives what the regexp alone gives on text: the subject marks and an
// address in a display name.
func checkPrefilters(t *testing.T, text string) {
	t.Helper()
	for _, re := range []struct {
		name string
		mark func(string) string
		want func(string) string
	}{
		{"reply mark", func(s string) string { return subjectMark(replyPrefix, s) }, replyPrefix.FindString},
		{"forward mark", func(s string) string { return subjectMark(forwardPrefix, s) }, forwardPrefix.FindString},
		{"address in name", emailInName, emailInText.FindString},
	} {
		if got, want := re.mark(text), re.want(text); got != want {
			t.Errorf("%s of %q: %q, the regexp alone finds %q", re.name, text, got, want)
		}
	}
	if !strings.Contains(text, ".") && domainInText.MatchString(text) {
		t.Errorf("domainInText matches %q, which has no dot", text)
	}
}

func TestPrefiltersAgreeWithRegexps(t *testing.T) {
	for _, text := range []string{"Re: hello", " RE : x", "Fwd：x", "転送: 件名", "ſv: x", "re hello: x", "",
		"Bob <bob@example.com>", "bob at example.com", "a.b@c.de"} {
		checkPrefilters(t, text)
	}
}

func FuzzPrefilters(f *testing.F) {
	f.Add("Re: your account has been suspended")
	f.Add("Fwd： 電話に出られない")
	f.Add("John Smith john@example.com")
	f.Fuzz(func(t *testing.T, text string) {
		checkPrefilters(t, text)
	})
}

// spaceAroundEquals is the regexp tightenEquals does the work of.
var spaceAroundEquals = regexp.MustCompile(`\s*=\s*`)

func TestTightenEqualsAgreesWithRegexp(t *testing.T) {
	for _, s := range []string{"", "=", " = ", "spf = pass  dkim=\tfail", "a = = b", "a  b", "x =\r\n y", "a\v=\vb", "é = ü",
		"==  ", "  ", "mx.example.org; dmarc = success (p = none)", "\xff = \xfe"} {
		if got, want := tightenEquals(s), spaceAroundEquals.ReplaceAllString(s, "="); got != want {
			t.Errorf("tightenEquals(%q) = %q, the regexp gives %q", s, got, want)
		}
	}
}

func FuzzTightenEquals(f *testing.F) {
	f.Add("spf = pass  dkim=\tfail")
	f.Add("a = = b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tightenEquals(s), spaceAroundEquals.ReplaceAllString(s, "="); got != want {
			t.Errorf("tightenEquals(%q) = %q, the regexp gives %q", s, got, want)
		}
	})
}
