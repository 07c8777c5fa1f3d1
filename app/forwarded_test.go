package app

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mailsafe/assets"
	"mailsafe/mailview"
)

// The JSON record and the text report carry a forwarded message's findings,
// and its verdict counts them.
func TestRecordCarriesTheForwardedMessage(t *testing.T) {
	inner := "From: My Bank <alerts@mybank-secure.example>\r\nSubject: Invoice overdue\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html\r\n\r\n<a href=\"http://203.0.113.7/login\">https://www.mybank.com/login</a>\r\n"
	raw := "From: Colleague <colleague@example.org>\r\nTo: me@example.org\r\nSubject: Fwd: Invoice overdue\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
		"--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--out--\r\n"
	rec := NewRecord("fwd.eml", mailview.Analyze([]byte(raw), mailview.Reader{}), "en")
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Verdict   struct{ Reasons []string }
		Forwarded []struct {
			From     string
			Part     string
			Findings []struct{ ID string }
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Forwarded) != 1 || got.Forwarded[0].From != "My Bank <alerts@mybank-secure.example>" || got.Forwarded[0].Part != "2" {
		t.Fatalf("forwarded in JSON: %+v", got.Forwarded)
	}
	has := func(list []string, id string) bool {
		for _, x := range list {
			if x == id {
				return true
			}
		}
		return false
	}
	var fids []string
	for _, f := range got.Forwarded[0].Findings {
		fids = append(fids, f.ID)
	}
	if !has(fids, "link-ip") || !has(got.Verdict.Reasons, "link-ip") {
		t.Errorf("link-ip: forwarded findings %v, verdict reasons %v", fids, got.Verdict.Reasons)
	}
	var out bytes.Buffer
	writeTextReport(&out, rec, assets.NewCatalog("en"))
	if text := out.String(); !strings.Contains(text, "Forwarded message from My Bank") || !strings.Contains(text, "link-ip") ||
		regexp.MustCompile(`Findings:\s+none`).MatchString(text) {
		t.Errorf("text report:\n%s", text)
	}

	// Forwarded once more: the phish, now two deep, is in the verdict, the
	// JSON and the text of the outer note, under both headings.
	outer := "From: Boss <boss@example.org>\r\nTo: me@example.org\r\nSubject: Fwd: Fwd: Invoice overdue\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\nContent-Type: text/plain\r\n\r\nPlease check.\r\n" +
		"--outer\r\nContent-Type: message/rfc822\r\n\r\n" + raw + "\r\n--outer--\r\n"
	rec = NewRecord("fwd2.eml", mailview.Analyze([]byte(outer), mailview.Reader{}), "en")
	if !slices.Contains(rec.Verdict.Reasons, "link-ip") || len(rec.Forwarded) != 1 || len(rec.Forwarded[0].Forwarded) != 1 {
		t.Errorf("two deep: verdict %v, %d forwarded", rec.Verdict, len(rec.Forwarded))
	}
	out.Reset()
	writeTextReport(&out, rec, assets.NewCatalog("en"))
	text := out.String()
	if !strings.Contains(text, "Forwarded message from Colleague") || !strings.Contains(text, "    Forwarded message from My Bank") ||
		!strings.Contains(text, "link-ip") {
		t.Errorf("text report two deep:\n%s", text)
	}
}
