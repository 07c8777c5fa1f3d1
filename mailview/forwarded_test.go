package mailview

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// forwardedPhish is a colleague's note carrying, as an attachment, a phish
// with a double-extension executable and a link that shows a bank's URL and
// goes to an IP address.
func forwardedPhish() []byte {
	inner := "From: My Bank <alerts@mybank-secure.example>\r\nTo: colleague@example.org\r\nSubject: Invoice overdue\r\n" +
		"Message-ID: <p1@mybank-secure.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n" +
		"--in\r\nContent-Type: text/html\r\n\r\n<p>Pay now: <a href=\"http://203.0.113.7/login\">https://www.mybank.com/login</a></p>\r\n" +
		"--in\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00not really a program")) + "\r\n--in--\r\n"
	return []byte("From: Colleague <colleague@example.org>\r\nTo: me@example.org\r\nSubject: Fwd: Invoice overdue\r\n" +
		"Message-ID: <f1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n" +
		"--out\r\nContent-Type: text/plain\r\n\r\nIs this real? See the attached mail.\r\n" +
		"--out\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"Invoice overdue.eml\"\r\n\r\n" + inner +
		"\r\n--out--\r\n")
}

// A forwarded phish gets its findings, under its own sender, and they count
// in the verdict of the message that carries it.
func TestForwardedPhishGetsItsFindings(t *testing.T) {
	v := Analyze(forwardedPhish(), Reader{Me: []string{"me@example.org"}})
	if len(v.Forwarded) != 1 {
		t.Fatalf("%d forwarded messages analysed, want 1", len(v.Forwarded))
	}
	fv := v.Forwarded[0]
	if len(fv.From) == 0 || fv.From[0].Addr != "alerts@mybank-secure.example" || fv.Part != "2" {
		t.Errorf("forwarded message from %v at part %q", fv.From, fv.Part)
	}
	for _, id := range []check.ID{check.FindingLinkIP, check.FindingAttachmentDoubleExt} {
		if !fv.Has(id) {
			t.Errorf("the forwarded phish lacks %s; findings %v", id, ids(fv.Findings))
		}
		if !containsID(v.Verdict.Reasons, id) {
			t.Errorf("%s does not count in the carrier's verdict %v", id, v.Verdict)
		}
	}
	if v.Verdict.Level != check.LevelDanger {
		t.Errorf("verdict %s, want danger: %v", v.Verdict.Level, v.Verdict.Reasons)
	}
	// The same note carrying a harmless message stays safe: the carried
	// message's delivery headers are not held against the carrier.
	benign := strings.NewReplacer("http://203.0.113.7/login", "https://www.mybank.com/login", "invoice.pdf.exe", "invoice.pdf",
		base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00not really a program")), base64.StdEncoding.EncodeToString([]byte("%PDF-1.7\n%%EOF\n")),
	).Replace(string(forwardedPhish()))
	b := Analyze([]byte(benign), Reader{Me: []string{"me@example.org"}})
	if len(b.Forwarded) != 1 || b.Verdict.Level != check.LevelSafe {
		t.Errorf("a harmless forward: %d carried, verdict %v", len(b.Forwarded), b.Verdict)
	}
}

// forwardOf wraps msg as the attachment of a colleague's note, under a
// boundary of its own.
func forwardOf(msg []byte) []byte {
	b := fmt.Sprintf("fwd-%d", len(msg))
	return []byte("From: Colleague <colleague@example.org>\r\nTo: me@example.org\r\nSubject: Fwd: see below\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=" + b + "\r\n\r\n" +
		"--" + b + "\r\nContent-Type: text/plain\r\n\r\nFYI\r\n" +
		"--" + b + "\r\nContent-Type: message/rfc822\r\n\r\n" + string(msg) + "\r\n--" + b + "--\r\n")
}

// What a message forwarded inside a forward holds counts at every level
// above it: the phish two forwards deep makes the outer note danger, as it
// makes the note that carries it directly; a forward left unread at the
// depth limit leaves the outer message's check incomplete.
func TestFindingsDeepInForwardsCountAtTheTop(t *testing.T) {
	v := Analyze(forwardOf(forwardedPhish()), Reader{Me: []string{"me@example.org"}})
	if len(v.Forwarded) != 1 || len(v.Forwarded[0].Forwarded) != 1 {
		t.Fatalf("forwards not analysed two deep")
	}
	for _, level := range []*View{v, v.Forwarded[0]} {
		if level.Verdict.Level != check.LevelDanger || !containsID(level.Verdict.Reasons, check.FindingLinkIP) {
			t.Errorf("verdict %v at part %q, want danger with %s", level.Verdict, level.Part, check.FindingLinkIP)
		}
	}
	if v.Has(check.FindingLinkIP) {
		t.Error("the deep phish's finding is listed as the outer message's own")
	}

	msg := []byte("From: a@example.org\r\nSubject: innermost\r\n\r\nhello\r\n")
	for i := 0; i <= maxForwardDepth; i++ {
		msg = forwardOf(msg)
	}
	v = Analyze(msg, Reader{})
	if v.Has(check.FindingIncomplete) || !containsID(v.Verdict.Reasons, check.FindingIncomplete) {
		t.Errorf("a forward unread %d deep: outer findings %v, verdict %v; want %s in the verdict only",
			maxForwardDepth+1, ids(v.Findings), v.Verdict, check.FindingIncomplete)
	}
}

// A mail saved as a file and attached under another type (octet-stream,
// text/plain), as many clients attach one, is a forwarded message all the
// same; a text file named .eml that is no mail is not.
func TestAttachedEmlFileIsAForwardedMessage(t *testing.T) {
	inner := string(forwardedPhish())
	inner = inner[strings.Index(inner, "From: My Bank"):strings.LastIndex(inner, "\r\n--out--")]
	for i, ct := range []string{"application/octet-stream", "text/plain; charset=utf-8", "application/octet-stream"} {
		inner := inner
		if i == 2 {
			inner = "From alerts@mybank-secure.example Thu Nov 26 10:00:00 2026\r\n" + inner // saved from an mbox
		}
		raw := "From: Colleague <colleague@example.org>\r\nTo: me@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
			"--out\r\nContent-Type: " + ct + "\r\nContent-Disposition: attachment; filename=\"Invoice overdue.eml\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			base64.StdEncoding.EncodeToString([]byte(inner)) + "\r\n--out--\r\n"
		v := Analyze([]byte(raw), Reader{Me: []string{"me@example.org"}})
		if len(v.Forwarded) != 1 || !containsID(v.Verdict.Reasons, check.FindingLinkIP) {
			t.Errorf("%s: %d forwarded, verdict %v", ct, len(v.Forwarded), v.Verdict)
		}
	}
	notMail := "From: a@example.org\r\nSubject: notes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"notes.eml\"\r\n\r\nShopping list: milk, eggs\r\n--b--\r\n"
	if v := Analyze([]byte(notMail), Reader{}); len(v.Forwarded) != 0 {
		t.Errorf("a text named .eml read as a message")
	}
}

// Messages nested past the limit are reported, not analysed without end.
func TestForwardsNestedPastTheLimit(t *testing.T) {
	msg := "From: a@example.org\r\nSubject: innermost\r\n\r\nhello\r\n"
	for i := 0; i < 6; i++ {
		msg = "From: a@example.org\r\nSubject: level\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n" + msg
	}
	v := Analyze([]byte(msg), Reader{})
	depth := 0
	for cur := v; len(cur.Forwarded) > 0; cur = cur.Forwarded[0] {
		depth++
	}
	if depth != maxForwardDepth {
		t.Errorf("analysed %d levels deep, want %d", depth, maxForwardDepth)
	}
	found := false
	for cur := v; cur != nil; {
		for _, p := range cur.Message.Problems {
			found = found || p.Kind == message.ProblemForwardedUnread
		}
		if len(cur.Forwarded) == 0 {
			break
		}
		cur = cur.Forwarded[0]
	}
	if !found {
		t.Error("no problem reports the forwarded messages left unread")
	}
	incomplete := false
	for cur := v; cur != nil && !incomplete; {
		incomplete = cur.Has(check.FindingIncomplete)
		if len(cur.Forwarded) == 0 {
			break
		}
		cur = cur.Forwarded[0]
	}
	if !incomplete {
		t.Errorf("no %s finding for the forwarded message left unread", check.FindingIncomplete)
	}
}

func ids(fs []check.Finding) []check.ID {
	var out []check.ID
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func containsID(list []check.ID, id check.ID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// Nested documents past the limit are reported as a problem, not dropped
// in silence.
func TestNestedDocumentsPastTheLimitAreReported(t *testing.T) {
	doc := `<img src="https://t.example/deep.gif">`
	for i := 0; i < 20; i++ {
		doc = `<iframe srcdoc="` + strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(doc) + `"></iframe>`
	}
	v := Analyze([]byte("From: a@example.org\r\nContent-Type: text/html\r\n\r\n"+doc), Reader{})
	found := false
	for _, p := range v.Message.Problems {
		found = found || p.Kind == message.ProblemNestedUnread
	}
	if !found {
		t.Errorf("no problem reports the srcdoc past the nesting limit: %+v", v.Message.Problems)
	}
	if !v.Has(check.FindingIncomplete) {
		t.Errorf("no %s finding for the unsearched srcdoc: %v", check.FindingIncomplete, ids(v.Findings))
	}
}

// A tracker past the listing limit is not dropped in silence: a problem
// says so.
func TestResourcesPastTheLimitAreReported(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@example.org\r\nContent-Type: text/html\r\n\r\n")
	for i := 0; i < 5001; i++ {
		fmt.Fprintf(&b, `<img src="https://cdn.example/%d.png">`, i)
	}
	b.WriteString(`<img src="https://ct.sendgrid.net/wf/open?upn=abc" width="1" height="1">`)
	v := Analyze([]byte(b.String()), Reader{})
	found := false
	for _, p := range v.Message.Problems {
		found = found || p.Kind == message.ProblemTooManyResources
	}
	if !found {
		t.Errorf("no problem reports the %d+ resources past the limit", len(v.Resources))
	}
}
