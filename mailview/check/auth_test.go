package check

import (
	"testing"

	"mailsafe/mailview/message"
)

// Only a stamp that says dkim=none calls the message unsigned: a signature
// the server could not check (temperror, neutral, policy, a timeout) is
// still a signature.
func TestAuthUnsignedOnlyForNone(t *testing.T) {
	for result, want := range map[string]bool{
		"dkim=none":                        true,
		"dkim=none (no signatures found)":  true,
		"dkim=temperror":                   false,
		"dkim=timeout (key query timeout)": false,
		"dkim=neutral":                     false,
		"dkim=policy":                      false,
		"dkim=pass header.d=a.example":     false,
	} {
		h := message.Parse([]byte("From: x@a.example\r\nAuthentication-Results: mx.example.org; spf=pass smtp.mailfrom=a.example; " + result + "\r\n\r\n")).Header
		got := hasFinding(authFindings(trustedAuth(h, nil), "a.example"), FindingAuthUnsigned)
		if got != want {
			t.Errorf("%s: auth-unsigned %v, want %v", result, got, want)
		}
	}
}
