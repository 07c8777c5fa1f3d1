package message

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Limits that keep a hostile message from exhausting the reader.
const (
	maxMIMEDepth = 32
	maxMIMEParts = 5000
	maxProblems  = 50 // more are summed up in one last problem
	// maxFieldBytes is the length past which a header field is a problem:
	// it is still read whole (in linear time), but shown clipped.
	maxFieldBytes = 64 << 10
)

// Message is a parsed mail message. Parsing never fails: what could not be
// read by the rules is read best-effort and listed in Problems.
type Message struct {
	Header   Header
	Text     string  // the text/plain bodies, UTF-8, LF line ends
	HTML     string  // the text/html bodies, UTF-8
	Parts    []*Part // every leaf part, in order
	Problems []Problem
	Size     int    // bytes of the message as received
	Raw      []byte // the message as received (not copied; for the source view and reports); after ParseOwned, the bytes it changed in reading them: use Source
	// byContentID is the first part of each Content-ID, by foldCase of it
	// (built by Parse; nil when no part has one): an HTML body may refer to
	// thousands of cid: URLs.
	byContentID map[string]*Part
	owned       owned // what ParseOwned did with Raw
	// sourceLost tells that content was decoded where it lay in Raw, so
	// that the message as received is no longer there (Source).
	sourceLost bool
}

// Attachments returns the leaf parts that are not body text: files, inline
// images, attached messages.
func (m *Message) Attachments() []*Part {
	var out []*Part
	for _, p := range m.Parts {
		if !p.IsText() {
			out = append(out, p)
		}
	}
	return out
}

// PartByContentID finds the part a "cid:" URL refers to, or nil: the first
// whose Content-ID equals it as strings.EqualFold compares.
func (m *Message) PartByContentID(cid string) *Part {
	return m.byContentID[foldCase(strings.Trim(cid, "<> "))]
}

// foldCase maps every string that strings.EqualFold holds equal to s to
// one string: each rune becomes the least of its simple case folding orbit
// (an invalid byte, as EqualFold reads it, U+FFFD).
func foldCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// Parse reads a message from its raw bytes (RFC 5322 with MIME). The returned
// message refers to raw; the caller must not change it afterwards.
func Parse(raw []byte) *Message { return parse(raw, owned{}) }

// parse is Parse of raw that ParseOwned may have changed and may change,
// as o says.
func parse(raw []byte, o owned) *Message {
	m := &Message{Size: len(raw), Raw: raw, owned: o}
	if o.crlf {
		m.Size += bytes.Count(raw, []byte{'\n'})
	}
	h, off, problems := parseHeader(raw)
	m.Header = h
	w := walker{msg: m}
	for _, p := range problems {
		w.add(p)
	}
	w.entity(h, raw[off:], "", 0, "")

	// Raw 8-bit header bytes are most likely in the charset of the body text.
	for _, p := range m.Parts {
		if p.IsText() && p.Charset() != "" {
			m.Header.fallbackCharset = p.Charset()
			break
		}
	}
	for _, p := range m.Parts {
		if p.ContentID == "" {
			continue
		}
		if m.byContentID == nil {
			m.byContentID = map[string]*Part{}
		}
		if k := foldCase(p.ContentID); m.byContentID[k] == nil {
			m.byContentID[k] = p
		}
	}
	var text, html []string
	for _, p := range m.Parts {
		if !p.IsText() {
			continue
		}
		s := w.decodePartText(p)
		if p.ContentType == "text/html" {
			html = append(html, s)
		} else {
			text = append(text, s)
		}
	}
	m.Text = strings.Join(text, "\n")
	m.HTML = strings.Join(html, "\n")
	return m
}

type walker struct {
	msg  *Message
	more int // problems past maxProblems
}

func (w *walker) problem(kind, part, format string, args ...any) {
	w.add(Problem{Kind: kind, Part: part, Detail: fmt.Sprintf(format, args...)})
}

// add records a problem; past maxProblems only a count is kept, in the last entry.
func (w *walker) add(p Problem) {
	switch n := len(w.msg.Problems); {
	case n < maxProblems:
		w.msg.Problems = append(w.msg.Problems, p)
	case n == maxProblems:
		w.msg.Problems = append(w.msg.Problems, Problem{Kind: p.Kind, Detail: "1 more problem not listed"})
	default:
		w.more++
		w.msg.Problems[n-1].Detail = fmt.Sprintf("%d more problems not listed", w.more+1)
	}
}

func (w *walker) entity(h Header, body []byte, path string, depth int, parent string) {
	defaultType := "text/plain"
	if parent == "multipart/digest" {
		defaultType = "message/rfc822"
	}
	ctRaw := h.Raw("Content-Type")
	ct, params, ok := parseMediaType(ctRaw, "")
	if ctRaw != "" && (!ok || !strings.Contains(ct, "/")) {
		w.problem(ProblemContentType, path, "unreadable Content-Type %q; read as %s", Clip(SanitizeText(ctRaw), 60), defaultType)
		ct, params = defaultType, map[string]string{}
	}
	if ct == "" {
		ct = defaultType
	}
	if strings.HasPrefix(ct, "multipart/") {
		if depth >= maxMIMEDepth {
			w.problem(ProblemTooDeep, path, "MIME parts nested deeper than %d levels were not read", maxMIMEDepth)
			return
		}
		boundary := params["boundary"]
		if boundary == "" {
			w.problem(ProblemMultipartNoBoundary, path, "%s without a boundary; read as plain text", ct)
			ct, params = "text/plain", map[string]string{}
		} else {
			parts, found, closed := splitMultipart(body, boundary)
			if !found {
				w.problem(ProblemMultipartNoBoundary, path, "the boundary of %s never appears; read as plain text", ct)
				ct, params = "text/plain", map[string]string{}
			} else {
				if !closed {
					w.problem(ProblemMultipartUnclosed, path, "%s is not closed (the message may be cut short); its parts were read up to the end", ct)
				}
				for i, pb := range parts {
					if len(w.msg.Parts) >= maxMIMEParts {
						w.problem(ProblemTooManyParts, path, "more than %d parts; the rest were not read", maxMIMEParts)
						return
					}
					childPath := strconv.Itoa(i + 1)
					if path != "" {
						childPath = path + "." + childPath
					}
					ch, off, problems := parseHeader(pb)
					for _, p := range problems {
						p.Part = childPath
						w.add(p)
					}
					w.entity(ch, pb[off:], childPath, depth+1, ct)
				}
				return
			}
		}
	}
	if path == "" {
		path = "1"
	}
	w.leaf(h, body, path, ct, params, parent)
}

// splitMultipart cuts a multipart body at its boundary delimiter lines. found is
// false when no delimiter appears; closed is false when the closing delimiter is
// missing, in which case the last part runs to the end.
func splitMultipart(body []byte, boundary string) (parts [][]byte, found, closed bool) {
	delim := []byte("--" + boundary)
	start := -1 // where the current part's content starts
	pos := 0
	for pos <= len(body) {
		i := bytes.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		after := i + len(delim)
		isClose := bytes.HasPrefix(body[after:], []byte("--"))
		lineEnd := bytes.IndexByte(body[after:], '\n')
		if lineEnd < 0 {
			lineEnd = len(body)
		} else {
			lineEnd += after + 1
		}
		if (i > 0 && body[i-1] != '\n') || (!isClose && !onlySpace(body[after:lineEnd])) {
			pos = after
			continue
		}
		if start >= 0 {
			end := i
			if end > 0 && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			if end < start {
				end = start
			}
			parts = append(parts, body[start:end])
		}
		found = true
		if isClose {
			return parts, true, true
		}
		start = lineEnd
		pos = lineEnd
		if pos >= len(body) {
			break
		}
	}
	if start >= 0 && start <= len(body) {
		parts = append(parts, body[start:])
	}
	return parts, found, false
}

func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}
