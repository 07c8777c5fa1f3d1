package correspondents

import (
	"slices"
	"sort"
	"time"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// Lesson is what one message teaches: whom the reader wrote to (Sent), or
// what a sender's mail looks like.
type Lesson struct {
	Sent        bool
	AddressBook bool              // Sent: an address book's entry, not a message
	Recipients  []message.Address // Sent: To, Cc and Bcc
	Date        time.Time
	Observation check.Observation // received
}

// senderKey is the address a received lesson is recorded under; "" for
// sent mail.
func (l Lesson) senderKey() string {
	if l.Sent {
		return ""
	}
	return l.Observation.Addr // canonical already
}

// recipientKey is the address recipient i of a sent lesson is recorded
// under; "" when it has none.
func (l Lesson) recipientKey(i int) string { return l.Recipients[i].Canonical() }

// Addresses are the addresses lessons are recorded under, senders and
// recipients, each once: the records a Record of them changes.
func Addresses(lessons []Lesson) (senders, recipients []string) {
	seen := map[string]bool{}
	add := func(list *[]string, k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			*list = append(*list, k)
		}
	}
	for _, l := range lessons {
		add(&senders, l.senderKey())
	}
	clear(seen)
	for _, l := range lessons {
		if l.Sent {
			for i := range l.Recipients {
				add(&recipients, l.recipientKey(i))
			}
		}
	}
	return senders, recipients
}

// HeaderFields are the header fields a lesson reads: learning over IMAP
// fetches only these (BODY.PEEK[HEADER.FIELDS (…)]), never a body.
var HeaderFields = []string{
	"From", "Sender", "To", "Cc", "Bcc", "Reply-To", "Date", "Message-ID",
	"X-Mailer", "User-Agent", "Received", "X-Originating-IP", "X-Sender-IP", "X-Source-IP",
	"Authentication-Results", "Received-SPF", "ARC-Authentication-Results", "ARC-Seal",
	"Authentication-Results-Original", "X-MS-Exchange-Organization-AuthAs",
}

// Teach reads a message (its header is enough): mail From one of me is
// sent mail, any other is received mail. ok is false when it teaches
// nothing (no sender address, or sent to no one).
func Teach(h message.Header, me []string, authServIDs []string) (l Lesson, ok bool) {
	from := h.Addresses("From")
	if len(from) == 0 || from[0].Canonical() == "" {
		return Lesson{}, false
	}
	l.Date, _ = h.Date()
	if slices.ContainsFunc(me, func(m string) bool { return message.CanonicalAddress(m) == from[0].Canonical() }) {
		return teachSent(h, l, me)
	}
	l.Observation = check.Observe(h, authServIDs)
	return l, l.Observation.Addr != ""
}

// TeachSent reads a message of the reader's Sent folder: sent mail whatever
// its From says (an alias, a shared mailbox the reader sends as).
func TeachSent(h message.Header, me []string) (l Lesson, ok bool) {
	l.Date, _ = h.Date()
	for _, a := range h.Addresses("From") {
		me = append(me[:len(me):len(me)], a.Addr)
	}
	return teachSent(h, l, me)
}

func teachSent(h message.Header, l Lesson, me []string) (Lesson, bool) {
	l.Sent = true
	for _, f := range []string{"To", "Cc", "Bcc"} {
		for _, a := range h.Addresses(f) {
			if a.Canonical() != "" && !slices.ContainsFunc(me, func(m string) bool { return message.CanonicalAddress(m) == a.Canonical() }) {
				l.Recipients = append(l.Recipients, a)
			}
		}
	}
	return l, len(l.Recipients) > 0
}

func sortKnown(list []Known) {
	sort.Slice(list, func(i, j int) bool { return list[i].Account < list[j].Account })
}

func sortAddresses(list []message.Address) {
	sort.Slice(list, func(i, j int) bool { return list[i].Addr < list[j].Addr })
}
