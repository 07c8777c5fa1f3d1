package message

import "bytes"

// A message's content is read once more than it is held: the body text a
// part's bytes decode to, its line ends made LF (RFC 5322 writes mail with
// CRLF, and IMAP serves it so; every reader of a body's text wants LF); an
// attachment decoded from base64. Each is a copy about as large as the
// content, beside the raw message it came from. A caller that owns the raw
// bytes (scan, which reads a message, analyses it and lets it go) can have
// that work done where the bytes lie instead (ParseOwned). Line ends are
// made LF throughout only in a message whose every line ends in CRLF, so
// that the message as received is known again (Message.Source); base64 is
// decoded, and a body text's line ends made LF, in place only when the
// caller needs the message as received no more.

// uniformCRLF tells whether every line of b ends in CRLF: each LF follows
// a CR and each CR comes before an LF.
func uniformCRLF(b []byte) bool {
	lf := bytes.Count(b, []byte{'\n'})
	return lf > 0 && bytes.Count(b, []byte{'\r'}) == lf && bytes.Count(b, []byte("\r\n")) == lf
}

// dropCRs removes every CR of b in place and returns the shortened slice.
func dropCRs(b []byte) []byte {
	w := bytes.IndexByte(b, '\r')
	if w < 0 {
		return b
	}
	for r := w + 1; r < len(b); {
		next := bytes.IndexByte(b[r:], '\r')
		if next < 0 {
			next = len(b) - r
		}
		w += copy(b[w:], b[r:r+next])
		r += next + 1
	}
	return b[:w]
}

// withCRLF returns b with each LF made CRLF, in a new slice (b is not
// changed); b without an LF is returned as it is.
func withCRLF(b []byte) []byte {
	n := bytes.Count(b, []byte{'\n'})
	if n == 0 {
		return b
	}
	return appendWithCRLF(make([]byte, 0, len(b)+n), b)
}

// appendWithCRLF appends b to out with each LF made CRLF.
func appendWithCRLF(out, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return append(out, b...)
		}
		out = append(append(out, b[:i]...), '\r', '\n')
		b = b[i+1:]
	}
}

// owned is what ParseOwned may do with the bytes it was handed.
type owned struct {
	crlf bool // the message's CRLF line ends were made LF in place
	// inPlace tells that base64 content from inPlaceFrom bytes is decoded,
	// and a body text's line ends made LF, where they lie.
	inPlace     bool
	inPlaceFrom int
}

// inPlaceFrom is the size from which ParseOwned decodes base64 content in
// place: a smaller part's copy costs little, and the message as received
// is kept (Message.Source).
const inPlaceFrom = 64 << 10

// ParseOwned is Parse for a caller that hands raw over: the message is read
// changing raw where that spares a copy of its content. When every line of
// raw ends in CRLF, the line ends are made LF in raw before it is read, so
// that a body in the message's own bytes needs no converted copy; unless
// keepSource, base64 content (an attachment, most often) is decoded where
// it lies rather than into a copy, and a body text has its line ends made
// LF where it lies, whatever the message's other line ends. What is read is
// Parse's, field for field: sizes are as received, and so is every part's
// content but a body text's, whose line ends may be LF (Part.Bytes). Raw
// is then not to be read; Source gives the message as received, or nil
// when content was decoded in place.
func ParseOwned(raw []byte, keepSource bool) *Message {
	return parseOwned(raw, keepSource, inPlaceFrom)
}

// parseOwned is ParseOwned decoding base64 in place from inPlaceFrom bytes.
func parseOwned(raw []byte, keepSource bool, inPlaceFrom int) *Message {
	o := owned{inPlace: !keepSource, inPlaceFrom: inPlaceFrom}
	if uniformCRLF(raw) {
		raw, o.crlf = dropCRs(raw), true
	}
	return parse(raw, o)
}

// Source returns the message as received: Raw, with its CRLF line ends
// again if ParseOwned made them LF (a new copy then); nil if ParseOwned
// decoded content in place.
func (m *Message) Source() []byte {
	switch {
	case m.sourceLost:
		return nil
	case m.owned.crlf:
		return withCRLF(m.Raw)
	}
	return m.Raw
}
