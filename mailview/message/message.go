package message

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	htmlcharset "golang.org/x/net/html/charset"
)

// Limits that keep a hostile message from exhausting the reader.
const (
	maxMIMEDepth = 32
	maxMIMEParts = 5000
	maxProblems  = 50 // more are summed up in one last problem
)

// Part is one leaf of a message's MIME tree: a body text, an inline image, an
// attachment. Its content is transfer-decoded once, when the message is
// parsed, and shared by every later stage.
type Part struct {
	Path        string            // IMAP-style section number: "1", "2.1"
	Header      Header            // the part's own header
	ContentType string            // lower-case media type; text/plain when missing or unreadable
	Params      map[string]string // Content-Type parameters, lower-case keys, decoded
	Disposition string            // "inline", "attachment" or ""
	Filename    string            // decoded file name, "" when none was given
	ContentID   string            // without angle brackets
	Encoding    string            // Content-Transfer-Encoding, lower-case
	Size        int64             // decoded size in bytes
	Parent      string            // media type of the enclosing multipart, "" at the top

	data []byte // the decoded content; a slice of the raw message for identity encodings
}

// Charset returns the declared charset parameter, or "".
func (p *Part) Charset() string { return p.Params["charset"] }

// WriteTo writes the part's decoded content to w.
func (p *Part) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(p.data)
	return int64(n), err
}

// Bytes returns the part's decoded content. It is shared, not copied: the
// caller must not change it.
func (p *Part) Bytes() []byte { return p.data }

// IsText tells whether the part is a body text (plain or HTML) rather than
// something attached: an attachment disposition or a file name makes it a file.
func (p *Part) IsText() bool {
	return (p.ContentType == "text/plain" || p.ContentType == "text/html") &&
		p.Disposition != "attachment" && p.Filename == ""
}

// Message is a parsed mail message. Parsing never fails: what could not be
// read by the rules is read best-effort and listed in Problems.
type Message struct {
	Header   Header
	Text     string  // the text/plain bodies, UTF-8, LF line ends
	HTML     string  // the text/html bodies, UTF-8
	Parts    []*Part // every leaf part, in order
	Problems []Problem
	Size     int    // bytes of the raw message
	Raw      []byte // the message as received (not copied; for the source view and reports)
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

// PartByContentID finds the part a "cid:" URL refers to, or nil.
func (m *Message) PartByContentID(cid string) *Part {
	cid = strings.Trim(cid, "<> ")
	for _, p := range m.Parts {
		if p.ContentID != "" && strings.EqualFold(p.ContentID, cid) {
			return p
		}
	}
	return nil
}

// Parse reads a message from its raw bytes (RFC 5322 with MIME). The returned
// message refers to raw; the caller must not change it afterwards.
func Parse(raw []byte) *Message {
	m := &Message{Size: len(raw), Raw: raw}
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

func (w *walker) leaf(h Header, body []byte, path, ct string, params map[string]string, parent string) {
	p := &Part{
		Path:        path,
		Header:      h,
		ContentType: ct,
		Params:      params,
		Encoding:    strings.ToLower(strings.TrimSpace(h.Raw("Content-Transfer-Encoding"))),
		Parent:      parent,
	}
	p.Header.fallbackCharset = params["charset"]
	if d := h.Raw("Content-Disposition"); d != "" {
		disp, dparams, _ := parseMediaType(d, params["charset"])
		p.Disposition = disp
		p.Filename = dparams["filename"]
	}
	if p.Filename == "" {
		p.Filename = params["name"]
	}
	p.Filename = SanitizeText(p.Filename)
	p.ContentID = strings.Trim(strings.TrimSpace(h.Raw("Content-ID")), "<>")
	data, damaged, known := transferDecode(p.Encoding, body)
	p.data, p.Size = data, int64(len(data))
	if !known {
		w.problem(ProblemEncodingUnknown, path, "unknown Content-Transfer-Encoding %q; content kept as it is", Clip(p.Encoding, 40))
	}
	if damaged > 0 {
		w.problem(ProblemEncodingDamaged, path, "%d damaged bytes in %s content were skipped or kept as written", damaged, p.Encoding)
	}
	w.msg.Parts = append(w.msg.Parts, p)
}

// decodePartText returns a body part's text as UTF-8 with LF line ends,
// reporting a charset it had to guess.
func (w *walker) decodePartText(p *Part) string {
	b := p.Bytes()
	label := p.Charset()
	if label == "" && p.ContentType == "text/html" {
		// An HTML part may declare its charset in a meta tag instead.
		if _, name, _ := htmlcharset.DetermineEncoding(b, "text/html"); name != "windows-1252" {
			label = name
		}
	}
	text, note := decodeText(label, b)
	if note.Kind != "" {
		declared := note.Declared
		if declared == "" {
			declared = "none"
		}
		w.problem(note.Kind, p.Path, "declared charset %s; read as %s", declared, note.Used)
	}
	text = normalizeNewlines(text)
	if p.ContentType == "text/plain" && strings.EqualFold(p.Params["format"], "flowed") {
		text = unflow(text, strings.EqualFold(p.Params["delsp"], "yes"))
	}
	return text
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676): a line
// ending in a space continues on the next line of the same quote depth;
// space-stuffing is removed; with delsp=yes the trailing space goes too. The
// signature separator "-- " is never joined.
func unflow(text string, delsp bool) string {
	lines := strings.Split(text, "\n")
	var b strings.Builder
	joining := false
	prevDepth := 0
	for i, line := range lines {
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(line[depth:], " ") // space-stuffing
		if joining && depth == prevDepth {
			b.WriteString(content)
		} else {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(line[:depth])
			if depth > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(content)
		}
		joining = strings.HasSuffix(content, " ") && content != "-- "
		if joining && delsp {
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-1])
		}
		prevDepth = depth
	}
	return b.String()
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
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
