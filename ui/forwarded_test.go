package ui

import (
	"encoding/base64"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
)

// A forwarded phish's findings are shown under "Forwarded message from …"
// in the sidebar, in English and Japanese, and the sidebar does not say
// "No findings".
func TestSidebarShowsTheForwardedMessagesFindings(t *testing.T) {
	a := test.NewTempApp(t)
	inner := "From: My Bank <alerts@mybank-secure.example>\r\nSubject: Invoice overdue\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=in\r\n\r\n" +
		"--in\r\nContent-Type: text/html\r\n\r\n<a href=\"http://203.0.113.7/login\">https://www.mybank.com/login</a>\r\n" +
		"--in\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00")) + "\r\n--in--\r\n"
	raw := "From: Colleague <colleague@example.org>\r\nTo: me@example.org\r\nSubject: Fwd: Invoice overdue\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
		"--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--out--\r\n"
	v := mailview.Analyze([]byte(raw), mailview.Reader{Me: []string{"me@example.org"}})
	for _, c := range []struct{ lang, heading string }{
		{"en", "Forwarded message from My Bank <alerts@mybank-secure.example>"},
		{"ja", "転送されたメッセージ（差出人: My Bank <alerts@mybank-secure.example>）"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			readIn(t, c.lang)
			s := newSidebar(a)
			s.show(v)
			text := renderedText(s.carried)
			if !strings.Contains(text, c.heading) {
				t.Errorf("the sidebar lacks %q:\n%s", c.heading, text)
			}
			if !strings.Contains(text, "203.0.113.7") || !strings.Contains(text, "invoice.pdf.exe") {
				t.Errorf("the forwarded message's findings are not shown:\n%s", text)
			}
			if s.empty.Visible() {
				t.Error("the sidebar says there are no findings")
			}
			if banner := verdictText(v, c.lang); strings.Contains(banner, ":  ") || strings.HasSuffix(banner, ": ") {
				t.Errorf("the banner names no reason: %q", banner)
			}
		})
	}
}

// A forwarded message's sender and subject are shown clipped, as the
// message's own are: a forged 100 kB From is not measured and wrapped whole.
func TestSidebarClipsAForwardedMessagesSender(t *testing.T) {
	a := test.NewTempApp(t)
	readIn(t, "en")
	long := strings.Repeat("x", 100_000)
	inner := "From: " + long + " <a@example.com>\r\nSubject: " + long + "\r\n\r\nhello\r\n"
	raw := "From: c@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n" +
		"--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "--out--\r\n"
	s := newSidebar(a)
	s.show(mailview.Analyze([]byte(raw), mailview.Reader{}))
	text := renderedText(s.carried)
	if !strings.Contains(text, "Forwarded message from xxx") {
		t.Fatalf("no forwarded message shown:\n%.300s", text)
	}
	if len(text) > 4*maxShownHeader {
		t.Errorf("the forwarded sender and subject are shown whole: %d characters", len(text))
	}
}
