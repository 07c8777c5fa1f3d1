package message

import (
	"bytes"
	"io"
	"strings"
	"unsafe"

	htmlcharset "golang.org/x/net/html/charset"
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
	Size        int64             // decoded size in bytes, as received (after ParseOwned a body text's Bytes may be shorter: LF line ends)
	Parent      string            // media type of the enclosing multipart, "" at the top

	// data is the decoded content: a slice of the raw message for identity
	// encodings, or after ParseOwned, base64 decoded where it lay in it.
	data     []byte
	identity bool // sent as it is (7bit, 8bit, binary or no encoding)
	// lf tells that data is a body text whose CRLF line ends ParseOwned
	// made LF: Size counts them as received, Bytes does not; label is the
	// charset label read from its start as received.
	lf    bool
	label string
}

// ownText tells that the part's bytes are read as its text alone
// (decodePartText): a body text that no cid: URL names (the HTML reads a
// named part's bytes as a document of its own).
func (p *Part) ownText() bool { return p.IsText() && p.ContentID == "" }

// textLabel is the charset label a body text is read in: its declared
// charset, or for HTML without one what the document's start says
// (htmlcharset reads its first 1024 bytes).
func textLabel(p *Part, b []byte) string {
	label := p.Charset()
	if label == "" && p.ContentType == "text/html" {
		// An HTML part may declare its charset in a meta tag instead.
		if _, name, _ := htmlcharset.DetermineEncoding(b, "text/html"); name != "windows-1252" {
			label = name
		}
	}
	return label
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

// IsMessage tells whether the part is a whole message carried inside this
// one (RFC 2046 message/rfc822, RFC 6532 message/global): a mail forwarded
// as an attachment, a bounce.
func (p *Part) IsMessage() bool {
	return p.ContentType == "message/rfc822" || p.ContentType == "message/global"
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
	data, damaged, known, identity := transferDecode(p.Encoding, body, w.msg.owned)
	if identity && w.msg.owned.crlf {
		// A body text read as it is, ASCII or UTF-8, keeps LF line ends: only
		// its text is read, and that has LF line ends anyway. Anything else
		// is read byte for byte (a file's signature at an offset, a budget, a
		// decoder to which a CR is more than a line end: UTF-16, ISO-2022-JP,
		// EBCDIC): its content as received. The label is read from the
		// text's start as received, as Parse reads it.
		if p.ownText() {
			head := withCRLF(data[:min(len(data), 1024)])
			if label := textLabel(p, head); readAsIs(normalizeLabel(label), data) {
				p.lf, p.label = true, label
			}
		}
		if !p.lf {
			data = withCRLF(data)
		}
	}
	p.data, p.Size, p.identity = data, int64(len(data)), identity
	if p.lf {
		p.Size += int64(bytes.Count(data, []byte{'\n'})) // as received, each line ended in CRLF
	}
	if !identity && len(data) > 0 && &data[0] == &body[0] {
		w.msg.sourceLost = true // decoded where it lay (ParseOwned)
	}
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
	label := p.label
	if !p.lf {
		label = textLabel(p, b)
	}
	asString := lfString
	if w.msg.owned.inPlace && p.ownText() {
		// ParseOwned: the line ends are made LF where the text lies, in the
		// message's bytes or the part's decoded copy.
		asString = func(b []byte) string {
			if bytes.IndexByte(b, '\r') < 0 {
				return sharedString(b)
			}
			p.data = b[:lfInPlace(b)]
			if p.identity {
				w.msg.sourceLost = true
			}
			return sharedString(p.data)
		}
	}
	text, note := decodeTextAs(label, b, asString)
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
// signature separator "-- " is never joined. Each line is written once, so
// the cost is linear in the text.
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
		content := strings.TrimPrefix(line[depth:], " ")            // space-stuffing
		next := strings.HasSuffix(content, " ") && content != "-- " // a soft break: the next line continues this one
		if next && delsp {
			content = content[:len(content)-1] // the space was only the break's mark
		}
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
		joining = next
		prevDepth = depth
	}
	return b.String()
}

// lfString converts b to a string with CRLF and lone CR line ends made LF,
// as normalizeNewlines does, in one copy; b without a CR is not copied at
// all (sharedString).
func lfString(b []byte) string {
	cr := bytes.IndexByte(b, '\r')
	if cr < 0 {
		return sharedString(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for cr >= 0 {
		out.Write(b[:cr])
		out.WriteByte('\n')
		b = b[cr+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
		cr = bytes.IndexByte(b, '\r')
	}
	out.Write(b)
	return out.String()
}

// lfInPlace makes b's CRLF and lone CR line ends LF, as lfString does,
// in b itself, and returns the length of the result.
func lfInPlace(b []byte) int {
	w := bytes.IndexByte(b, '\r')
	if w < 0 {
		return len(b)
	}
	r := w
	for r < len(b) {
		// b[r] is a CR: it becomes the LF, and an LF after it goes.
		b[w] = '\n'
		w++
		r++
		if r < len(b) && b[r] == '\n' {
			r++
		}
		next := bytes.IndexByte(b[r:], '\r')
		if next < 0 {
			next = len(b) - r
		}
		w += copy(b[w:], b[r:r+next])
		r += next
	}
	return w
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// sharedString returns the bytes of a part's content (Part.Bytes: a slice
// of the raw message, or its transfer-decoded copy, or after ParseOwned
// content decoded where it lay in raw) as a string without copying them: a
// body of LF-terminated lines that needs no conversion is its part's bytes
// themselves, not a second copy of a message that may be a hundred
// megabytes. None ever changes once parsed: Parse's caller must not change
// raw, ParseOwned changes it only while it reads, and a part's decoded
// bytes are its own.
func sharedString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
