package check

import (
	"mailsafe/mailview/safedoc"
)

// SenderProof is what the reader's own provider's authentication stamp
// (read once by Run, auth.go) shows about the From line: whether the domain
// in it sent the message. What a sender is trusted with (its images loading
// without a click) may only rest on ProofAuthenticated.
type SenderProof string

// What the stamp can show.
const (
	// ProofAuthenticated: DMARC passed for the From domain, or SPF or DKIM
	// passed for a domain aligned with it (the same registrable domain).
	ProofAuthenticated SenderProof = "authenticated"
	// ProofNotOneSender: the message names no sender address, or several
	// (two From fields, or two mailboxes in one): which one a check was
	// about cannot be told.
	ProofNotOneSender SenderProof = "not-one-sender"
	// ProofNoStamp: the provider's stamp is missing or unreadable.
	ProofNoStamp SenderProof = "no-stamp"
	// ProofFailed: DMARC, SPF or DKIM failed, and nothing passed for the domain.
	ProofFailed SenderProof = "failed"
	// ProofUnaligned: something passed, but for another domain, or for a
	// domain the stamp does not name.
	ProofUnaligned SenderProof = "unaligned"
	// ProofNoResult: the stamp has no result that passed or failed (none,
	// neutral, a temporary error).
	ProofNoResult SenderProof = "no-result"
	// ProofBelowStamp: the pass that would show it is in a header of the
	// provider's id under its trusted one (a server's filters stamp one
	// method each), which the sender could have written too.
	ProofBelowStamp SenderProof = "below-stamp"
)

// SenderProof tells whether the trusted stamp shows that the From domain
// sent the message (Run must have run). It asks for more than the findings
// do: DMARC "pass" itself (not Microsoft's bestguesspass or compauth), and
// a DMARC, SPF or DKIM pass only when the stamp names the domain checked
// and it is the From domain's, and only from the trusted header itself, not
// a header under it of the same id. A DMARC failure that a forwarder's ARC
// record explains is still not proof.
func (m *Mail) SenderProof() SenderProof {
	if len(m.From) != 1 || !isMailbox(m.From[0].Addr) {
		return ProofNotOneSender
	}
	a := m.auth
	if !a.present {
		return ProofNoStamp
	}
	fromDomain := safedoc.RegistrableDomain(m.From[0].Domain())
	aligned := func(d string) bool { return d != "" && safedoc.RegistrableDomain(d) == fromDomain }
	passes := func(v authView) bool {
		return v.dmarc == "pass" && aligned(v.headerFrom) || v.dmarc != "fail" && v.spf == "pass" && aligned(v.spfDomain) ||
			v.dmarc != "fail" && dkimAligned(v, fromDomain)
	}
	switch {
	case a.proof == nil && passes(a), a.proof != nil && passes(*a.proof) && a.dmarc != "fail":
		return ProofAuthenticated
	case a.dmarc == "fail":
		return ProofFailed
	case passes(a):
		return ProofBelowStamp
	}
	if a.spf == "fail" || a.spf == "softfail" || a.dkim == "fail" || a.compauth == "fail" {
		return ProofFailed
	}
	if a.spf == "pass" || a.dkim == "pass" || a.dmarc == "pass" {
		return ProofUnaligned
	}
	return ProofNoResult
}
