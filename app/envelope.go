package app

import (
	"mailsafe/mailview/message"
	"strings"

	"github.com/emersion/go-imap/v2"
	"golang.org/x/text/unicode/norm"
)

// listHeaderSection is the FETCH item the message list reads: the whole
// header, BODY.PEEK[HEADER]. The list shows From, Subject and Date from it
// (decoded by mailview in the charset of the body text when a single-part
// message names one, as the reading pane does), and the list's badge is
// first computed from it (Authentication-Results, Reply-To, Received…)
// before any body is fetched. PEEK: listing a folder never sets \Seen.
func listHeaderSection() *imap.FetchItemBodySection {
	return &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
}

// DecodeListHeader is the one place where the app turns a message's header
// into the text the list shows and searches. header holds the raw header
// bytes (the whole header, kept in e.Header, or a HEADER.FIELDS section); they are decoded by
// mailview, exactly as the reading pane decodes the full message, so an
// ISO-2022-JP, Shift_JIS or EUC-JP subject reads the same in both. env, the
// server's ENVELOPE, is used only when there are no header bytes (a server
// that sent no header section), and for the date when the header has none
// that parses; its strings go through the same decoder, because servers
// pass encoded words through undecoded.
func DecodeListHeader(e *Envelope, header []byte, env *imap.Envelope) {
	h := message.Parse(header).Header
	if strings.TrimSpace(string(header)) != "" {
		e.Header = header
	}
	if strings.TrimSpace(string(header)) == "" && env != nil {
		// No header section: rebuild the fields from the ENVELOPE.
		h = message.Parse(envelopeHeader(env)).Header
	}
	// Clones: a list of 100,000 keeps these, not the header they may be
	// cut from.
	e.Subject = strings.Clone(h.Text("Subject"))
	if from := h.Addresses("From"); len(from) > 0 {
		e.FromName, e.FromAddr = strings.Clone(strings.TrimSpace(from[0].Name)), strings.Clone(strings.TrimSpace(from[0].Addr))
	}
	// In UTC: the list shows dates in local time, and a time in the
	// sender's zone would keep a zone of its own per message.
	if t, ok := h.Date(); ok {
		e.Date = t.UTC()
	} else if env != nil && !env.Date.IsZero() {
		e.Date = env.Date.UTC()
	}
}

// envelopeHeader writes an ENVELOPE's subject and first sender back as
// header lines, leaving out the placeholders Dovecot puts in for an address
// it could not parse (MISSING_MAILBOX, MISSING_DOMAIN).
func envelopeHeader(env *imap.Envelope) []byte {
	var b strings.Builder
	oneLine := func(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }
	if env.Subject != "" {
		b.WriteString("Subject: " + oneLine(env.Subject) + "\r\n")
	}
	if len(env.From) > 0 {
		f := env.From[0]
		addr := ""
		if f.Mailbox != "" && f.Mailbox != "MISSING_MAILBOX" && f.Host != "" && f.Host != "MISSING_DOMAIN" {
			addr = f.Mailbox + "@" + f.Host
		}
		name := oneLine(f.Name)
		switch {
		case name != "" && addr != "":
			b.WriteString("From: " + name + " <" + addr + ">\r\n")
		case name != "":
			// "<>" keeps the name a name: a bare token would be read as the address.
			b.WriteString("From: " + name + " <>\r\n")
		case addr != "":
			b.WriteString("From: " + addr + "\r\n")
		}
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// SenderText is the sender as the list shows it: the first address of From
// as `Name <addr>`, the name or the address alone when the other is missing.
func SenderText(from []message.Address) string {
	if len(from) == 0 {
		return ""
	}
	name, addr := strings.TrimSpace(from[0].Name), strings.TrimSpace(from[0].Addr)
	switch {
	case name == "":
		return addr
	case addr == "":
		return name
	default:
		return name + " <" + addr + ">"
	}
}

// Matches tells whether the list's search text occurs in the message's
// subject or sender. The comparison ignores case and width (NFKC), so
// "ｼｷｭｳ" finds "シキュウ" and "ＡＢＣ" finds "abc". It searches the decoded
// text the list shows, on the messages already loaded: no IMAP SEARCH, so
// nothing depends on the server's charset support.
func (e Envelope) Matches(query string) bool {
	q := foldForSearch(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	return strings.Contains(foldForSearch(e.Subject), q) || strings.Contains(foldForSearch(e.Sender()), q)
}

// Sender is the sender as the list searches it: `Name <addr>`, or the name
// or the address alone (SenderText).
func (e Envelope) Sender() string {
	return SenderText([]message.Address{{Name: e.FromName, Addr: e.FromAddr}})
}

func foldForSearch(s string) string { return strings.ToLower(norm.NFKC.String(s)) }
