package mailview

import (
	"time"

	"mailsafe/mailview/beacon"
	"mailsafe/mailview/message"
)

// Context carries what analysis cannot know from the message alone.
type Context struct {
	Me         []string          // the reader's own addresses; their domains are "our domain"
	Contacts   []message.Address // people the reader knows
	AuthServID string            // the authserv-id of the reader's own server, trusted in Authentication-Results
	Now        time.Time         // the analysis time; zero means time.Now()
	Trackers   *beacon.Rules     // the tracker rule set; nil means the built-in one
	// LookupTXT answers DNS TXT queries for DKIM keys. nil (the default) means
	// no lookups: analysis never touches the network unless the reader allowed
	// it and the caller supplies a resolver.
	LookupTXT func(domain string) ([]string, error)
}

// Severity ranks a finding.
type Severity string

// Severities, from least to most urgent.
const (
	SeverityInfo   Severity = "info"
	SeverityWarn   Severity = "warn"
	SeverityDanger Severity = "danger"
)

// Text is a piece of prose in both languages the product speaks.
type Text struct {
	EN string
	JA string
}

// In returns the text in lang ("ja" or anything else for English), falling
// back to English when no translation exists.
func (t Text) In(lang string) string {
	if lang == "ja" && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// Finding is one thing the reader should know about a message. Its ID is one
// of the stable finding ids of the design.
type Finding struct {
	ID       string
	Severity Severity
	Category string // tracking, sender, links or attachments
	Title    Text
	Detail   Text
	Evidence []string
}

// Resource is a remote URL that would load if remote content were allowed.
type Resource struct {
	URL     string
	Vector  string   // how it would load: img-src, css-url, ... (the Vector* constants)
	Tracker string   // the tracking vendor, "" when none is known
	Reasons []string // why it is suspected: known-vendor, tiny, hidden, ...
	Width   int      // declared size of an image in CSS pixels, -1 when not declared
	Height  int
	Hidden  bool // the element or an ancestor is hidden: the reader would never see it load
}

// Link is a click target with the text the reader sees.
type Link struct {
	Text   string
	URL    string // the real target, resolved like a browser would
	Kind   string // a, area, form (an action), ping (requested when the link is followed)
	Issues []string
}

// Attachment is a part the reader may save.
type Attachment struct {
	Filename    string
	ContentType string
	Size        int64
	Inline      bool // shown in the body (an inline image) rather than offered as a file
	Issues      []string
	Part        *message.Part
}

// View is everything mailsafe knows about one message: the parsed message, the
// text to show, and what analysis found.
type View struct {
	Message     *message.Message
	Subject     string
	From        []message.Address
	To          []message.Address
	Cc          []message.Address
	Date        time.Time // zero when the Date field is missing or unreadable
	Document    *Document // the body made safe to show (the HTML part when there is one)
	Findings    []Finding
	Resources   []Resource
	Links       []Link
	Attachments []Attachment
	Trace       message.Trace
}

// Analyze parses raw and examines it. It never fails: malformed input gives a
// view of what could be read and problems in View.Message.Problems.
func Analyze(raw []byte, ctx Context) *View {
	m := message.Parse(raw)
	v := &View{
		Message: m,
		Subject: m.Header.Text("Subject"),
		From:    m.Header.Addresses("From"),
		To:      m.Header.Addresses("To"),
		Cc:      m.Header.Addresses("Cc"),
	}
	if t, ok := m.Header.Date(); ok {
		v.Date = t
	}
	v.Trace = message.ParseTrace(m.Header)
	a := newAnalysis()
	if m.HTML != "" {
		v.Document = sanitizeHTML(m.HTML, m, a, 0, nil)
	}
	if v.Document == nil || len(v.Document.Blocks) == 0 && m.Text != "" {
		v.Document = plainTextDocument(m.Text, a)
	}
	v.Resources = a.resources
	v.Links = a.links
	for _, p := range m.Attachments() {
		v.Attachments = append(v.Attachments, Attachment{
			Filename:    p.Filename,
			ContentType: p.ContentType,
			Size:        p.Size,
			Inline:      p.Disposition == "inline" || p.Disposition == "" && p.ContentID != "" && p.Filename == "",
			Part:        p,
		})
	}
	v.Findings = append(v.Findings, trackingAnalysis(v, ctx)...)
	markTrackingImages(v)
	v.Findings = append(v.Findings, linkFindings(v)...)
	v.Findings = append(v.Findings, attachmentFindings(v)...)
	v.Findings = append(v.Findings, senderFindings(v, ctx)...)
	v.Findings = append(v.Findings, mailerFindings(v)...)
	if f, ok := dkimFinding(raw, v, ctx); ok && !hasFinding(v.Findings, FindingAuthFail) {
		v.Findings = append(v.Findings, f)
	}
	if f, ok := lookalikeFinding(v, ctx); ok {
		v.Findings = append(v.Findings, f)
	}
	v.Findings = append(v.Findings, contentFindings(v)...)
	return v
}

func hasFinding(list []Finding, id string) bool {
	for _, f := range list {
		if f.ID == id {
			return true
		}
	}
	return false
}
