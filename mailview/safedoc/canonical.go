package safedoc

// The canonical form of a URL: what a server receives however the mail wrote it.

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// canonicalURL returns u as the server it names will read it, for the
// tracker rules: the host lower-cased, mapped to ASCII the way a resolver
// does (UTS 46: fullwidth letters and digits, ideographic full stops,
// Unicode names as punycode) and without a trailing dot; the path
// percent-decoded (/wf/%6Fpen is /wf/open to the server), its dot segments
// resolved as a browser resolves them before asking (/x/../wf/%2e/open is
// /wf/open) and repeated slashes merged as common servers merge them; the query with
// every escape decoded that does not change its structure (%26, %3D, %2B,
// %23, %25 and controls stay escaped). u itself is not changed.
func canonicalURL(u *url.URL) *url.URL {
	c := *u
	c.User = nil
	host := u.Hostname()
	if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii
	} else if mapped, err := idna.Punycode.ToASCII(strings.ToLower(host)); err == nil {
		host = mapped
	}
	host = strings.TrimRight(strings.ToLower(host), ".")
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !defaultPort(u.Scheme, p) {
		host += ":" + p
	}
	c.Host = host
	c.RawPath = "" // EscapedPath then escapes only what a path must
	c.Path = serverPath(u.Path)
	c.RawQuery = decodeQuery(u.RawQuery)
	return &c
}

// serverPath is an absolute, decoded path with dot segments resolved and
// repeated slashes merged, keeping a trailing slash.
func serverPath(p string) string {
	if !strings.HasPrefix(p, "/") || !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return p
	}
	clean := path.Clean(p)
	if clean != "/" && (strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")) {
		clean += "/"
	}
	return clean
}

func defaultPort(scheme, port string) bool {
	return scheme == "http" && port == "80" || scheme == "https" && port == "443" || scheme == "ftp" && port == "21"
}

// decodeQuery undoes the percent-encoding of a raw query where decoding
// keeps its meaning: "?%75=%61bc" is "?u=abc" to the server, "%26" is a
// literal ampersand inside a value and stays escaped.
func decodeQuery(q string) string {
	if !strings.Contains(q, "%") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q))
	for i := 0; i < len(q); i++ {
		if q[i] != '%' || i+2 >= len(q) {
			b.WriteByte(q[i])
			continue
		}
		if n, err := strconv.ParseUint(q[i+1:i+3], 16, 8); err == nil {
			c := byte(n)
			if c > ' ' && c < 0x7f && !strings.ContainsRune("&=+#%;", rune(c)) {
				b.WriteByte(c)
			} else {
				b.WriteByte('%')
				b.WriteString(strings.ToUpper(q[i+1 : i+3]))
			}
			i += 2
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
