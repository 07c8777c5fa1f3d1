package check

// Authentication results (RFC 8601): which stamp to trust, and what it says.

import (
	"mailsafe/mailview/message"
	"slices"
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// authView is what the trusted Authentication-Results header says.
type authView struct {
	present           bool
	header            string
	spf, dkim, dmarc  authres.ResultValue
	dkimDomains       []string // d= of passing signatures
	dkimFailedDomains []string
}

// trustedAuth reads the Authentication-Results header that the reader's own
// server wrote: the first one stamped by one of the configured authserv-ids,
// or, with none configured, the topmost. Lower headers may have been written
// by the sender to look checked.
func trustedAuth(h message.Header, servIDs []string) authView {
	var v authView
	values := h.Values("Authentication-Results")
	chosen := ""
	for _, val := range values {
		id, _, err := authres.Parse(val)
		if err != nil {
			continue
		}
		if len(servIDs) == 0 || slices.ContainsFunc(servIDs, func(s string) bool { return strings.EqualFold(id, s) }) {
			chosen = val
			break
		}
	}
	if chosen == "" {
		return v
	}
	_, results, err := authres.Parse(chosen)
	if err != nil {
		return v
	}
	v.present, v.header = true, "Authentication-Results: "+message.Clip(message.SanitizeText(chosen), 300)
	v.spf, v.dkim, v.dmarc = authres.ResultNone, authres.ResultNone, authres.ResultNone
	for _, r := range results {
		switch r := r.(type) {
		case *authres.SPFResult:
			v.spf = r.Value
		case *authres.DKIMResult:
			switch r.Value {
			case authres.ResultPass:
				v.dkim = authres.ResultPass
				v.dkimDomains = append(v.dkimDomains, strings.ToLower(r.Domain))
			case authres.ResultFail, authres.ResultPermError:
				if v.dkim != authres.ResultPass {
					v.dkim = r.Value
				}
				v.dkimFailedDomains = append(v.dkimFailedDomains, strings.ToLower(r.Domain))
			}
		case *authres.DMARCResult:
			v.dmarc = r.Value
		}
	}
	return v
}

func (a authView) dmarcPass() bool { return a.dmarc == authres.ResultPass }

func authFinding(dmarc bool, a authView, fromDomain string) Finding {
	f := Finding{ID: FindingAuthFail, Severity: SeverityWarn, Category: CategorySender, Evidence: []string{a.header}}
	if dmarc {
		f.Severity = SeverityDanger
		f.Title = Text{EN: fromDomain + " did not send this message (DMARC failed)", JA: "このメッセージは " + fromDomain + " から送られていません（DMARC 失敗）"}
		f.Detail = Text{
			EN: "Your mail server checked the domain in the From line and its owner's published rules say this message is not theirs. Treat it as forged: do not reply, click or pay; contact the company through a channel you already know.",
			JA: "受信サーバーが差出人のドメインを確認したところ、ドメイン所有者の公開ルールではこのメッセージは正規のものではありません。偽物として扱い、返信・クリック・支払いをせず、既知の連絡先で会社に確認してください。",
		}
		return f
	}
	f.Title = Text{EN: "The sender's domain could not be verified", JA: "送信者のドメインを検証できませんでした"}
	f.Detail = Text{
		EN: "SPF or DKIM failed for " + fromDomain + ": the message did not come through the servers that domain uses, or it was changed on the way. Be wary of anything it asks you to do.",
		JA: fromDomain + " の SPF または DKIM が失敗しました。そのドメインが使うサーバーを経由していないか、途中で改変されています。求められる行動に注意してください。",
	}
	return f
}
