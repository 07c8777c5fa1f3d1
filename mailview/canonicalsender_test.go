package mailview

import (
	"slices"
	"testing"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// A colleague known under the Unicode form of an internationalised domain
// who writes from its ASCII (IDNA) form is the same address, compared in
// the one canonical form the trust list and the history use: neither a
// stranger borrowing their name nor a first contact.
func TestContactKnownInEitherFormOfItsDomain(t *testing.T) {
	raw := "From: Taro Yamada <Taro@XN--BCHER-KVA.example>\r\nTo: reader@acme-corp.example\r\nSubject: Slides\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0900\r\nMessage-ID: <s1@xn--bcher-kva.example>\r\n\r\nHere they are.\r\n"
	reader := Reader{Me: []string{"reader@acme-corp.example"}, Contacts: []message.Address{{Name: "Taro Yamada", Addr: "taro@bücher.example"}}}
	v := Analyze([]byte(raw), reader)
	for _, f := range v.Findings {
		if slices.Contains([]check.ID{check.FindingDisplayNameImpersonation, check.FindingFirstContact}, f.ID) {
			t.Errorf("the colleague's own mail reads as %s", f.ID)
		}
	}
	// The same name on another address still is an impersonation.
	other := Analyze([]byte("From: Taro Yamada <taro.yamada@gmail.com>\r\nTo: reader@acme-corp.example\r\nSubject: Slides\r\n\r\nHi\r\n"), reader)
	if !slices.ContainsFunc(other.Findings, func(f check.Finding) bool { return f.ID == check.FindingDisplayNameImpersonation }) {
		t.Errorf("the name on another address is not found: %v", other.Findings)
	}
}
