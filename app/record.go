package app

import (
	"slices"
	"strings"
	"time"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// Record is one message in the JSON form of `mailsafe scan --json`. Its field
// names are a contract (DESIGN.md): fields may be added, never renamed.
type Record struct {
	Source      string             `json:"source"`
	MessageID   string             `json:"message_id"`
	Subject     string             `json:"subject"`
	From        string             `json:"from"`
	Date        string             `json:"date,omitempty"` // RFC 3339
	Findings    []FindingRecord    `json:"findings"`
	Resources   []ResourceRecord   `json:"resources"`
	Links       []LinkRecord       `json:"links"`
	Attachments []AttachmentRecord `json:"attachments"`
	Trace       TraceRecord        `json:"trace"`
	Problems    []ProblemRecord    `json:"problems"`
	Verdict     VerdictRecord      `json:"verdict"`           // an added field
	Lookups     []LookupRecord     `json:"lookups,omitempty"` // only with scan --lookup
	// Forwarded are the messages this one carries (forwarded as
	// attachments), each a record of its own; what they hold counts in
	// Verdict (an added field).
	Forwarded []Record `json:"forwarded,omitempty"`
	// Part is, in a forwarded record, the section of the carrying message
	// that holds it ("2", "3.1").
	Part string `json:"part,omitempty"`
}

// VerdictRecord is the message's overall verdict in the JSON contract.
type VerdictRecord struct {
	Level   check.Level `json:"level"` // safe, caution or danger
	Reasons []check.ID  `json:"reasons"`
}

// FindingRecord is a finding in the JSON contract.
type FindingRecord struct {
	ID       check.ID       `json:"id"`
	Severity check.Severity `json:"severity"`
	Category check.Category `json:"category"`
	Title    string         `json:"title"`
	Detail   string         `json:"detail"`
	Evidence []string       `json:"evidence"`
}

// ResourceRecord is a blocked remote resource in the JSON contract.
type ResourceRecord struct {
	URL     string         `json:"url"`
	Vector  safedoc.Vector `json:"vector"`
	Tracker string         `json:"tracker"`
	Reasons []check.Reason `json:"reasons"`
}

// LinkRecord is a link in the JSON contract.
type LinkRecord struct {
	Text   string           `json:"text"`
	URL    string           `json:"url"`
	Kind   safedoc.LinkKind `json:"kind"` // a, area, form, ping or text (a URL in plain text)
	Issues []check.ID       `json:"issues"`
	// Target is where the link goes once security wrappers (Safe Links,
	// URL Defense, …) are read offline; present only when it differs from url.
	Target         string   `json:"target,omitempty"`
	Wrappers       []string `json:"wrappers,omitempty"`
	TrackingParams []string `json:"tracking_params,omitempty"`
}

// AttachmentRecord is an attachment in the JSON contract.
type AttachmentRecord struct {
	Filename    string     `json:"filename"`
	ContentType string     `json:"content_type"`
	Size        int64      `json:"size"`
	Inline      bool       `json:"inline"`
	Issues      []check.ID `json:"issues"`
}

// TraceRecord is the Received path in the JSON contract.
type TraceRecord struct {
	OriginIP string      `json:"origin_ip"`
	Hops     []HopRecord `json:"hops"`
}

// HopRecord is one Received hop.
type HopRecord struct {
	From string `json:"from"`
	By   string `json:"by"`
	IP   string `json:"ip"`
	Time string `json:"time"`
}

// ProblemRecord is a departure from the mail standards that was read
// best-effort (a field added to the contract).
type ProblemRecord struct {
	Kind   string `json:"kind"`
	Part   string `json:"part,omitempty"`
	Detail string `json:"detail"`
}

// NewRecord builds the JSON record of an analysed message, with titles and
// details in lang. Lists are never null, so consumers can iterate them.
func NewRecord(source string, v *mailview.View, lang string) Record {
	r := Record{
		Source:    source,
		MessageID: v.Message.Header.MessageID(),
		Subject:   v.Subject,
		From:      formatAddresses(v.From),
		// Each list is made at its final length: a message can carry
		// 5,000 resources and 5,000 links, and growing their records by
		// appending allocated about twice what they hold.
		Findings:    make([]FindingRecord, 0, len(v.Findings)),
		Resources:   make([]ResourceRecord, 0, len(v.Resources)),
		Links:       make([]LinkRecord, 0, len(v.Links)),
		Attachments: make([]AttachmentRecord, 0, len(v.Attachments)),
		Trace:       TraceRecord{Hops: make([]HopRecord, 0, len(v.Trace.Hops))},
		Problems:    make([]ProblemRecord, 0, len(v.Message.Problems)),
	}
	if !v.Date.IsZero() {
		r.Date = v.Date.Format(time.RFC3339)
	}
	for _, f := range v.Findings {
		r.Findings = append(r.Findings, findingRecord(f, lang))
	}
	for _, res := range v.Resources {
		r.Resources = append(r.Resources, ResourceRecord{URL: res.URL, Vector: res.Vector, Tracker: res.Tracker, Reasons: nonNil(res.Reasons)})
	}
	for _, l := range v.Links {
		rec := LinkRecord{Text: l.Text, URL: l.URL, Kind: l.Kind, Issues: nonNil(l.Issues),
			Wrappers: l.Target.Wrappers, TrackingParams: l.Target.TrackingParams}
		if l.Target.URL != l.URL {
			rec.Target = l.Target.URL
		}
		r.Links = append(r.Links, rec)
	}
	for _, a := range v.Attachments {
		r.Attachments = append(r.Attachments, AttachmentRecord{
			Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, Inline: a.Inline, Issues: nonNil(a.Issues),
		})
	}
	r.Trace.OriginIP = v.Trace.OriginIP
	for _, h := range v.Trace.Hops {
		hop := HopRecord{From: h.From, By: h.By, IP: h.IP}
		if !h.Time.IsZero() {
			hop.Time = h.Time.Format(time.RFC3339)
		}
		r.Trace.Hops = append(r.Trace.Hops, hop)
	}
	r.Verdict = VerdictRecord{Level: v.Verdict.Level, Reasons: nonNil(v.Verdict.Reasons)}
	for _, p := range v.Message.Problems {
		r.Problems = append(r.Problems, ProblemRecord{Kind: p.Kind, Part: p.Part, Detail: p.Detail})
	}
	for _, fv := range v.Forwarded {
		fr := NewRecord(source, fv, lang)
		fr.Part = fv.Part
		r.Forwarded = append(r.Forwarded, fr)
	}
	return r
}

func formatAddresses(list []message.Address) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// findingRecord is a finding in the JSON contract, in lang.
func findingRecord(f check.Finding, lang string) FindingRecord {
	return FindingRecord{ID: f.ID, Severity: f.Severity, Category: f.Category,
		Title: f.Title.In(lang), Detail: f.Detail.In(lang), Evidence: nonNil(f.Evidence)}
}

// addLookups adds the registry answers the reader asked for, and the
// new-domain findings they gave, and judges the message again with them.
func (r *Record) addLookups(v *mailview.View, lookups []LookupResult, lang string) {
	findings := slices.Clone(v.Findings)
	for _, lr := range lookups {
		r.Lookups = append(r.Lookups, lr.Record)
		if lr.Finding != nil {
			r.Findings = append(r.Findings, findingRecord(*lr.Finding, lang))
			findings = append(findings, *lr.Finding)
		}
	}
	verdict := check.Judge(findings)
	r.Verdict = VerdictRecord{Level: verdict.Level, Reasons: nonNil(verdict.Reasons)}
}
