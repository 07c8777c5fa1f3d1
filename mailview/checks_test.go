package mailview

import (
	"mailsafe/mailview/check"
	"os"
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
			check.FindingAttachmentRTLO, check.FindingAttachmentDangerous, check.FindingAttachmentDoubleExt, check.FindingAttachmentMacro, check.FindingAttachmentTypeMismatch},
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
		file: "legit-links-attachments.eml",
		ids:  []check.ID{check.FindingClickTracking}, // an ESP's redirector is worth knowing, not a threat
	},
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
