package message

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Field is one header field as it appeared in the message, unfolded but not decoded.
type Field struct {
	Name  string // as written, e.g. "Subject"
	Value string // raw bytes after the colon, unfolded, leading white space trimmed
}

// Header is a message or part header: every field in the order it appeared,
// including repeated fields such as Received or a second From.
type Header struct {
	Fields []Field
	// fallbackCharset reads raw 8-bit bytes in header values that are not
	// UTF-8 (the body's charset is the usual culprit).
	fallbackCharset string
}

// Values returns the raw values of every field with the given name (case-insensitive).
func (h Header) Values(name string) []string {
	var out []string
	for _, f := range h.Fields {
		if f.Is(name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Raw returns the raw value of the first field with the given name, or "".
func (h Header) Raw(name string) string {
	for _, f := range h.Fields {
		if f.Is(name) {
			return f.Value
		}
	}
	return ""
}

// Has tells whether a field with the given name is present.
func (h Header) Has(name string) bool {
	for _, f := range h.Fields {
		if f.Is(name) {
			return true
		}
	}
	return false
}

// Is tells whether the field is called name (case-insensitive).
func (f Field) Is(name string) bool {
	return !endsDiffer(f.Name, name) && strings.EqualFold(f.Name, name)
}

// endsDiffer tells at once that strings.EqualFold(a, b) is false, as it
// is for nearly every other field a name is compared with, because the first
// or the last bytes differ while both are ASCII: two ASCII bytes are the
// same in any case only when they differ at most in the case bit (0x20),
// and the first and last characters of equal strings are equal (an ASCII
// byte is a character of its own, whatever is around it).
func endsDiffer(a, b string) bool {
	return a != "" && b != "" && (bytesDiffer(a[0], b[0]) || bytesDiffer(a[len(a)-1], b[len(b)-1]))
}

func bytesDiffer(x, y byte) bool { return x|y < utf8.RuneSelf && x|0x20 != y|0x20 }

// Text returns the first field with the given name as display text: encoded
// words decoded, raw 8-bit bytes read in their likely charset, control
// characters removed.
func (h Header) Text(name string) string {
	return decodeHeaderText(h.Raw(name), h.fallbackCharset)
}

// DecodeValue decodes one raw value of this header (one of Values) as Text does.
func (h Header) DecodeValue(v string) string {
	return decodeHeaderText(v, h.fallbackCharset)
}

// Addresses returns the addresses of every field with the given name
// (From, To, Cc, Reply-To, ...), parsed leniently.
func (h Header) Addresses(name string) []Address {
	var out []Address
	for _, v := range h.Values(name) {
		out = append(out, parseAddressList(v, h.fallbackCharset)...)
	}
	return out
}

// Date returns the parsed Date field; ok is false when it is missing or unreadable.
func (h Header) Date() (t time.Time, ok bool) {
	return parseDate(h.Raw("Date"))
}

// MessageID returns the Message-ID without its angle brackets.
func (h Header) MessageID() string {
	id := strings.TrimSpace(h.Raw("Message-ID"))
	id = strings.TrimPrefix(id, "<")
	id = strings.TrimSuffix(id, ">")
	return SanitizeText(id)
}

// rfc5322Date is the layout of a date as RFC 5322 recommends writing it.
const rfc5322Date = "Mon, 2 Jan 2006 15:04:05 -0700"

// parseDate reads an RFC 5322 date, and the common deviations from it.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	// Nearly every date is written as rfc5322Date, perhaps with a comment
	// after it: read it so at once. net/mail tries 24 layouts before that
	// one; for such a date it gives this same time, and when the comment is
	// malformed so do the lenient layouts after it (FuzzParseDate).
	d := v
	if i := strings.Index(v, " ("); i > 0 && strings.HasSuffix(v, ")") {
		d = v[:i]
	}
	if t, ok := quickDate(d); ok {
		return t, true
	}
	if t, err := time.Parse(rfc5322Date, d); err == nil {
		return t, true
	}
	return parseDateAnyLayout(v)
}

// parseDateAnyLayout reads a trimmed, non-empty date the way net/mail
// does, else in the lenient layouts of the common deviations.
func parseDateAnyLayout(v string) (time.Time, bool) {
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	// Strip a trailing comment such as "(JST)" and retry with lenient layouts.
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04 -0700",
		"Mon, 02 Jan 2006 15:04:05",
		"Mon Jan 2 15:04:05 2006",
		"Mon Jan 2 15:04:05 MST 2006",
		"2006-01-02 15:04:05 -0700",
		time.RFC3339,
	} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseHeader reads a header block leniently. It returns the header, the offset
// where the body starts and the problems met. A line that is neither a field nor
// a continuation ends the header (the blank line was missing), as most mail
// clients read it; a leading mbox "From " line is skipped.
//
// The fields' values are written one after another into a buffer on the
// stack, and become one string cut at their ends when the header is read
// (or when the buffer is full: one string per 4 KB of values, a field longer
// than that one of its own): one copy and one allocation for all of them,
// not one each (a message has dozens of fields, and each part has a header
// of its own). The fields too start on the stack.
func parseHeader(b []byte) (Header, int, []Problem) {
	var problems []Problem
	var fieldBuf [64]Field
	var endBuf [64]int
	var valueBuf [4096]byte
	fields, values := fieldBuf[:0], valueBuf[:0]
	// ends are where the values of fields[made:] that are finished end in
	// values; made fields have their Value.
	ends, made := endBuf[:0], 0
	// open: a field is being read; its value starts at values[start:].
	open, start := false, 0
	finish := func() {
		if !open {
			return
		}
		ends = append(ends, len(values))
		if n := len(values) - start; n > maxFieldBytes {
			problems = append(problems, Problem{Kind: ProblemHeaderTooLong,
				Detail: fmt.Sprintf("the %s field is %d bytes long (more than %d); the window shows only its start", Clip(SanitizeText(fields[len(fields)-1].Name), 40), n, maxFieldBytes)})
		}
		open = false
	}
	// flush makes the finished values one string and gives each field its
	// part; the open field's bytes move to the buffer's start.
	flush := func() {
		if len(ends) == 0 {
			return
		}
		cut := ends[len(ends)-1]
		all := string(values[:cut])
		from := 0
		for i, e := range ends {
			fields[made+i].Value = all[from:e]
			from = e
		}
		made += len(ends)
		ends = ends[:0]
		values = values[:copy(values, values[cut:])]
		start -= cut
	}
	add := func(v []byte) {
		if len(values)+len(v) > cap(values) {
			flush()
		}
		values = append(values, v...)
	}
	done := func(off int) (Header, int, []Problem) {
		finish()
		flush()
		var h Header
		if len(fields) > 0 {
			h.Fields = make([]Field, len(fields))
			copy(h.Fields, fields)
		}
		return h, off, problems
	}
	pos := 0
	first := true
	for pos < len(b) {
		end := bytes.IndexByte(b[pos:], '\n')
		next := len(b)
		if end >= 0 {
			next = pos + end + 1
		}
		line := bytes.TrimRight(b[pos:next], "\r\n")
		switch {
		case len(line) == 0:
			return done(next)
		case first && bytes.HasPrefix(line, []byte("From ")):
			// mbox envelope line in a lone .eml: not part of the header.
		case line[0] == ' ' || line[0] == '\t':
			if !open {
				problems = append(problems, Problem{Kind: ProblemHeaderMalformed, Detail: "the header starts with a continuation line"})
				break
			}
			add(line)
		default:
			colon := bytes.IndexByte(line, ':')
			name := ""
			if colon > 0 {
				name = fieldName(bytes.TrimRight(line[:colon], " \t"))
			}
			if !validFieldName(name) {
				finish()
				problems = append(problems, Problem{Kind: ProblemHeaderMalformed,
					Detail: "the header has no blank line before the body; reading from \"" + Clip(SanitizeText(string(line)), 40) + "\" as body"})
				return done(pos)
			}
			finish()
			fields = append(fields, Field{Name: name})
			start, open = len(values), true
			add(bytes.TrimLeft(line[colon+1:], " \t"))
		}
		first = false
		pos = next
	}
	return done(len(b))
}

func validFieldName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// decodeHeaderText decodes a header value for display (RFC 2047 encoded words,
// RFC 6532 UTF-8, or raw 8-bit bytes in fallback's charset).
//
// Adjacent encoded words in the same charset are joined before their bytes are
// converted, because many mailers split one multibyte character across two
// words; decoding each on its own would garble it.
func decodeHeaderText(v, fallback string) string {
	if !strings.Contains(v, "=?") {
		return SanitizeText(decodeRawHeaderBytes(v, fallback))
	}
	var out strings.Builder
	var pendingCharset string
	var pending []byte
	flush := func() {
		if len(pending) > 0 {
			text, _ := decodeText(pendingCharset, pending)
			out.WriteString(text)
		}
		pending, pendingCharset = nil, ""
	}
	sc := wordScan{v: v}
	for at := 0; at < len(v); {
		start := strings.Index(v[at:], "=?")
		if start < 0 {
			flush()
			out.WriteString(decodeRawHeaderBytes(v[at:], fallback))
			break
		}
		start += at
		end, charset, raw, ok := sc.encodedWord(start)
		if !ok {
			flush()
			out.WriteString(decodeRawHeaderBytes(v[at:start+2], fallback))
			at = start + 2
			continue
		}
		between := v[at:start]
		// White space between two encoded words is not part of the text (RFC 2047 6.2).
		if !(len(pending) > 0 && strings.TrimSpace(between) == "") {
			flush()
			out.WriteString(decodeRawHeaderBytes(between, fallback))
		}
		if len(pending) > 0 && !strings.EqualFold(normalizeLabel(charset), normalizeLabel(pendingCharset)) {
			flush()
		}
		pendingCharset = charset
		pending = append(pending, raw...)
		at = end
	}
	flush()
	return SanitizeText(out.String())
}

// wordScan finds the encoded words of one header value, each search
// remembering its last answer: the words are asked for at ever later
// starts, and an answer at or past the new start is still the first one
// there. A value of many unclosed words ("=?utf-8?q?a =?utf-8?q?a …") so
// costs one pass, not one pass per word.
type wordScan struct {
	v string
	// The next "?" after "=?", the next "?=" after the encoding, and the
	// next space or tab in a charset and in a word's text.
	mark, close, charsetSpace, textSpace nextIndex
}

// nextIndex is the first index at or after from of its separator in a
// string, remembered for the next question.
type nextIndex struct {
	from, at int // at < 0: none at or after from
	asked    bool
}

// in is the index of the first sep (any byte of it, if anyOf) in v at or
// after from, or -1.
func (n *nextIndex) in(v string, from int, sep string, anyOf bool) int {
	if n.asked && from >= n.from && (n.at < 0 || n.at >= from) {
		return n.at
	}
	var i int
	if anyOf {
		i = strings.IndexAny(v[from:], sep)
	} else {
		i = strings.Index(v[from:], sep)
	}
	if i >= 0 {
		i += from
	}
	n.from, n.at, n.asked = from, i, true
	return i
}

// encodedWord reads "=?charset?Q|B?text?=" at start (where "=?" is) and
// returns where the word ends, its charset and its decoded bytes.
func (sc *wordScan) encodedWord(start int) (end int, charset string, raw []byte, ok bool) {
	v := sc.v
	q1 := sc.mark.in(v, start+2, "?", false)
	if q1 < 0 || len(v) < q1+3 || v[q1+2] != '?' {
		return 0, "", nil, false
	}
	enc := v[q1+1]
	closing := sc.close.in(v, q1+3, "?=", false)
	if closing < 0 {
		return 0, "", nil, false
	}
	charset = v[start+2 : q1]
	text := v[q1+3 : closing]
	if sp := sc.charsetSpace.in(v, start+2, " \t", true); charset == "" || sp >= 0 && sp < q1 {
		return 0, "", nil, false
	}
	if sp := sc.textSpace.in(v, q1+3, " \t", true); sp >= 0 && sp < closing && enc != 'B' && enc != 'b' {
		return 0, "", nil, false
	}
	switch enc {
	case 'B', 'b':
		raw = DecodeBase64Lenient([]byte(text))
	case 'Q', 'q':
		raw = decodeQEncoding(text)
	default:
		return 0, "", nil, false
	}
	return closing + 2, charset, raw, true
}

// decodeQEncoding decodes the Q encoding of RFC 2047: "_" is a space, "=XX" a
// byte; a malformed escape is kept as written.
func decodeQEncoding(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_':
			out = append(out, ' ')
		case c == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

// decodeRawHeaderBytes reads header text outside encoded words: UTF-8 when it is
// valid, otherwise the fallback charset or a guess.
func decodeRawHeaderBytes(s, fallback string) string {
	if utf8.ValidString(s) {
		return s
	}
	if fallback != "" {
		if text, note := decodeText(fallback, []byte(s)); note.Kind == "" {
			return text
		}
	}
	text, _ := guessCharset([]byte(s))
	return text
}

// SanitizeText makes decoded header text safe to show: folding white space
// becomes one space, and other control characters are dropped.
func SanitizeText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	prevSpace := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		folding := r == '\t' || r == '\r' || r == '\n'
		switch {
		case folding && !prevSpace:
			b.WriteByte(' ')
		case isControl(r):
		default:
			b.WriteRune(r)
		}
		prevSpace = folding
	}
	return strings.TrimSpace(b.String())
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Clip cuts s to n characters, marking the cut with "…", reading no further
// than that: a header value may be megabytes long.
func Clip(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
