package message

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// parseMediaType reads a Content-Type or Content-Disposition value into its
// lower-cased token and parameters. It is lenient where real mail is broken:
// unquoted values with spaces, repeated parameters (the first wins), missing
// semicolons are tolerated; RFC 2231 continuations and charsets are decoded for
// any charset, and encoded words inside quoted values (a common violation) are
// decoded too. ok is false when the value had to be guessed at.
func parseMediaType(v, fallbackCharset string) (token string, params map[string]string, ok bool) {
	ok = true
	params = map[string]string{}
	v = strings.TrimSpace(v)
	semi := strings.IndexByte(v, ';')
	if semi < 0 {
		token, v = v, ""
	} else {
		token, v = v[:semi], v[semi+1:]
	}
	token = strings.ToLower(strings.TrimSpace(token))
	if token != "" && !validMediaToken(token) {
		ok = false
	}

	type section struct {
		n       int
		encoded bool
		value   string
	}
	continued := map[string][]section{}
	for v != "" {
		v = strings.TrimLeft(v, " \t;")
		if v == "" {
			break
		}
		eq := strings.IndexByte(v, '=')
		if eq < 0 {
			ok = false
			break
		}
		key := strings.ToLower(strings.TrimSpace(v[:eq]))
		v = strings.TrimLeft(v[eq+1:], " \t")
		var value string
		if strings.HasPrefix(v, "\"") {
			value, v = readQuoted(v)
		} else {
			end := strings.IndexByte(v, ';')
			if end < 0 {
				end = len(v)
			}
			value = strings.TrimSpace(v[:end])
			v = v[end:]
		}
		if key == "" || strings.ContainsAny(key, " \t\"") {
			ok = false
			continue
		}
		base, rest, star := strings.Cut(key, "*")
		if !star {
			if _, dup := params[key]; !dup {
				params[key] = value
			}
			continue
		}
		// name*=charset'lang'value, name*0=..., name*1*=...
		sec := section{encoded: strings.HasSuffix(rest, "*") || rest == ""}
		num := strings.TrimSuffix(rest, "*")
		if num != "" {
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || n > 999 {
				ok = false
				continue
			}
			sec.n = n
		}
		sec.value = value
		continued[base] = append(continued[base], sec)
	}
	for name, secs := range continued {
		sort.SliceStable(secs, func(i, j int) bool { return secs[i].n < secs[j].n })
		var raw []byte
		charset := ""
		for i, s := range secs {
			val := s.value
			if s.encoded {
				if i == 0 {
					if parts := strings.SplitN(val, "'", 3); len(parts) == 3 {
						charset, val = parts[0], parts[2]
					}
				}
				raw = append(raw, percentDecode(val)...)
			} else {
				raw = append(raw, val...)
			}
		}
		if charset == "" {
			charset = fallbackCharset
		}
		text, _ := decodeText(charset, raw)
		// The RFC 2231 form wins over a plain one of the same name: it is the
		// precise one, the plain one is for old readers.
		params[name] = text
	}
	for k, val := range params {
		if strings.Contains(val, "=?") || !isPlainASCII([]byte(val)) {
			params[k] = decodeHeaderText(val, fallbackCharset)
		}
	}
	return token, params, ok
}

func validMediaToken(t string) bool {
	slash := strings.IndexByte(t, '/')
	if slash <= 0 || slash == len(t)-1 {
		return t == "inline" || t == "attachment" || validFieldName(t) && !strings.ContainsAny(t, "()<>@,;:\\\"[]?=")
	}
	return !strings.ContainsAny(t, " \t()<>@,;:\\\"[]?=")
}

// readQuoted reads a quoted string at the start of s, undoing backslash
// escapes; an unterminated quote runs to the end.
func readQuoted(s string) (value, rest string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

func percentDecode(s string) []byte {
	if out, err := url.PathUnescape(s); err == nil {
		return []byte(out)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}
