// Package check finds what the reader should know about a message: who is
// watching (tracking pixels, address leaks, click trackers), who is pretending
// (authentication results as RFC 8601 stamps them, display names, look-alike
// domains, mailer claims), links that deceive and attachments that run code.
//
// The checks read what the earlier stages produced (package message's parse,
// package safedoc's document and inventory) and never change it: their
// verdicts are their own values, one file per concern.
package check

import (
	"time"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// Mail is one message as the checks read it. Run fills in the verdicts of
// its resources, links and attachments.
type Mail struct {
	Message     *message.Message
	Subject     string
	From        []message.Address
	To          []message.Address
	Cc          []message.Address
	ReplyTo     []message.Address
	Date        time.Time // zero when the Date field is missing or unreadable
	Document    *safedoc.Document
	Trace       message.Trace
	Resources   []Resource
	Links       []Link
	Attachments []Attachment

	auth authView // the trusted authentication results, read once by Run
	list listInfo // what the headers say of a mailing list, read once by Run
	text string   // the document as plain text, made once by Run for the checks that read words
	// quoted is what the quoted header lines of a forward written into the
	// text say (inlineForwarded), nil when there are none: read once by Run.
	quoted *forwardedOriginal
	// deepEncoded counts URLs percent-encoded in more layers than the
	// search for the reader's address undoes (budget.go reports them).
	deepEncoded int
}

// Resource is a remote reference with its one tracking verdict.
type Resource struct {
	safedoc.Resource
	Tracking
}

// Tracking is the verdict on one resource: whether loading it tracks the
// reader, and why. app (what may load) and ui (placeholders, the reveal
// panel) read it; nothing else decides it.
type Tracking struct {
	Tracker string   // the tracking vendor, "" when none is known
	Reasons []Reason // why it is suspected; only claims that hold for it
	// Tracks is true when loading it tells someone that the reader opened the
	// message: a known vendor's URL, one carrying the reader's address, or a
	// tiny, hidden or situational (print, dark mode, forward) resource that is
	// not a plain layout spacer.
	Tracks bool
	// SendsAddress is true when loading it sends the reader's address.
	SendsAddress bool
}

// Reason says why a resource is suspected of tracking.
type Reason string

// Link is a click target with what the checks found wrong with it.
type Link struct {
	safedoc.Link
	Issues []ID
	// Target is where it goes once known wrappers are peeled off (unwrap.go);
	// the link checks read it.
	Target Target
}

// Attachment is a part the reader may save, with what the checks found.
type Attachment struct {
	Filename    string
	ContentType string
	Size        int64
	Inline      bool // shown in the body (an inline image) rather than offered as a file
	Issues      []ID
	Part        *message.Part
	// Unsearched tells that the file was too large to be searched whole
	// (for macros): a budget the checks report (budget.go).
	Unsearched bool
}

// fromMailbox is the first From entry with an address (a group or a
// bare name has none), the zero Address when there is none.
func (v *Mail) fromMailbox() message.Address {
	for _, a := range v.From {
		if a.Addr != "" {
			return a
		}
	}
	return message.Address{}
}

// NewMail gathers the stages' results for the checks.
func NewMail(m *message.Message, doc *safedoc.Document, inv *safedoc.Inventory) *Mail {
	v := &Mail{
		Message:  m,
		Subject:  m.Header.Text("Subject"),
		From:     m.Header.Addresses("From"),
		To:       m.Header.Addresses("To"),
		Cc:       m.Header.Addresses("Cc"),
		ReplyTo:  m.Header.Addresses("Reply-To"),
		Document: doc,
		Trace:    message.ParseTrace(m.Header),
	}
	if t, ok := m.Header.Date(); ok {
		v.Date = t
	}
	v.Resources = make([]Resource, len(inv.Resources))
	for i, r := range inv.Resources {
		v.Resources[i].Resource = r
	}
	v.Links = make([]Link, len(inv.Links))
	for i, l := range inv.Links {
		v.Links[i].Link = l
	}
	for _, p := range m.Attachments() {
		v.Attachments = append(v.Attachments, Attachment{
			Filename:    p.Filename,
			ContentType: p.ContentType,
			Size:        p.Size,
			Inline:      p.Disposition == "inline" || p.Disposition == "" && p.ContentID != "" && p.Filename == "",
			Part:        p,
		})
	}
	return v
}

// readTextBytes is how much of the start and of the end of a body the
// checks that read words are given: at least claimHead, claimTail,
// maxPhrasingText and maxForwardSearch (a test holds it so), and the
// sign-off's last lines unless they are kilobytes long.
const readTextBytes = safedoc.ExcerptBytes

// Run runs every check on v, fills in the verdicts of its resources, links
// and attachments, and returns the findings.
func Run(v *Mail, reader Reader) []Finding {
	v.auth = trustedAuth(v.Message.Header, reader.AuthServIDs)
	v.list = mailingList(v.Message.Header)
	if v.Document != nil {
		// The checks read a body's start and its end (the first 16 KB for
		// phrasing, brands and a forward's quoted header, the last 4 KB and
		// the last lines for brands and the sign-off): of a long body only
		// those are copied.
		v.text = v.Document.Excerpt()
	}
	if o, ok := inlineForwarded(v); ok {
		v.quoted = &o
	}
	unwrapLinks(v)
	var out []Finding
	out = append(out, trackingAnalysis(v, reader)...)
	out = append(out, linkFindings(v)...)
	out = append(out, attachmentFindings(v)...)
	out = append(out, senderFindings(v, reader)...)
	out = append(out, hostingFindings(v)...)
	out = append(out, recipientFindings(v, reader)...)
	if f, ok := obfuscationFinding(v); ok {
		out = append(out, f)
	}
	if f, ok := imageOnlyFinding(v); ok {
		out = append(out, f)
	}
	out = append(out, mailerFindings(v)...)
	out = historyFindings(v, reader, out)
	if f, ok := dkimFinding(v, reader); ok && !hasFinding(out, FindingAuthFail) {
		out = append(out, f)
	}
	if f, ok := brandFinding(v, reader); ok {
		out = append(out, f)
	}
	if f, ok := lookalikeFinding(v, reader); ok {
		out = append(out, f)
	}
	for _, f := range forwardedFindings(v, reader) {
		if !hasFinding(out, f.ID) {
			out = append(out, f)
		}
	}
	out = append(out, contentFindings(v)...)
	budgetProblems(v)
	out = append(out, budgetFindings(v)...)
	v.text = "" // the checks are done: the view keeps the document, not a second copy of its text
	return out
}

// Carried returns the findings of a message carried inside another (a mail
// forwarded as an attachment) that count toward the carrier's verdict: what
// the carried message holds and claims — its links and attachments, a brand
// or a look-alike domain, pressing language or a lure (one family of
// wording, verdict.go), a part of it left unchecked — and not what its headers say
// of its delivery (authentication, bounce address, history with the
// sender), which describe a delivery to someone else.
func Carried(findings []Finding) []Finding {
	var out []Finding
	for _, f := range findings {
		switch {
		case f.Category == CategoryLinks, f.Category == CategoryAttachments,
			f.ID == FindingBrandImpersonation, f.ID == FindingLookalikeDomain, f.ID == FindingUrgencyLanguage, f.ID == FindingLureLanguage,
			f.ID == FindingIncomplete:
			out = append(out, f)
		}
	}
	return out
}
