package message

import (
	"bytes"
	"encoding/base64"
	"strings"
)

// Content-Transfer-Encoding decoding (RFC 2045 section 6). Each part is
// decoded once, when the message is parsed: the standard library's decoder
// first, which is fast and exact for well-formed base64, and the lenient
// decoder below only when it refuses the input. The lenient decoders skip
// junk in base64, tolerate missing padding, and keep a malformed
// quoted-printable escape as written; they count what they skipped or kept so
// the caller can report a damaged part.

// transferDecode returns body decoded by its Content-Transfer-Encoding. The
// identity encodings (and unknown ones, reported by known=false) return body
// itself, not a copy (identity). With o.inPlace, base64 is decoded into
// body's own bytes; with o.crlf, body's line ends were CRLF, made LF
// (ParseOwned).
func transferDecode(encoding string, body []byte, o owned) (data []byte, damaged int, known, identity bool) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		if o.inPlace && len(body) >= o.inPlaceFrom {
			data, damaged = decodeBase64InPlace(body, 32<<10)
		} else {
			data, damaged = decodeBase64(body)
		}
		return data, damaged, true, false
	case "quoted-printable":
		data, damaged = decodeQuotedPrintable(body, o.crlf)
		return data, damaged, true, false
	case "", "7bit", "8bit", "binary":
		return body, 0, true, true
	}
	return body, 0, false, true
}

// DecodeBase64Lenient decodes base64 that may carry line breaks, junk
// characters, missing padding, or several padded blocks run together.
func DecodeBase64Lenient(src []byte) []byte {
	out, _ := decodeBase64(src)
	return out
}

// decodeBase64 decodes src, with the standard decoder when it accepts the
// input (it skips CR and LF itself) and the lenient one otherwise; junk is the
// number of characters outside the alphabet that were skipped.
func decodeBase64(src []byte) (out []byte, junk int) {
	out = make([]byte, base64.StdEncoding.DecodedLen(len(src)))
	if n, err := base64.StdEncoding.Decode(out, src); err == nil {
		return out[:n], 0
	}
	return decodeBase64Lenient(out[:0], src)
}

// decodeBase64InPlace decodes src into its own bytes, as decodeBase64
// decodes it into a copy, byte for byte and junk for junk: the standard
// decoder a run of whole lines (of up to run bytes) at a time through a small buffer, copied
// back behind what is still to read (three bytes for every four
// characters), and from the first run it refuses (a line not a whole number
// of quanta, junk), the lenient decoder, which writes in place itself.
func decodeBase64InPlace(src []byte, run int) (out []byte, junk int) {
	buf := make([]byte, base64.StdEncoding.DecodedLen(min(run, len(src))))
	w, r := 0, 0
	for r < len(src) {
		end := len(src)
		if end-r > run {
			end = bytes.LastIndexByte(src[r:r+run], '\n') + r + 1
			if end <= r {
				break // no line end: the lenient decoder reads on
			}
		}
		n, err := base64.StdEncoding.Decode(buf, src[r:end])
		if err != nil {
			break
		}
		w += copy(src[w:], buf[:n])
		r = end
	}
	if r == len(src) {
		return src[:w], 0
	}
	return decodeBase64Lenient(src[:w], src[r:])
}

// decodeBase64Lenient appends the decoded src to dst. Line breaks and spaces
// are skipped silently; any other character outside the alphabet (both the
// standard and the URL-safe one) is skipped and counted in junk. dst may be
// src[:0]: each byte is written after the characters it comes from were
// read, three for every four, so src is decoded in place.
func decodeBase64Lenient(dst, src []byte) (out []byte, junk int) {
	var group [4]byte
	g := 0
	emit := func() {
		switch g {
		case 4:
			dst = append(dst, group[0]<<2|group[1]>>4, group[1]<<4|group[2]>>2, group[2]<<6|group[3])
		case 3:
			dst = append(dst, group[0]<<2|group[1]>>4, group[1]<<4|group[2]>>2)
		case 2:
			dst = append(dst, group[0]<<2|group[1]>>4)
		case 1:
			junk++ // a lone sextet carries no whole byte
		}
		g = 0
	}
	for _, c := range src {
		v, ok := base64Value(c)
		switch {
		case ok:
			group[g] = v
			g++
			if g == 4 {
				emit()
			}
		case c == '=':
			emit()
		case c == '\r' || c == '\n' || c == ' ' || c == '\t':
		default:
			junk++
		}
	}
	emit()
	return dst, junk
}

func base64Value(c byte) (byte, bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return c - 'A', true
	case 'a' <= c && c <= 'z':
		return c - 'a' + 26, true
	case '0' <= c && c <= '9':
		return c - '0' + 52, true
	case c == '+' || c == '-':
		return 62, true
	case c == '/' || c == '_':
		return 63, true
	}
	return 0, false
}

// decodeQuotedPrintable decodes src. Soft line breaks ("=" at the end of a
// line, even with trailing spaces) are removed; "=XX" becomes a byte; any
// other "=" is kept and counted as damage. With crlf, src is a part whose
// CRLF line ends were made LF (ParseOwned), and each line break kept is
// written CRLF again, as it was sent.
func decodeQuotedPrintable(src []byte, crlf bool) (out []byte, damaged int) {
	literal := func(out, b []byte) []byte { return append(out, b...) }
	extra := 0
	if crlf {
		literal, extra = appendWithCRLF, bytes.Count(src, []byte{'\n'})
	}
	out = make([]byte, 0, len(src)+extra)
	for i := 0; i < len(src); i++ {
		// Everything up to the next "=" is copied as it is, in one piece.
		k := bytes.IndexByte(src[i:], '=')
		if k < 0 {
			out = literal(out, src[i:])
			break
		}
		out = literal(out, src[i:i+k])
		i += k
		if i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]) {
			out = append(out, unhex(src[i+1])<<4|unhex(src[i+2]))
			i += 2
			continue
		}
		// Soft line break: "=" then optional white space then CRLF, LF or end.
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		switch {
		case j == len(src):
			i = j - 1
		case src[j] == '\n':
			i = j
		case src[j] == '\r' && j+1 < len(src) && src[j+1] == '\n':
			i = j + 1
		default:
			out = append(out, '=')
			damaged++
		}
	}
	return out, damaged
}
