package check

// Forwards written into the body: "Fwd:" mail whose text quotes the
// original's header lines (From, Subject) above the original's words, as
// Gmail, Outlook, Apple Mail and Thunderbird write a forward. The carrier's
// own From is the person who forwarded it; what the forwarded message
// claims is in those quoted lines, and it is checked as a carried message's
// claims are (Carried): a brand's name on an address that is not the
// brand's, disguised words in the original's sender name or subject.

import (
	"regexp"
	"strings"

	"mailsafe/mailview/message"
)

// forwardPrefix is a subject's mark of a forward in the languages mail
// programs write it (Fwd, Fw; Portuguese/Spanish ENC/RV, French TR, German
// WG, Japanese 転送).
var forwardPrefix = mustGuard(`^\s*(?i:fwd?|fw|enc|rv|tr|wg)\s*[:：]|^\s*転送\s*[:：]`, ":：")

// Header lines of a quoted original, by the names mail programs give them.
var (
	forwardedFromLine    = mustGuard(`^\s*\*?(?i:from|de|von|van|da|från|fra)\*?\s*[:：]\*?\s*(.+)$|^\s*(?:差出人|送信者)\s*[:：]\s*(.+)$`, ":：")
	forwardedSubjectLine = regexp.MustCompile(`^\s*\*?(?i:subject|assunto|asunto|betreff|onderwerp|oggetto|objet|ämne|emne)\*?\s*[:：]\*?\s*(.*)$|^\s*件名\s*[:：]\s*(.*)$`)
)

// angleAddr is an address in angle brackets written into a display name.
var angleAddr = regexp.MustCompile(`<[^<>]*@[^<>]*>`)

// Bounds of the search: the forward's header block sits near the top of the
// text, and its lines are together.
const (
	maxForwardSearch = 16 << 10 // bytes of text read for the quoted header block
	forwardBlockSpan = 8        // lines between the quoted From and Subject at most
)

// forwardedOriginal is what the quoted header lines of an inline forward
// say of the original message.
type forwardedOriginal struct {
	from    message.Address
	subject string
}

// inlineForwarded finds the quoted From and Subject lines of the message
// forwarded in v's text, when v's subject marks it as a forward.
func inlineForwarded(v *Mail) (forwardedOriginal, bool) {
	if forwardPrefix.FindString(v.Subject) == "" || v.text == "" {
		return forwardedOriginal{}, false
	}
	text := v.text
	if len(text) > maxForwardSearch {
		text = strings.ToValidUTF8(text[:maxForwardSearch], "")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		m := forwardedFromLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		from := strings.TrimSpace(m[1] + m[2])
		// The Subject line of the same block: after From (Gmail, Outlook,
		// Apple Mail) or before it (Thunderbird).
		for j := max(0, i-forwardBlockSpan); j < min(len(lines), i+forwardBlockSpan+1); j++ {
			s := forwardedSubjectLine.FindStringSubmatch(lines[j])
			if j == i || s == nil {
				continue
			}
			return forwardedOriginal{from: quotedSender(from), subject: strings.TrimSpace(s[1] + s[2])}, true
		}
	}
	return forwardedOriginal{}, false
}

// carriesForward tells whether v is a forward that holds what it forwards:
// its subject marks a forward, and the original is quoted in its text or
// attached whole (message/rfc822, message/global).
func carriesForward(v *Mail) bool {
	if forwardPrefix.FindString(v.Subject) == "" {
		return false
	}
	if v.quoted != nil {
		return true
	}
	for _, p := range v.Message.Parts {
		if p.IsMessage() {
			return true
		}
	}
	return false
}

// quotedSender reads a quoted From line's value. When it holds more than
// one address in angle brackets ("Chase <alerts@chase.com>
// <x@elsewhere.example>", as Outlook quotes a display name that carries an
// address), the last one is the address and the name is the rest without
// the bracketed address it shows.
func quotedSender(v string) message.Address {
	if strings.Count(v, "<") > 1 {
		if i := strings.LastIndex(v, "<"); strings.Contains(v[i:], "@") {
			name := angleAddr.ReplaceAllString(v[:i], " ")
			name = strings.Trim(strings.TrimSpace(name), `"'`)
			return message.Address{Name: name, Addr: strings.TrimSpace(strings.Trim(strings.TrimSpace(v[i:]), "<>"))}
		}
	}
	var out message.Address
	for _, a := range message.ParseAddressList(v) {
		if a.Addr != "" {
			return a
		}
		if out.Name == "" {
			out = a
		}
	}
	if out.Name == "" {
		out.Name = v
	}
	return out
}

// forwardedFindings checks the claims of a message forwarded inline: its
// sender name and address against the brands, its sender name and subject
// for disguised words. A brand is checked only when the quoted From carries
// an address: an address book's name alone ("From: Chase") says nothing of
// where the original came from.
func forwardedFindings(v *Mail, reader Reader) []Finding {
	if v.quoted == nil {
		return nil
	}
	o := *v.quoted
	orig := *v
	orig.From = []message.Address{o.from}
	orig.Subject = o.subject
	orig.ReplyTo = nil
	orig.auth = authView{} // the carrier's stamps speak of the forward's delivery, not the original's
	var out []Finding
	if o.from.Addr != "" {
		if f, ok := brandFinding(&orig, reader); ok {
			out = append(out, inForwarded(f))
		}
	}
	if f, ok := obfuscationFinding(&orig); ok {
		out = append(out, inForwarded(f))
	}
	return out
}

// inForwarded marks a finding as one about the forwarded message.
func inForwarded(f Finding) Finding {
	f.Title = Text{EN: "(Forwarded message) " + f.Title.EN, JA: "（転送されたメッセージ）" + f.Title.JA}
	f.Evidence = append([]string{"in the message forwarded below the text"}, f.Evidence...)
	return f
}
