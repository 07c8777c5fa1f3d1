package check

import (
	"strings"
	"testing"
)

// The quoted header block of an inline forward is found in the layouts mail
// programs write, and only in a forward.
func TestInlineForwarded(t *testing.T) {
	for _, c := range []struct {
		name, subject, text string
		ok                  bool
		fromName, fromAddr  string
		origSubject         string
	}{
		{"gmail", "Fwd: notice", "hi\n---------- Forwarded message ---------\nFrom: PayPal <s@pp.example>\nDate: today\nSubject: Limited\nTo: <a@b.example>\n", true, "PayPal", "s@pp.example", "Limited"},
		{"thunderbird: Subject first", "Fwd: x", "-------- Forwarded Message --------\nSubject: Hello\nDate: today\nFrom: Chase <c@x.example>\nTo: me\n", true, "Chase", "c@x.example", "Hello"},
		{"outlook: a name that shows an address", "FW: x", "De: Chase <alerts@chase.com> <info@boon.example>\nEnviado: hoje\nAssunto: Blocked\n", true, "Chase", "info@boon.example", "Blocked"},
		{"outlook ja", "転送: x", "差出人: 楽天カード <a@r.example>\n送信日時: 今日\n件名: ご確認\n", true, "楽天カード", "a@r.example", "ご確認"},
		{"address book name only", "FW: x", "From: Chase\nSent: today\nSubject: Hi\n", true, "Chase", "", "Hi"},
		{"not a forward", "Re: notice", "From: PayPal <s@pp.example>\nSubject: Limited\n", false, "", "", ""},
		{"a From line with no Subject near it", "Fwd: x", "From: PayPal <s@pp.example>\n\n\n\n\n\n\n\n\n\n\nSubject: later\n", false, "", "", ""},
	} {
		o, ok := inlineForwarded(&Mail{Subject: c.subject, text: c.text})
		if ok != c.ok || o.from.Name != c.fromName || o.from.Addr != c.fromAddr || o.subject != c.origSubject {
			t.Errorf("%s: got %+v %v, want %q <%s> %q %v", c.name, o, ok, c.fromName, c.fromAddr, c.origSubject, c.ok)
		}
	}
}

// Any text: no panic, and what is found came from the text.
func FuzzInlineForwarded(f *testing.F) {
	f.Add("Fwd: x", "From: A <a@b.example>\nSubject: s\n")
	f.Add("FW: x", "De: A <a@b> <c@d>\nAssunto: s\n")
	f.Add("転送: x", "差出人: <<@>>\n件名:\n")
	f.Fuzz(func(t *testing.T, subject, text string) {
		o, ok := inlineForwarded(&Mail{Subject: subject, text: text})
		if ok && len(text) <= maxForwardSearch && !strings.Contains(text, o.subject) {
			t.Errorf("the original's subject %q is not in the text %q", o.subject, text)
		}
		_ = quotedSender(text)
	})
}
