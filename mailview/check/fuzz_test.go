package check

import (
	"regexp"
	"slices"
	"testing"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// FuzzAuthResults reads arbitrary Authentication-Results values: no panic,
// and the results it reads are the header's own words.
func FuzzAuthResults(f *testing.F) {
	for _, s := range []string{
		"mx.example.org; spf=pass smtp.mailfrom=a.example; dkim=fail (bad sig) header.d=b.example; dmarc=pass header.from=a.example",
		"i=1; mx.google.com; arc=pass", "x; dmarc = success", "(comment) ; ;", "mx; none",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, _ := parseAR(v)
		_ = a
		h := message.Parse([]byte("From: a@a.example\r\nAuthentication-Results: " + v + "\r\n\r\n")).Header
		trustedAuth(h, nil)
		trustedAuth(h, []string{"mx.example.org"})
	})
}

// FuzzUnwrap peels arbitrary link targets (nested wrappers, broken
// escapes): it must not panic.
func FuzzUnwrap(f *testing.F) {
	for _, s := range []string{
		"https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.example%2F&data=1",
		"https://urldefense.com/v3/__https://x.example/a__;!!abc$", "https://www.google.com/url?q=https://y.example/",
		"https://urldefense.proofpoint.com/v2/url?u=https-3A__z.example_&d=1", "http://%zz", "https://a.example/?utm_source=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tg := unwrapTarget(raw, safedoc.ParseAddress(raw))
		_, _ = tg.Clean(), tg.Unwrapped()
	})
}

// mailtoInHeader is how mailingList found the addresses of mailto: URLs
// before mailtoAddrs: the reference FuzzMailtoAddrs holds it to.
var mailtoInHeader = regexp.MustCompile(`(?i)mailto:([^>?,\s]+)`)

// checkMailtoAddrs fails t unless mailtoAddrs(v) is mailtoInHeader's first
// group of each match.
func checkMailtoAddrs(t *testing.T, v string) {
	t.Helper()
	var want []string
	for _, m := range mailtoInHeader.FindAllStringSubmatch(v, -1) {
		want = append(want, m[1])
	}
	if got := mailtoAddrs(v); !slices.Equal(got, want) {
		t.Fatalf("mailtoAddrs(%q) = %q, mailtoInHeader finds %q", v, got, want)
	}
}

// The addresses of a list header's mailto: URLs are what the expression
// finds: any case, up to a stop character, none when empty, several.
func TestMailtoAddrsAgreesWithTheExpression(t *testing.T) {
	for _, v := range []string{"", "<mailto:list-request@example.org?subject=unsubscribe>", "<https://example.org/u>", "MAILTO:a@b", "mAiLtO:x", "mailto", "mailto:",
		"mailto:>mailto:a", "maılto:a@b", "<mailto:a@b>, <mailto:c@d>", "mailto:mailto:x", "mailto:a\tb", "mailto:a\vb", "mailto:\xffé@b", "mailtox:a", "mailto:a b mailto:c"} {
		checkMailtoAddrs(t, v)
	}
}

// Over any header value, mailtoAddrs finds what the expression finds.
func FuzzMailtoAddrs(f *testing.F) {
	for _, s := range []string{"<mailto:list-request@example.org?subject=unsubscribe>", "<https://example.org/u>", "MAILTO:a@b", "mAiLtO:x", "mailto", "maılto:a@b"} {
		f.Add(s)
	}
	f.Fuzz(checkMailtoAddrs)
}
