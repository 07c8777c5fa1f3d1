package check

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// guards are the guarded regexps, by name.
var guards = map[string]guardedRegexp{
	"replyPrefix": replyPrefix, "forwardPrefix": forwardPrefix, "forwardedFromLine": forwardedFromLine,
	"emailInText": emailInText, "domainInText": domainInText,
}

// checkGuards fails t unless each guarded regexp finds in text what its
// regexp alone finds: text without the characters it needs holds no match.
func checkGuards(t *testing.T, text string) {
	t.Helper()
	for name, g := range guards {
		if !g.may(text) && g.re.MatchString(text) {
			t.Errorf("%s matches %q, which holds none of %q", name, text, g.need)
		}
		if got, want := g.FindString(text), g.re.FindString(text); got != want {
			t.Errorf("%s.FindString(%q) = %q, the regexp alone finds %q", name, text, got, want)
		}
		if got, want := g.FindStringSubmatch(text), g.re.FindStringSubmatch(text); !slices.Equal(got, want) {
			t.Errorf("%s.FindStringSubmatch(%q) = %q, the regexp alone finds %q", name, text, got, want)
		}
		if got, want := g.FindAllString(text, -1), g.re.FindAllString(text, -1); !slices.Equal(got, want) {
			t.Errorf("%s.FindAllString(%q) = %q, the regexp alone finds %q", name, text, got, want)
		}
	}
}

var guardSamples = []string{"Re: hello", " RE : x", "Fwd：x", "転送: 件名", "返信：件名", "ſv: x", "re hello: x", "",
	"Bob <bob@example.com>", "bob at example.com", "a.b@c.de", "proton.me Helpdesk", "*From:* PayPal <s@pp.example>",
	"差出人：楽天カード <a@r.example>", "送信者: x", "De： Chase"}

func TestGuardsAgreeWithRegexps(t *testing.T) {
	for _, text := range guardSamples {
		checkGuards(t, text)
	}
}

func FuzzGuards(f *testing.F) {
	for _, s := range guardSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkGuards(t, text)
	})
}

// FuzzGuardMay: may answers as strings.ContainsAny of the needed
// characters, for every guard, on any text (invalid UTF-8 too).
func FuzzGuardMay(f *testing.F) {
	for _, s := range append(guardSamples, "\xef\xbc", "a\xef\xbc\x9a", "\xe3\xef\xbc\x9a", "\xef\xbc\xef\xbc\x9a", "\ufffd:", "x\xff") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for name, g := range guards {
			if got, want := g.may(text), strings.ContainsAny(text, g.need); got != want {
				t.Fatalf("%s.may(%q) = %v, strings.ContainsAny %v", name, text, got, want)
			}
		}
	})
}

// spaceAroundEquals is the regexp tightenEquals does the work of.
var spaceAroundEquals = regexp.MustCompile(`\s*=\s*`)

func TestTightenEqualsAgreesWithRegexp(t *testing.T) {
	for _, s := range []string{"", "=", " = ", "spf = pass  dkim=\tfail", "a = = b", "a  b", "x =\r\n y", "a\v=\vb", "a\f=\fb", "é = ü",
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
