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
	token, _ := FindToken(u)
	return token
}

// cacheBusters are query parameters that senders and CDNs use to defeat
// caches with a version or a time, the same for every reader. "t" and
// "time" count only with a number: some trackers name their token "t".
var cacheBusters = map[string]bool{
	"v": true, "ver": true, "version": true, "cb": true, "cachebuster": true, "_": true,
	"ts": true, "timestamp": true, "rev": true,
}

func isCacheBuster(key, value string) bool {
	key = strings.ToLower(key)
	if cacheBusters[key] {
		return true
	}
	return (key == "t" || key == "time") && strings.Trim(value, "0123456789") == ""
}

// FindToken is RecipientToken that also says whether the token is a path
// segment (a file name, perhaps: content-addressed images are named by
// their hash) rather than a query value.
func FindToken(u *url.URL) (token string, inPath bool) {
	for q := u.RawQuery; q != ""; {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(kv, "=")
		if len(v) < 10 || isCacheBuster(k, v) {
			continue // too short for any token, escaped or not; or a cache buster
		}
		if strings.ContainsAny(v, "%+") {
			if dec, err := url.QueryUnescape(v); err == nil {
				v = dec
			}
		}
		if looksLikeToken(v) {
			return v, false
		}
	}
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
	return token, token != ""
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
