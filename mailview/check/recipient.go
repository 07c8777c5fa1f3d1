package check

// How the message addresses its reader: bulk phishing writes the reader's
// address where a real correspondent writes a name, and sends one message to
// many people hidden in Bcc.

import (
	"slices"
	"strings"

	"mailsafe/mailview/message"
)

// Finding ids about how the message addresses the reader.
const (
	// FindingSubjectHasAddress: the subject carries the reader's own e-mail
	// address ("alice@example.com, your mailbox is full"): the sender knows
	// the address and nothing else about the reader.
	FindingSubjectHasAddress ID = "subject-has-address"
	// FindingRecipientsHidden: the To field names no recipient, nor does Cc
	// ("undisclosed-recipients:;", an empty To): sent to many people in Bcc.
	// A weak signal: people do send that way to a group.
	FindingRecipientsHidden ID = "recipients-hidden"
)

// recipientFindings checks how the message addresses the reader.
func recipientFindings(v *Mail, reader Reader) []Finding {
	var out []Finding
	h := v.Message.Header
	list := v.list
	// The reader's addresses, and those the message is addressed to, except
	// on list mail: there To is the list, whose subjects may well name it.
	addressed := append(slices.Clone(v.To), v.Cc...)
	var mine []string
	for _, a := range reader.Me {
		mine = append(mine, strings.ToLower(strings.TrimSpace(a)))
	}
	for _, a := range addressed {
		if a.Addr != "" && !list.isList {
			mine = append(mine, strings.ToLower(a.Addr))
		}
	}
	subject := strings.ToLower(v.Subject)
	for _, a := range mine {
		if len(a) >= 6 && strings.Contains(a, "@") && strings.Contains(subject, a) {
			out = append(out, Finding{
				ID: FindingSubjectHasAddress, Severity: SeverityWarn, Category: CategorySender,
				Evidence: []string{"Subject: " + message.Clip(message.SanitizeText(v.Subject), 200)},
				Title:    Text{EN: "The subject addresses you by your e-mail address", JA: "件名があなたをメールアドレスで呼んでいます"},
				Detail: Text{
					EN: "Services you use know your name and address you by it; a subject that calls you " + a + " comes from someone who has your address and nothing else, as mass phishing does.",
					JA: "利用中のサービスはあなたの名前を知っており、名前で呼びかけます。件名で" + a + "と呼びかけるのは、アドレスしか知らない相手で、大量に送られるフィッシングの特徴です。",
				},
			})
			break
		}
	}
	named := slices.ContainsFunc(addressed, func(a message.Address) bool { return a.Addr != "" })
	// Only a To field that names no one ("undisclosed-recipients:;", an
	// empty group) says so: a message saved without its To field (as some
	// archives and list digests keep them) says nothing.
	if !named && h.Has("To") && !list.isList && !autoReply(h) {
		to := strings.TrimSpace(h.Text("To"))
		if to == "" {
			to = "(empty)"
		}
		out = append(out, Finding{
			ID: FindingRecipientsHidden, Severity: SeverityWarn, Category: CategorySender,
			Evidence: []string{"To: " + message.Clip(message.SanitizeText(to), 120)},
			Title:    Text{EN: "No recipient is named: sent as a blind copy", JA: "宛先が書かれていません（BCC で送信）"},
			Detail: Text{
				EN: "The message names no one in To or Cc, so it went to its recipients in Bcc. People do write to a group that way, but mail meant for you personally names you; mass mailings hide the list.",
				JA: "To にも Cc にも宛先がなく、BCC で送られています。グループへの連絡でも使われますが、あなた個人宛てのメールなら宛先にあなたが書かれます。大量送信は宛先一覧を隠します。",
			},
		})
	}
	return out
}
