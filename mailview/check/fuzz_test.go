package check

import (
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

// FuzzHasMailto: hasMailto lets a list header skip mailtoInHeader only when
// the expression would find nothing in it.
func FuzzHasMailto(f *testing.F) {
	for _, s := range []string{"<mailto:list-request@example.org?subject=unsubscribe>", "<https://example.org/u>", "MAILTO:a@b", "mAiLtO:x", "mailto", "maılto:a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if mailtoInHeader.MatchString(v) && !hasMailto(v) {
			t.Fatalf("hasMailto(%q) is false, but mailtoInHeader matches", v)
		}
	})
}
