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
}

// Analyze parses raw and examines it for reader. It never fails: malformed
// input gives a view of what could be read, and problems in
// View.Message.Problems.
func Analyze(raw []byte, reader Reader) *View {
	m := message.Parse(raw)
	doc, inv := safedoc.Read(m)
	v := &View{Mail: *check.NewMail(m, doc, inv)}
	v.Findings = check.Run(&v.Mail, reader)
	v.Verdict = check.Judge(v.Findings)
	return v
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

// Has tells whether the analysis found id.
func (v *View) Has(id check.ID) bool {
	for _, f := range v.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}
