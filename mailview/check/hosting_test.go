package check

import "testing"

// Shared services match their own name and every name below it, "*" one
// label; lookalike endings do not match.
func TestHostedOn(t *testing.T) {
	for host, want := range map[string]string{
		"claim-1.firebaseapp.com":                     "firebaseapp.com",
		"bucket.s3.us-east-2.amazonaws.com":           "s3.*.amazonaws.com",
		"s3.amazonaws.com":                            "s3.amazonaws.com",
		"ec2-3-1-2-4.us-east-2.compute.amazonaws.com": "compute.amazonaws.com",
		"i.imgur.com":                                 "imgur.com",
		"FORMS.OFFICE.COM":                            "forms.office.com",
		"pcpilrjf.zendesk.com":                        "*.zendesk.com", // a help desk's name
		"zendesk.com":                                 "",              // the company's own mail
		"us-east4-p.cloudfunctions.net":               "cloudfunctions.net",
		"notfirebaseapp.com":                          "",
		"firebaseapp.com.evil.example":                "",
		"mail.amazonaws.com":                          "",
		"":                                            "",
	} {
		s, ok := hostedOn(host, hostSite, hostStorage, hostForm, hostImage)
		if got := s.name; !ok && got != "" || got != want {
			t.Errorf("hostedOn(%q) = %q, want %q", host, got, want)
		}
	}
}

// A link is counted once: a shortener's own host (forms.gle) is in
// shorteners.txt, not also in hosting.txt, which hostingFindings relies on.
func TestShortenersAreNotHosting(t *testing.T) {
	for h := range facts().shorteners {
		if s, ok := hostedOn(h, hostSite, hostStorage, hostForm, hostImage); ok {
			t.Errorf("%s is in shorteners.txt and, as %s, in hosting.txt: list it in one", h, s.name)
		}
	}
}

// A domain in a display name counts when it could be a site's name, not a
// person's initials and surname.
func TestNameDomain(t *testing.T) {
	for _, c := range []struct{ name, from, want string }{
		{"proton.me Helpdesk", "school.example", "proton.me"},
		{"[Carrefour.es]", "casadibambola.com", "carrefour.es"},
		{"Amazon.co.jp", "amazon.co.jp", ""},
		{"Craig R.Hughes", "deersoft.com", ""}, // .hughes is a brand TLD; "R" an initial
		{"Version 2.0 team", "example.com", ""},
		{"Booking.com", "booking.com", ""},
	} {
		if got := nameDomain(c.name, c.from); got != c.want {
			t.Errorf("nameDomain(%q, %q) = %q, want %q", c.name, c.from, got, c.want)
		}
	}
}
