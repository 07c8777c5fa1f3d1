package message

import (
	"bufio"
	"io"
	"strings"
)

// Content-Transfer-Encoding decoders. They are lenient: junk in base64 is
// skipped, missing padding is tolerated, and a malformed quoted-printable escape
// is kept as written. Each returns how many bytes it had to skip or keep
// verbatim, so the caller can report a damaged part.

// DecodeBase64Lenient decodes base64 that may carry line breaks, junk
// characters, missing padding, or several padded blocks run together.
func DecodeBase64Lenient(src []byte) []byte {
	var out strings.Builder
	out.Grow(len(src) * 3 / 4)
	w := bufio.NewWriter(&out)
	writeBase64(w, src)
	w.Flush()
	return []byte(out.String())
}

// writeBase64 decodes src to w and returns the number of bytes written and the
// number of characters outside the base64 alphabet that it skipped (line
// breaks and spaces do not count).
func writeBase64(w *bufio.Writer, src []byte) (n int64, junk int) {
	var group [4]byte
	g := 0
	emit := func() {
		switch g {
		case 4:
			w.WriteByte(group[0]<<2 | group[1]>>4)
			w.WriteByte(group[1]<<4 | group[2]>>2)
			w.WriteByte(group[2]<<6 | group[3])
			n += 3
		case 3:
			w.WriteByte(group[0]<<2 | group[1]>>4)
			w.WriteByte(group[1]<<4 | group[2]>>2)
			n += 2
		case 2:
			w.WriteByte(group[0]<<2 | group[1]>>4)
			n++
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
	return n, junk
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

// writeQuotedPrintable decodes src to w. Soft line breaks ("=" at the end of a
// line, even with trailing spaces) are removed; "=XX" becomes a byte; any other
// "=" is kept and counted as damage.
func writeQuotedPrintable(w *bufio.Writer, src []byte) (n int64, damaged int) {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '=' {
			w.WriteByte(c)
			n++
			continue
		}
		if i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]) {
			w.WriteByte(unhex(src[i+1])<<4 | unhex(src[i+2]))
			n++
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
			w.WriteByte('=')
			n++
			damaged++
		}
	}
	return n, damaged
}

// writeTransferDecoded decodes body by its Content-Transfer-Encoding into w.
// An unknown encoding is passed through unchanged and reported by known=false.
func writeTransferDecoded(w io.Writer, encoding string, body []byte) (n int64, damaged int, known bool, err error) {
	enc := strings.ToLower(strings.TrimSpace(encoding))
	if enc != "base64" && enc != "quoted-printable" {
		// Identity encodings (and unknown ones, kept as they are) need no buffer.
		m, err := w.Write(body)
		known = enc == "" || enc == "7bit" || enc == "8bit" || enc == "binary"
		return int64(m), 0, known, err
	}
	bw := bufio.NewWriterSize(w, min(32*1024, len(body)+16))
	if enc == "base64" {
		n, damaged = writeBase64(bw, body)
	} else {
		n, damaged = writeQuotedPrintable(bw, body)
	}
	return n, damaged, true, bw.Flush()
}
