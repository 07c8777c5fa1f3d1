// Package mailview analyses one mail message for mailsafe: it parses it
// leniently (package message), makes its body safe to show and lists every
// remote reference and link (package safedoc), and runs every check on the
// result (package check). The View it returns carries the facts and the
// verdicts; the app and the window read them and never decide them again.
//
// Analysis is pure: no network (unless the Reader supplies a DNS resolver
// for DKIM), no disk, no UI.
package mailview

import (
	"bytes"
	"fmt"
	"strings"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// Reader is what analysis cannot know from the message alone.
type Reader = check.Reader

// View is everything mailsafe knows about one message: the parsed message,
// the safe document, what it would load and link to with the verdict on
// each, the findings and the message's verdict.
type View struct {
	check.Mail
	Findings []check.Finding
	Verdict  check.Verdict
	// Forwarded are the messages this one carries (message/rfc822 parts: a
	// mail forwarded as an attachment, a bounce), each analysed as a
	// message of its own. What they hold counts in Verdict.
	Forwarded []*View
	// Part is, for a forwarded message, the section of the message that
	// carries it ("2", "3.1"); "" for the message itself.
	Part string
	// carried are the findings that count toward the verdict of a message
	// carrying this one: its own (check.Carried) and those its forwarded
	// messages pass up, at any depth.
	carried []check.Finding
}

// Limits on messages inside messages.
const (
	maxForwardDepth = 3  // a forward of a forward of a forward
	maxForwarded    = 20 // carried messages analysed per message, at every depth together
)

// Analyze parses raw and examines it for reader. It never fails: malformed
// input gives a view of what could be read, and problems in
// View.Message.Problems.
func Analyze(raw []byte, reader Reader) *View {
	left := maxForwarded
	return analyze(message.Parse(raw), reader, true, 0, &left)
}

// AnalyzeReport is Analyze for a report that shows no body (scan): the
// view's Document (and its forwarded messages') holds what the checks read
// of the body but not its blocks, which cost about as much memory as the
// body's HTML again. Everything else is Analyze's, finding for finding.
func AnalyzeReport(raw []byte, reader Reader) *View {
	left := maxForwarded
	return analyze(message.Parse(raw), reader, false, 0, &left)
}

// AnalyzeReportOwned is AnalyzeReport for a caller that hands raw over and
// uses it no more (scan): raw is changed where that spares a copy of the
// message's content (message.ParseOwned): CRLF line ends made LF, so that
// a body text is not a second copy of the message, and base64 content
// decoded where it lies, unless the reader allows the DNS lookups that
// verify a DKIM signature over the message as received. The view's
// findings and facts are AnalyzeReport's.
func AnalyzeReportOwned(raw []byte, reader Reader) *View {
	left := maxForwarded
	return analyze(message.ParseOwned(raw, reader.LookupTXT != nil), reader, false, 0, &left)
}

// analyze is Analyze of a parsed message at a depth of carried messages,
// with the number of carried messages that may still be analysed; blocks
// tells whether the documents keep their blocks.
func analyze(m *message.Message, reader Reader, blocks bool, depth int, left *int) *View {
	read := safedoc.ReadFacts
	if blocks {
		read = safedoc.Read
	}
	doc, inv := read(m)
	// The carried messages first: one left unread is a problem of this
	// message, which its checks must see (check-incomplete).
	var forwarded []*View
	for _, p := range m.Parts {
		if !carriesMessage(p) {
			continue
		}
		if depth >= maxForwardDepth || *left <= 0 {
			m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemForwardedUnread, Part: p.Path,
				Detail: fmt.Sprintf("a forwarded message past the limit (%d deep, %d in all) was not analysed", maxForwardDepth, maxForwarded)})
			continue
		}
		*left--
		fv := analyze(message.Parse(p.Bytes()), reader, blocks, depth+1, left)
		fv.Part = p.Path
		forwarded = append(forwarded, fv)
	}
	v := &View{Mail: *check.NewMail(m, doc, inv), Forwarded: forwarded}
	v.Findings = check.Run(&v.Mail, reader)
	counted := v.Findings
	for _, fv := range forwarded {
		counted = append(counted, fv.carried...)
	}
	v.Verdict = check.Judge(counted)
	v.carried = check.Carried(counted)
	return v
}

// carriesMessage tells whether part p is a message of its own: a
// message/rfc822 part, or a file named .eml sent under another type
// (application/octet-stream, text/plain: how many clients attach a saved
// mail) whose content begins as a message header does.
func carriesMessage(p *message.Part) bool {
	if p.IsMessage() {
		return true
	}
	if !strings.HasSuffix(strings.ToLower(p.Filename), ".eml") {
		return false
	}
	head := p.Bytes()[:min(len(p.Bytes()), 64<<10)]
	for _, blank := range []string{"\n\n", "\n\r\n"} { // the header ends at the first blank line
		if end := bytes.Index(head, []byte(blank)); end >= 0 {
			head = head[:end]
		}
	}
	fields := 0
	if bytes.HasPrefix(head, []byte("From ")) { // saved from an mbox, with its separator line
		_, head, _ = bytes.Cut(head, []byte("\n"))
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		name, _, ok := bytes.Cut(line, []byte(":"))
		switch {
		case len(line) > 0 && (line[0] == ' ' || line[0] == '\t'): // a folded line
		case !ok || len(name) == 0 || bytes.ContainsAny(name, " \t"):
			return false
		default:
			switch strings.ToLower(string(name)) {
			case "from", "subject", "date", "received", "message-id", "to":
				fields++
			}
		}
	}
	return fields >= 2
}

// ResourceFor returns the resource a document image loads, with its
// tracking verdict, or nil when the image loads nothing remote.
func (v *View) ResourceFor(im *safedoc.Image) *check.Resource {
	if im == nil || im.URL == "" {
		return nil
	}
	var other *check.Resource
	for i := range v.Resources {
		r := &v.Resources[i]
		if r.URL != im.URL {
			continue
		}
		if r.Vector == im.Vector {
			return r
		}
		if other == nil {
			other = r
		}
	}
	return other
}

// Finding returns the finding id of the message, or else of the first
// forwarded message that has it: a verdict's reasons may come from either.
func (v *View) Finding(id check.ID) (check.Finding, bool) {
	for _, f := range v.Findings {
		if f.ID == id {
			return f, true
		}
	}
	for _, fv := range v.Forwarded {
		if f, ok := fv.Finding(id); ok {
			return f, true
		}
	}
	return check.Finding{}, false
}

// Has tells whether the analysis found id.
func (v *View) Has(id check.ID) bool {
	for _, f := range v.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}
