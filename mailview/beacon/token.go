package beacon

import (
	"net/url"
	"strings"
)

// RecipientToken returns the first part of a URL that looks like an
// identifier minted for one recipient (a UUID, a long hex or base64 string,
// a long number), or "". Query values and path segments are looked at; file
// extensions are ignored. Such a token lets the server tell who loaded it,
// which is what separates a tracking pixel from a layout spacer.
func RecipientToken(u *url.URL) string {
	for q := u.RawQuery; q != ""; {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		_, v, _ := strings.Cut(kv, "=")
		if len(v) < 10 {
			continue // too short for any token, escaped or not
		}
		if strings.ContainsAny(v, "%+") {
			if dec, err := url.QueryUnescape(v); err == nil {
				v = dec
			}
		}
		if looksLikeToken(v) {
			return v
		}
	}
	token := ""
	forSegments(u.Path, func(seg string) bool {
		if i := strings.LastIndexByte(seg, '.'); i > 0 && len(seg)-i <= 5 {
			seg = seg[:i] // "a1b2c3....gif"
		}
		if looksLikeToken(seg) {
			token = seg
			return false
		}
		return true
	})
	return token
}

// looksLikeToken: at least 16 characters of hex, or 20 of base64/base64url
// with letters and digits mixed, or a UUID, or at least 10 digits.
func looksLikeToken(s string) bool {
	if len(s) < 10 {
		return false
	}
	var hex, digits, lower, upper, other, b64 int
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			hex++
		case 'a' <= c && c <= 'f':
			hex++
			lower++
		case 'A' <= c && c <= 'F':
			hex++
			upper++
		case 'g' <= c && c <= 'z':
			lower++
		case 'G' <= c && c <= 'Z':
			upper++
		case c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '.' || c == '~':
			b64++
		default:
			other++
		}
	}
	n := len(s)
	switch {
	case other > 0:
		return false
	case digits == n:
		return n >= 10
	case hex == n || hex+strings.Count(s, "-") == n && strings.Count(s, "-") == 4 && n == 36: // hex or UUID
		return n >= 16 && digits > 0
	case n >= 20 && digits > 0 && lower > 0 && upper > 0:
		return true // base64-like: mixed case with digits
	case n >= 24 && digits >= 4 && (lower > 0 || upper > 0) && b64 <= n/4:
		return true // long lower-case id with many digits ("x7f3k9q2...")
	}
	return false
}
