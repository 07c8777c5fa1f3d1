package mailview

import (
	"mailsafe/mailview/check"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// checkCases pairs a mail that should fire every link and attachment id
// with a legitimate look-alike that must stay silent.
var checkCases = []struct {
	file     string
	ids      []check.ID // exactly the findings expected
	evidence []string   // lines that must appear in some finding's evidence
}{
	{
		file: "phish-links-attachments.eml",
		ids: []check.ID{check.FindingLinkMismatch, check.FindingLinkIP, check.FindingLinkHomograph, check.FindingLinkShortener, check.FindingFormInMail,
			check.FindingAttachmentRTLO, check.FindingAttachmentDangerous, check.FindingAttachmentDoubleExt, check.FindingAttachmentMacro, check.FindingAttachmentTypeMismatch, check.FindingLureLanguage},
		evidence: []string{
			"shows www.mybank.example, goes to 203.0.113.77",
			"decimal form of 203.0.113.77", "hexadecimal form of 203.0.113.77",
			`"аррӏе" is written in look-alike letters, reads as "appie"`,
			`"bit.ly/3xYzAbC" → https://bit.ly/3xYzAbC`,
			"https://collect.badsite.example/steal",
			`"report\u202eFDP.exe" (application/octet-stream): shows as reportexe.PDF`,
			`"invoice.pdf.exe" (application/octet-stream): looks like .pdf, is .exe`,
			`"setup.scr" (application/octet-stream): .scr runs code when opened`,
			`"minutes.docm"`, `"statement.docx"`, // a macro in a file named like a macro-free one
			`"scan.pdf" (application/pdf): named as pdf, content is executable`,
			`"photo.jpg" (image/jpeg): named as image, content is zip`,
		},
	},
	{
		// A web page and an SVG attached: they open in the browser; the
		// page's sign-in form is searched too (every part that renders is).
		file:     "attachment-html.eml",
		ids:      []check.ID{check.FindingAttachmentHTML, check.FindingFormInMail},
		evidence: []string{`"Play_Voicemail.html" (text/html): opens in the browser`, `"message.svg" (image/svg+xml): opens in the browser`},
	},
	{
		file: "legit-links-attachments.eml",
		ids:  []check.ID{check.FindingClickTracking}, // an ESP's redirector is worth knowing, not a threat
	},
	{
		// A colleague's plain links, rewritten by Microsoft Safe Links: the
		// wrapper's host is not a mismatch.
		file: "links-safelinks-colleague.eml",
		ids:  nil,
	},
	{
		// Proofpoint URL Defense v2 and v3 and a Google redirect around honest links.
		file: "links-proofpoint-google.eml",
		ids:  nil,
	},
	{
		// Phishing behind Safe Links: unwrapped, its target still differs from its text.
		file: "links-safelinks-phish.eml",
		ids:  []check.ID{check.FindingLinkMismatch, check.FindingLureLanguage},
		evidence: []string{
			`"https://www.mybank.example/login" → https://mybank-verify.example.net/login  (unwrapped from Microsoft Defender Safe Links; shows www.mybank.example, goes to mybank-verify.example.net)`,
		},
	},
	{
		// A newsletter counting clicks on its own domain: tracking, not deceit.
		file:     "links-newsletter-own-tracker.eml",
		ids:      []check.ID{check.FindingClickTracking},
		evidence: []string{"comics.example → https://click.dailystrip.example/ct?id=", "(→ https://www.shop.example/strips)"},
	},
}

// TestLinkTargets checks what unwrapping tells about each link: where it
// goes, through what, and which of its parameters only track the click.
func TestLinkTargets(t *testing.T) {
	cases := []struct {
		file, text, target, wrappers, params, clean string
	}{
		{"links-safelinks-colleague.eml", "https://wiki.corp.example/onboarding",
			"https://wiki.corp.example/onboarding?utm_source=teams&utm_medium=chat&lang=en", "Microsoft Defender Safe Links",
			"utm_source utm_medium", "https://wiki.corp.example/onboarding?lang=en"},
		{"links-safelinks-colleague.eml", "docs.partner.example/sheet/42",
			"https://docs.partner.example/sheet/42", "Microsoft Defender Safe Links", "", ""},
		{"links-proofpoint-google.eml", "www.univ.example/events/2026",
			"https://www.univ.example/events/2026?id=7", "Proofpoint URL Defense", "", ""},
		{"links-proofpoint-google.eml", "library.univ.example/hours",
			"https://library.univ.example/hours#today", "Proofpoint URL Defense", "", ""},
		{"links-proofpoint-google.eml", "maps.example.org/campus",
			"https://maps.example.org/campus?utm_campaign=welcome", "Google redirect", "utm_campaign", "https://maps.example.org/campus"},
	}
	for _, c := range cases {
		raw, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range Analyze(raw, Reader{}).Links {
			if l.Text != c.text {
				continue
			}
			found = true
			tg := l.Target
			if tg.URL != c.target || strings.Join(tg.Wrappers, ",") != c.wrappers || strings.Join(tg.TrackingParams, " ") != c.params || tg.Clean() != c.clean {
				t.Errorf("%s %q: target %q via %v, params %v, clean %q", c.file, c.text, tg.URL, tg.Wrappers, tg.TrackingParams, tg.Clean())
			}
			if tg.Host != safedocHost(c.target) {
				t.Errorf("%s %q: target host %q", c.file, c.text, tg.Host)
			}
		}
		if !found {
			t.Errorf("%s: no link %q", c.file, c.text)
		}
	}
}

func safedocHost(raw string) string {
	u, _ := url.Parse(raw)
	return u.Hostname()
}

func TestLinkAndAttachmentChecks(t *testing.T) {
	for _, tc := range checkCases {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			assertFindings(t, Analyze(raw, Reader{}), tc.ids, tc.evidence)
		})
	}
}

func TestTrace(t *testing.T) {
	raw, err := os.ReadFile("testdata/phish-links-attachments.eml")
	if err != nil {
		t.Fatal(err)
	}
	tr := Analyze(raw, Reader{}).Trace
	if len(tr.Hops) != 3 {
		t.Fatalf("hops = %+v", tr.Hops)
	}
	first, last := tr.Hops[0], tr.Hops[2]
	if first.IP != "10.0.0.5" || first.By != "mail.mybank-alerts.example" || !first.Time.Equal(time.Date(2026, 11, 22, 3, 12, 1, 0, time.UTC)) {
		t.Errorf("first hop = %+v", first)
	}
	if last.From != "mx.example.com" || last.By != "inbox.example.com" || last.IP != "192.0.2.10" {
		t.Errorf("last hop = %+v", last)
	}
	if tr.OriginIP != "198.51.100.23" { // the first public address: the private 10.0.0.5 is the sender's own network
		t.Errorf("origin = %q", tr.OriginIP)
	}
	raw, _ = os.ReadFile("testdata/legit-links-attachments.eml")
	if o := Analyze(raw, Reader{}).Trace.OriginIP; o != "203.0.113.9" {
		t.Errorf("X-Originating-IP not used: %q", o)
	}
}
