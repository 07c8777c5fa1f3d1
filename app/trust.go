package app

import (
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// SenderTrust is the "always load images from this sender" decision for
// one message. The list holds addresses, but an address in a From line
// proves nothing: the trust applies only when the reader's provider's
// authentication stamp shows that the From domain sent the message
// (check.ProofAuthenticated) and the message's verdict is safe.
type SenderTrust struct {
	// Listed: a From address of the message is on the reader's list (so
	// when the trust does not apply, the reader is told why).
	Listed bool
	// Proof is what the stamp shows about the From line.
	Proof check.SenderProof
	// Level is the message's verdict.
	Level check.Level
}

// Applies tells whether the message's images load without a click.
func (t SenderTrust) Applies() bool {
	return t.Listed && t.Proof == check.ProofAuthenticated && !t.Level.Warns()
}

// TrustFor decides whether the trusted-sender list applies to v. Addresses
// are compared canonically (message.CanonicalAddress); a message with several From
// addresses is listed when any of them is, and never trusted.
func (s *Settings) TrustFor(v *mailview.View) SenderTrust {
	t := SenderTrust{Proof: v.SenderProof(), Level: v.Verdict.Level}
	for _, a := range v.From {
		if s.IsTrustedSender(a.Addr) {
			t.Listed = true
		}
	}
	return t
}
