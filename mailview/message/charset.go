package message

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	gmcharset "github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode/utf32"
)

// charsetAliases maps labels seen in real mail that neither the WHATWG nor the IANA
// registry knows to the encoding that decodes them best. The ISO-2022-JP family
// members differ only in rarely used extensions, so the base decoder reads them.
var charsetAliases = map[string]string{
	"cp932":          "shift_jis",
	"x-ms-cp932":     "shift_jis",
	"ibm-943":        "shift_jis",
	"shift-jisx0213": "shift_jis",
	"iso-2022-jp-1":  "iso-2022-jp",
	"iso-2022-jp-2":  "iso-2022-jp",
	"iso-2022-jp-3":  "iso-2022-jp",
	"iso-2022-jp-ms": "iso-2022-jp",
	"csiso2022jp2":   "iso-2022-jp",
	"cp50220":        "iso-2022-jp",
	"cp50221":        "iso-2022-jp",
	"cp50222":        "iso-2022-jp",
	"x-euc-jp":       "euc-jp",
	"eucjp-ms":       "euc-jp",
	"euc-jp-ms":      "euc-jp",
	"cp51932":        "euc-jp",
	"utf-8-sig":      "utf-8",
	"x-utf-8":        "utf-8",
}

// decodeFunc converts bytes in one charset to UTF-8.
type decodeFunc func([]byte) (string, error)

// lookupEncoding finds the decoder for a charset label. It prefers the WHATWG
// registry, whose mappings match what mail clients really do (iso-8859-1 and
// us-ascii are read as windows-1252, shift_jis as Microsoft's code page 932),
// then our aliases, then the IANA registry through go-message. It returns the
// canonical name used in reports, or ok=false for an unknown label.
func lookupEncoding(label string) (dec decodeFunc, name string, ok bool) {
	label = normalizeLabel(label)
	if label == "" {
		return nil, "", false
	}
	if alias, found := charsetAliases[label]; found {
		label = alias
	}
	if strings.HasPrefix(label, "utf-32") || label == "ucs-4" {
		order := utf32.BigEndian
		if label == "utf-32le" {
			order = utf32.LittleEndian
		}
		return xtextDecoder(utf32.UTF32(order, utf32.UseBOM)), label, true
	}
	if e, err := htmlindex.Get(label); err == nil && e != encoding.Replacement {
		if n, err := htmlindex.Name(e); err == nil {
			name = n
		} else {
			name = label
		}
		return xtextDecoder(e), name, true
	}
	// go-message's IANA lookup returns a reader; probing it with an empty
	// input tells whether the label is known.
	if _, err := gmcharset.Reader(label, bytes.NewReader(nil)); err == nil {
		return func(b []byte) (string, error) {
			r, err := gmcharset.Reader(label, bytes.NewReader(b))
			if err != nil {
				return "", err
			}
			out, err := io.ReadAll(r)
			return strings.ToValidUTF8(string(out), "\uFFFD"), err
		}, label, true
	}
	return nil, "", false
}

// xtextDecoder decodes with enc. The decoder's output is a new slice that
// no one else holds: when it is valid UTF-8, as it nearly always is, it is
// the string itself (sharedString), not a second copy of a body.
func xtextDecoder(enc encoding.Encoding) decodeFunc {
	return func(b []byte) (string, error) {
		out, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return "", err
		}
		if utf8.Valid(out) {
			return sharedString(out), nil
		}
		return strings.ToValidUTF8(string(out), "\uFFFD"), nil
	}
}

func normalizeLabel(label string) string {
	label = strings.ToLower(strings.TrimSpace(label))
	label = strings.Trim(label, "\"' ")
	// RFC 2231 allows a language suffix on charsets in encoded-words: "utf-8*ja".
	if i := strings.IndexByte(label, '*'); i >= 0 {
		label = label[:i]
	}
	return label
}

// CharsetNote explains how a piece of text was decoded when the declared charset
// could not be used as it was. The zero value means the declared charset worked.
type CharsetNote struct {
	Kind     string // ProblemCharsetUnknown, ProblemCharsetMislabelled or ProblemCharsetInvalid
	Declared string // the label the message gave ("" when none)
	Used     string // the charset the text was finally read as
}

// decodeText converts b, declared to be in the charset label, to valid UTF-8.
// It never fails: an unknown label, a missing label on 8-bit text, or bytes
// that are invalid in the declared charset fall back to a best guess, and the
// note says what was done.
func decodeText(label string, b []byte) (string, CharsetNote) {
	return decodeTextAs(label, b, func(b []byte) string { return string(b) })
}

// decodeTextAs is decodeText with the conversion used when b is already
// ASCII or valid UTF-8: a body's text is converted with its line ends
// normalised in the same copy (a body may be a hundred megabytes).
func decodeTextAs(label string, b []byte, asString func([]byte) string) (string, CharsetNote) {
	norm := normalizeLabel(label)
	if readAsIs(norm, b) {
		return asString(b), CharsetNote{}
	}
	switch norm {
	case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us":
		// 8-bit bytes under no or an ASCII label: mailers that forgot to declare
		// UTF-8 are far more common than anything else.
		text, used := guessCharset(b)
		kind := ProblemCharsetMislabelled
		if norm == "" {
			kind = ""
			if used != "utf-8" {
				kind = ProblemCharsetMislabelled
			}
		}
		return text, CharsetNote{Kind: kind, Declared: label, Used: used}.orZero()
	case "utf-8", "utf8":
		if utf8.Valid(b) {
			return asString(b), CharsetNote{}
		}
		if text, used := guessCharset(b); used != "utf-8" && used != "windows-1252" {
			return text, CharsetNote{Kind: ProblemCharsetMislabelled, Declared: label, Used: used}
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), CharsetNote{Kind: ProblemCharsetInvalid, Declared: label, Used: "utf-8"}
	}
	dec, name, ok := lookupEncoding(norm)
	if !ok {
		text, used := guessCharset(b)
		return text, CharsetNote{Kind: ProblemCharsetUnknown, Declared: label, Used: used}
	}
	text, err := dec(b)
	if err != nil {
		text, used := guessCharset(b)
		return text, CharsetNote{Kind: ProblemCharsetInvalid, Declared: label, Used: used}
	}
	if strings.ContainsRune(text, utf8.RuneError) && !bytes.Contains(b, []byte("\uFFFD")) {
		// The declared charset left undecodable bytes. If another charset reads the
		// text cleanly, the label was wrong (a Shift_JIS mail labelled EUC-JP, say).
		if alt, used := guessCharset(b); used != name && !strings.ContainsRune(alt, utf8.RuneError) && used != "windows-1252" {
			return alt, CharsetNote{Kind: ProblemCharsetMislabelled, Declared: label, Used: used}
		}
		return text, CharsetNote{Kind: ProblemCharsetInvalid, Declared: label, Used: name}
	}
	return text, CharsetNote{}
}

// readAsIs tells that decodeTextAs reads b under the normalised label norm
// as it is (asString), byte for byte: ASCII under any label but a wide
// one's, and valid UTF-8 declared so. Any other text goes through a
// decoder, or a guess, that may read its bytes (a CR among them) otherwise.
func readAsIs(norm string, b []byte) bool {
	if isPlainASCII(b) {
		return !strings.HasPrefix(norm, "utf-16") && !strings.HasPrefix(norm, "utf-32") && norm != "utf-7" && norm != "ucs-4"
	}
	return (norm == "utf-8" || norm == "utf8") && utf8.Valid(b)
}

func (n CharsetNote) orZero() CharsetNote {
	if n.Kind == "" {
		return CharsetNote{}
	}
	return n
}

func isPlainASCII(b []byte) bool {
	// Eight bytes at a time for the high bit, then one search for ESC.
	rest := b
	for len(rest) >= 8 {
		if binary.LittleEndian.Uint64(rest)&0x8080808080808080 != 0 {
			return false
		}
		rest = rest[8:]
	}
	for _, c := range rest {
		if c >= 0x80 {
			return false
		}
	}
	return bytes.IndexByte(b, 0x1b) < 0
}

// guessCharset reads bytes whose charset is unknown. ISO-2022-JP announces
// itself with escape sequences; valid UTF-8 is taken as UTF-8; then Shift_JIS
// and EUC-JP are tried, and the one that decodes without error into the most
// ordinary Japanese wins (half-width katakana, which EUC-JP bytes turn into
// when misread as Shift_JIS, counts against a candidate); everything else is
// read as windows-1252, which maps every byte.
func guessCharset(b []byte) (string, string) {
	if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) || bytes.Contains(b, []byte("\x1b(J")) {
		if out, err := japanese.ISO2022JP.NewDecoder().Bytes(b); err == nil {
			return strings.ToValidUTF8(string(out), "\uFFFD"), "iso-2022-jp"
		}
	}
	if utf8.Valid(b) {
		return string(b), "utf-8"
	}
	best, bestName, bestScore := "", "", 0
	for _, cand := range []struct {
		enc  encoding.Encoding
		name string
	}{{japanese.ShiftJIS, "shift_jis"}, {japanese.EUCJP, "euc-jp"}} {
		out, err := cand.enc.NewDecoder().Bytes(b)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			continue
		}
		if score := japaneseScore(out); score > bestScore {
			best, bestName, bestScore = string(out), cand.name, score
		}
	}
	if bestName != "" {
		return best, bestName
	}
	out, _ := xtextDecoder(charmap.Windows1252)(b)
	return out, "windows-1252"
}

// japaneseScore rates how much decoded text looks like ordinary Japanese:
// kana and kanji count for it, half-width katakana and private-use code points
// against it.
func japaneseScore(b []byte) int {
	score := 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		switch {
		case r >= 0xFF61 && r <= 0xFF9F:
			score -= 2
		case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han):
			score++
		case unicode.Is(unicode.Co, r):
			score -= 2
		}
	}
	return score
}
