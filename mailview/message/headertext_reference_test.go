package message

import (
	"strings"
	"testing"
)

// referenceDecodeHeaderText is decodeHeaderText as it was before
// wordScan: each "=?" searched the rest of the header for the "?" and "?="
// that close it, and each search for spaces ran over the word found, so a
// Subject of unclosed words ("=?utf-8?q?a =?utf-8?q?a …") took quadratic
// time (1 MB: 7 s). Kept to check the linear version against it.
func referenceDecodeHeaderText(v, fallback string) string {
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
	rest := v
	for rest != "" {
		start := strings.Index(rest, "=?")
		if start < 0 {
			flush()
			out.WriteString(decodeRawHeaderBytes(rest, fallback))
			break
		}
		word, charset, raw, ok := referenceParseEncodedWord(rest[start:])
		if !ok {
			flush()
			out.WriteString(decodeRawHeaderBytes(rest[:start+2], fallback))
			rest = rest[start+2:]
			continue
		}
		between := rest[:start]
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
		rest = rest[start+len(word):]
	}
	flush()
	return SanitizeText(out.String())
}

// parseEncodedWord reads "=?charset?Q|B?text?=" at the start of s and returns the
// whole word, its charset and its decoded bytes.
func referenceParseEncodedWord(s string) (word, charset string, raw []byte, ok bool) {
	if !strings.HasPrefix(s, "=?") {
		return "", "", nil, false
	}
	q1 := strings.IndexByte(s[2:], '?')
	if q1 < 0 {
		return "", "", nil, false
	}
	q1 += 2
	if len(s) < q1+3 || s[q1+2] != '?' {
		return "", "", nil, false
	}
	enc := s[q1+1]
	end := strings.Index(s[q1+3:], "?=")
	if end < 0 {
		return "", "", nil, false
	}
	end += q1 + 3
	charset = s[2:q1]
	text := s[q1+3 : end]
	if charset == "" || strings.ContainsAny(charset, " \t") || strings.ContainsAny(text, " \t") && enc != 'B' && enc != 'b' {
		return "", "", nil, false
	}
	switch enc {
	case 'B', 'b':
		raw = DecodeBase64Lenient([]byte(text))
	case 'Q', 'q':
		raw = decodeQEncoding(text)
	default:
		return "", "", nil, false
	}
	return s[:end+2], charset, raw, true
}

// decodeHeaderText decodes any header value as the reference does.
func FuzzHeaderTextAsReference(f *testing.F) {
	for _, s := range []string{
		"=?utf-8?q?caf=C3=A9?= =?utf-8?b?w6k=?=",
		strings.Repeat("=?utf-8?q?a ", 20) + "?=",
		"=?utf-8?q?a?= x =?iso-8859-1?q?=E9?==?utf-8?b?YSBi IGM=?=",
		"=?a b?q?x?= =?x?q?a b?= =?x?B?a b?= =?x?z?a?= =?? =?x?q??= =?a\tb?q?x?= =?x?q?a\tb?=",
		"=?=?=?x?q?=?==?x?q?y?=?=",
		"\xe9=?shift_jis?b?gqA=?=\x82\xa0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, fb := range []string{"", "shift_jis"} {
			if got, want := decodeHeaderText(v, fb), referenceDecodeHeaderText(v, fb); got != want {
				t.Errorf("decodeHeaderText(%q, %q) = %q, reference %q", v, fb, got, want)
			}
		}
	})
}
