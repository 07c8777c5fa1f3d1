package check

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/width"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// Finding ids about the sender.
const (
	FindingAuthFail                 ID = "auth-fail"
	FindingAuthMissing              ID = "auth-missing"
	FindingDisplayNameAddress       ID = "display-name-address"
	FindingDisplayNameImpersonation ID = "display-name-impersonation"
	FindingReplyToDiverts           ID = "reply-to-diverts"
	FindingFreemailSender           ID = "freemail-sender"
	FindingEnvelopeMismatch         ID = "envelope-mismatch"
	FindingMultipleFrom             ID = "multiple-from"
	FindingDisplayNameMalformed     ID = "display-name-malformed"
	FindingFakeReply                ID = "fake-reply"
	FindingUrgencyLanguage          ID = "urgency-language"
	FindingFirstContact             ID = "first-contact"
	// FindingNewDomain: a sender or link domain registered days ago. The app
	// reports it after a registry lookup the reader asked for; analysis
	// itself never looks anything up.
	FindingNewDomain ID = "new-domain"
)

// senderFindings checks who the message says it is from against what the
// headers show, and the words it uses.
func senderFindings(v *Mail, reader Reader) []Finding {
	h := v.Message.Header
	var out []Finding
	// The sender is the first mailbox: a name-only entry (an unquoted comma
	// in a display name) has no address to check.
	boxes, nameOnly := mailboxes(v.From)
	from := message.Address{}
	switch {
	case len(boxes) > 0:
		from = boxes[0]
	case len(v.From) > 0:
		from = v.From[0]
	}
	list := v.list
	fromDomain := safedoc.RegistrableDomain(from.Domain())
	ours := ourDomains(reader)
	auth := v.auth

	// Authentication.
	out = append(out, authFindings(auth, fromDomain)...)

	// Several senders: two or more mailboxes, or two From fields. Several
	// mailboxes are allowed only with a Sender field naming who sent it
	// (RFC 5322 section 3.6.2).
	if n := len(h.Values("From")); n > 1 || len(boxes) > 1 && !h.Has("Sender") {
		out = append(out, Finding{
			ID: FindingMultipleFrom, Severity: SeverityDanger, Category: CategorySender, Evidence: h.Values("From"),
			Title: Text{EN: "The message names more than one sender", JA: "差出人が複数あります"},
			Detail: Text{
				EN: "Mail apps show only one of several From addresses, and not always the one that was checked; this is a known way to slip a forged sender past filters.",
				JA: "メールアプリは複数の差出人のうち一つしか表示せず、検証された方とは限りません。偽の差出人をフィルターに通す既知の手口です。",
			},
		})
	} else if len(nameOnly) > 0 && len(boxes) > 0 {
		// One mailbox, but its display name is broken by an unquoted comma
		// (or a quoted piece stands alone): apps show the pieces differently,
		// some as extra senders. Legitimate software quotes such names.
		var pieces []string
		for _, a := range nameOnly {
			pieces = append(pieces, "“"+a.String()+"”")
		}
		out = append(out, Finding{
			ID: FindingDisplayNameMalformed, Severity: SeverityWarn, Category: CategorySender, Evidence: []string{"From: " + message.Clip(message.SanitizeText(h.Text("From")), 200)},
			Title: Text{EN: "The sender's name is malformed", JA: "差出人名の書式が壊れています"},
			Detail: Text{
				EN: "The From line splits into " + strings.Join(pieces, ", ") + " and the address " + from.Addr + ": a comma in the name is not quoted, so mail apps show the name differently, some as extra senders. Mail programs quote such names; bulk senders that forge brand names often do not.",
				JA: "差出人欄が" + strings.Join(pieces, "、") + "とアドレス" + from.Addr + "に分かれています。名前の中のカンマが引用符で囲まれていないため、アプリによって表示が異なり、差出人が複数あるように見えることもあります。通常のメールソフトはこうした名前を引用符で囲みます。",
			},
		})
	}

	// The display name holds an address of its own.
	if m := emailInText.FindString(from.Name); m != "" && !strings.EqualFold(m, from.Addr) {
		out = append(out, Finding{
			ID: FindingDisplayNameAddress, Severity: SeverityDanger, Category: CategorySender,
			Evidence: []string{"From: " + from.String()},
			Title:    Text{EN: "The sender's name shows a different address", JA: "差出人名に別のアドレスが書かれています"},
			Detail: Text{
				EN: fmt.Sprintf("The name reads %q but the message comes from %s. Many mail apps show only the name, so the real address stays hidden.", m, from.Addr),
				JA: fmt.Sprintf("名前は%qですが、実際の送信元は%sです。多くのメールアプリは名前しか表示しないため、本当のアドレスが隠れます。", m, from.Addr),
			},
		})
	}

	// The display name shows a domain that is not the sender's: "proton.me
	// Helpdesk" <x@elsewhere.example>. Not when a DKIM signature that passed
	// speaks for that domain, nor for a list's "Name via List" rewriting.
	if emailInText.FindString(from.Name) == "" && fromDomain != "" && !(list.isList && strings.Contains(strings.ToLower(from.Name), " via ")) {
		if shown := nameDomain(from.Name, fromDomain); shown != "" && !dkimAligned(auth, safedoc.RegistrableDomain(shown)) {
			out = append(out, Finding{
				ID: FindingDisplayNameAddress, Severity: SeverityWarn, Category: CategorySender,
				Evidence: []string{"From: " + message.Clip(message.SanitizeText(from.String()), 200)},
				Title:    Text{EN: "The sender's name shows another domain, " + shown, JA: "差出人名に別のドメイン" + shown + "が書かれています"},
				Detail: Text{
					EN: fmt.Sprintf("The name reads as mail from %s, but the address is at %s. Many mail apps show only the name, so the real sender stays hidden.", shown, fromDomain),
					JA: fmt.Sprintf("名前は%sからのメールのように見えますが、アドレスは%sです。多くのメールアプリは名前しか表示しないため、本当の送信者が隠れます。", shown, fromDomain),
				},
			})
		}
	}

	// A known name on a foreign address.
	if c, ok := impersonated(from, reader.Contacts); ok {
		who := "someone you know"
		whoJA := "知り合い"
		if ours[safedoc.RegistrableDomain(c.Domain())] {
			who, whoJA = "a colleague", "同僚"
		}
		out = append(out, Finding{
			ID: FindingDisplayNameImpersonation, Severity: SeverityDanger, Category: CategorySender,
			Evidence: []string{"From: " + from.String(), "known: " + c.String()},
			Title:    Text{EN: "The sender uses the name of " + who + " with another address", JA: whoJA + "の名前が別のアドレスで使われています"},
			Detail: Text{
				EN: fmt.Sprintf("%s is %s, but this message comes from %s. Before you reply, send anything or pay, confirm by phone using a number you already have.", c.Name, c.Addr, from.Addr),
				JA: fmt.Sprintf("%sのアドレスは%sですが、このメッセージは%sから送られています。返信・送付・支払いの前に、手元にある電話番号で本人に確認してください。", c.Name, c.Addr, from.Addr),
			},
		})
	}

	// Replies go elsewhere.
	for _, rt := range v.ReplyTo {
		rd := safedoc.RegistrableDomain(rt.Domain())
		if rd == "" || fromDomain == "" || rd == fromDomain {
			continue
		}
		// A list that sets Reply-To to itself, so that answers reach every
		// member (RFC 2369 List-Post names that address).
		if list.isList && (list.addrs[strings.ToLower(rt.Addr)] || list.domains[rd]) {
			continue
		}
		// A service (a signing, scheduling or sharing service, a list that
		// rewrites From as "Name via List") writing for the person Reply-To
		// names, from its own authenticated domain or through a list.
		if onBehalfOf(from, rt) && (list.isList || auth.dmarcPass() || dkimAligned(auth, fromDomain)) {
			continue
		}
		sev := SeverityWarn
		if isFreemail(rd) && !isFreemail(fromDomain) {
			sev = SeverityDanger
		}
		out = append(out, Finding{
			ID: FindingReplyToDiverts, Severity: sev, Category: CategorySender, Evidence: []string{"From: " + from.Addr, "Reply-To: " + rt.Addr},
			Title: Text{EN: "Replies would go to " + rd + ", not to " + fromDomain, JA: "返信先は" + fromDomain + "ではなく" + rd + "です"},
			Detail: Text{
				EN: "Pressing Reply sends your answer to " + rt.Addr + ", a different domain from the sender's. Fraudsters use this so that the real sender never sees the conversation.",
				JA: "返信すると、送信者とは別のドメインの" + rt.Addr + "に届きます。本物の送信者に気付かれずにやり取りするための手口です。",
			},
		})
		break
	}

	// Free mail.
	if isFreemail(fromDomain) {
		out = append(out, Finding{
			ID: FindingFreemailSender, Severity: SeverityInfo, Category: CategorySender, Evidence: []string{"From: " + from.String()},
			Title: Text{EN: "Sent from a free mail address (" + fromDomain + ")", JA: "フリーメールのアドレスから送信されています（" + fromDomain + "）"},
			Detail: Text{
				EN: "Anyone can open an address at " + fromDomain + " under any name. Companies and colleagues normally write from their own domain.",
				JA: fromDomain + "は誰でもどんな名前でも作れるアドレスです。企業や同僚は通常、自社のドメインから送信します。",
			},
		})
	}

	// Envelope sender not aligned, and nothing else aligns the domain.
	if rp := strings.Trim(strings.TrimSpace(h.Raw("Return-Path")), "<>"); rp != "" && fromDomain != "" && !auth.dmarcPass() {
		// Normal when a DKIM signature of the From domain passed (an ESP
		// bouncing to its own domain; DMARC's relaxed alignment, RFC 7489
		// section 3.1.1), or when a list re-sent the message under its own
		// envelope (RFC 5321 section 3.9.2): a discussion list always does,
		// any list does when the bounce address is the list's.
		if rd := safedoc.RegistrableDomain((message.Address{Addr: rp}).Domain()); rd != "" && rd != fromDomain && !dkimAligned(auth, fromDomain) &&
			!(list.posting || list.isList && list.domains[rd]) {
			out = append(out, Finding{
				ID: FindingEnvelopeMismatch, Severity: SeverityWarn, Category: CategorySender, Evidence: []string{"Return-Path: " + rp, "From: " + from.Addr},
				Title: Text{EN: "The envelope sender is " + rd + ", not " + fromDomain, JA: "エンベロープ送信者は" + fromDomain + "ではなく" + rd + "です"},
				Detail: Text{
					EN: "The address the mail system used (Return-Path) belongs to another domain than the From line, and no DKIM signature of " + fromDomain + " makes up for it.",
					JA: "配送に使われたアドレス（Return-Path）は差出人とは別のドメインで、それを補う" + fromDomain + "の DKIM 署名もありません。",
				},
			})
		}
	}

	// "Re:" without a conversation.
	// Not on list mail (digests and web or old list clients post "Re:"
	// without references, and the list, not the reader, is the
	// correspondent), automatic answers (RFC 3834), calendar traffic, or a
	// forward that carries what it forwards (in its text or attached): a
	// forward starts a conversation, it answers none.
	if reply := replyPrefix.FindString(v.Subject); reply != "" && !h.Has("In-Reply-To") && !h.Has("References") &&
		!list.isList && !autoReply(h) && !calendarMessage(v.Message) && !carriesForward(v) {
		out = append(out, Finding{
			ID: FindingFakeReply, Severity: SeverityWarn, Category: CategorySender, Evidence: []string{"Subject: " + v.Subject},
			Title: Text{EN: "It looks like a reply, but answers nothing", JA: "返信のように見えますが、元のメッセージがありません"},
			Detail: Text{
				EN: "The subject starts with " + strings.TrimSpace(reply) + " but the message refers to no earlier one. A fake reply makes a first contact feel like an ongoing conversation.",
				JA: "件名は「" + strings.TrimSpace(reply) + "」で始まりますが、以前のメッセージを参照していません。初めての相手を、やり取りの続きのように見せる手口です。",
			},
		})
	}

	urgencyText, lureText := foldedPhrasingTexts(v)
	inUrgency, inLures := phraseKeysIn(urgencyText, lureText)
	if f, ok := urgencyFinding(urgencyText, inUrgency); ok {
		out = append(out, f)
	}
	if f, ok := lureFinding(v, lureText, inLures); ok {
		out = append(out, f)
	}
	return out
}

// nameDomain returns a domain name written in a display name ("proton.me
// Helpdesk", "[Carrefour.es]") whose registrable domain is not fromDomain,
// or "". Only names with a real top-level domain count (see shownHost), so
// "Mr. J.Smith" or "v2.0" do not.
//
// A person's initials and surname can read as a domain under one of the
// many brand and word top-level domains ("R.Hughes"), so only the endings
// that sites commonly use count: a country code, or one of nameTLDs.
func nameDomain(name, fromDomain string) string {
	for _, tok := range domainInText.FindAllString(name, 4) {
		h := shownHost(tok)
		if h == "" || safedoc.RegistrableDomain(h) == fromDomain {
			continue
		}
		labels := strings.Split(h, ".")
		tld := labels[len(labels)-1]
		if len(labels[0]) < 2 || len(tld) != 2 && !nameTLDs[tld] {
			continue
		}
		return h
	}
	return ""
}

// nameTLDs are the generic top-level domains a display name is likely to
// mean as a domain: the original ones and the most registered new ones.
var nameTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "edu": true, "gov": true, "info": true, "biz": true,
	"app": true, "dev": true, "xyz": true, "top": true, "shop": true, "online": true, "site": true,
	"store": true, "club": true, "live": true, "tech": true, "cloud": true, "email": true,
}

var (
	domainInText = mustGuard(`[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+`, ".")
	emailInText  = mustGuard(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`, "@")
	replyPrefix  = mustGuard(`^\s*(?i:re|aw|sv|fwd?|fw|wg|tr)\s*[:：]|^\s*(返信|転送)\s*[:：]`, ":：")
)

// ourDomains are the registrable domains of the reader's own addresses.
func ourDomains(reader Reader) map[string]bool {
	out := map[string]bool{}
	for _, a := range reader.Me {
		if d := safedoc.RegistrableDomain((message.Address{Addr: a}).Domain()); d != "" {
			out[d] = true
		}
	}
	return out
}

// impersonated finds a contact whose name the sender uses from an address
// that is not the contact's (names compared as the history compares them,
// nameKeys: without case, width, kana, spacing or name order).
func impersonated(from message.Address, contacts []message.Address) (message.Address, bool) {
	keys := nameKeys(from.Name)
	if len(keys) == 0 {
		return message.Address{}, false
	}
	for _, c := range contacts {
		if ck := nameKeys(c.Name); len(ck) > 0 && slices.Contains(keys, ck[0]) && !sameAddress(c.Addr, from.Addr) {
			return c, true
		}
	}
	return message.Address{}, false
}

func normalizeName(s string) string {
	s = width.Fold.String(strings.ToLower(s))
	s = strings.NewReplacer(",", " ", ".", " ", "\"", "", "'", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func knownAddress(addr string, contacts []message.Address) bool {
	for _, c := range contacts {
		if sameAddress(c.Addr, addr) {
			return true
		}
	}
	return false
}

func isFreemail(domain string) bool { return domain != "" && facts().freemail[domain] }

// dkimAligned tells whether a passing DKIM signature's d= shares the From
// domain's registrable domain (DMARC relaxed alignment).
func dkimAligned(auth authView, fromDomain string) bool {
	for _, d := range auth.dkimDomains {
		if fromDomain != "" && safedoc.RegistrableDomain(d) == fromDomain {
			return true
		}
	}
	return false
}

// sameAddress tells whether a and b are one address in their canonical
// form (message.CanonicalAddress: the trust list's and the history's).
func sameAddress(a, b string) bool {
	ca := message.CanonicalAddress(a)
	return ca != "" && ca == message.CanonicalAddress(b)
}
