package safedoc

import "testing"

// Every spelling of a vendor's URL reads as the one its server sees.
func TestCanonicalURL(t *testing.T) {
	cases := map[string]string{
		"https://ct.sendgrid.net./wf/open?upn=abc":            "https://ct.sendgrid.net/wf/open?upn=abc",
		"https://CT.SendGrid.NET../wf/%6Fpen?upn=abc":         "https://ct.sendgrid.net/wf/open?upn=abc",
		"https://ｃｔ．ｓｅｎｄｇｒｉｄ．ｎｅｔ/wf/open":                     "https://ct.sendgrid.net/wf/open",
		"https://ct.sendgrid.net:443/%77%66/open?%75pn=%61bc": "https://ct.sendgrid.net/wf/open?upn=abc",
		"https://bücher.example/a%20b?q=x%26y%3Dz":            "https://xn--bcher-kva.example/a%20b?q=x%26y%3Dz",
		"https://user:pw@t.example:8080/p":                    "https://t.example:8080/p",
		"https://ct.sendgrid.net/x/../wf/%2e/open?upn=abc":    "https://ct.sendgrid.net/wf/open?upn=abc",
		"https://ct.sendgrid.net//wf//open?upn=abc":           "https://ct.sendgrid.net/wf/open?upn=abc",
		"https://t.example/a/b/../":                           "https://t.example/a/",
		"https://t.example/a/.":                               "https://t.example/a/",
	}
	for raw, want := range cases {
		a := ParseAddress(raw)
		if a.Canonical == nil {
			t.Errorf("%s: no canonical URL", raw)
			continue
		}
		if got := a.Canonical.String(); got != want {
			t.Errorf("%s: canonical %s, want %s", raw, got, want)
		}
		if a.Parsed.String() == "" {
			t.Errorf("%s: the parsed URL was lost", raw)
		}
	}
	if a := ParseAddress("https://ct.sendgrid.net./wf/open"); a.Parsed.Host != "ct.sendgrid.net." {
		t.Errorf("the URL as written was changed: %s", a.Parsed)
	}
}
