package safedoc

import (
	"net/url"
	"strings"
)

// refKind says what a URL found in a message points at.
type refKind int

const (
	refNone   refKind = iota // nothing loadable: empty, a fragment, mailto:, javascript:, relative without a base
	refRemote                // http, https or ftp on another machine: blocked until the reader consents
	refCID                   // a part of this message
	refData                  // a data: URL carried inline
)

// urlResolver turns URL attribute values into absolute URLs the way a browser
// does, so that a trick that a browser would still load cannot hide a URL.
type urlResolver struct {
	base *url.URL // from <base href>, nil when none
}

// resolve normalises raw (already entity- or escape-decoded) and resolves it.
// It removes tabs and newlines anywhere and controls and spaces at the ends,
// reads backslashes as slashes in http(s) URLs, resolves protocol-relative
// URLs to https and relative ones against <base href>.
func (r urlResolver) resolve(raw string) (string, refKind) {
	if plainAbsoluteURL(raw) {
		return raw, refRemote
	}
	s := strings.TrimFunc(raw, func(c rune) bool { return c <= ' ' })
	// Three searches for one byte each, not ContainsAny: a data: URL
	// may be megabytes, which ContainsAny reads a byte at a time.
	if strings.IndexByte(s, '\t') >= 0 || strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0 {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	if s == "" || s[0] == '#' {
		return "", refNone
	}
	scheme := ""
	if i := strings.IndexByte(s, ':'); i > 0 && validScheme(s[:i]) {
		scheme = strings.ToLower(s[:i])
	}
	if scheme == "" && strings.HasPrefix(s, `\\`) {
		return fileURL("file:" + s) // \\server\share\x.png: a Windows share, as Outlook reads it
	}
	switch scheme {
	case "cid":
		return s, refCID
	case "data":
		return s, refData
	case "", "http", "https", "ftp":
		s = strings.ReplaceAll(s, "\\", "/")
	case "file":
		return fileURL(s)
	default:
		return s, refNone
	}
	if scheme != "" {
		// "https:host/path" (no slashes) is read by browsers as "https://host/path".
		rest := s[len(scheme)+1:]
		if !strings.HasPrefix(rest, "//") && (r.base == nil || r.base.Scheme != scheme) {
			s = scheme + "://" + strings.TrimLeft(rest, "/")
		}
	} else if strings.HasPrefix(s, "//") {
		base := "https"
		if r.base != nil {
			base = r.base.Scheme
		}
		s = base + ":" + s
	} else if r.base == nil {
		return "", refNone // relative, and nothing to resolve it against: it cannot reach a server
	}
	u, err := url.Parse(s)
	if err != nil {
		// Keep what a browser would still try to load, escaped as far as we can.
		if u, err = url.Parse(strings.ReplaceAll(s, "%", "%25")); err != nil {
			return "", refNone
		}
	}
	if r.base != nil && !u.IsAbs() {
		u = r.base.ResolveReference(u)
	}
	switch u.Scheme {
	case "http", "https", "ftp":
	default:
		return "", refNone
	}
	if u.Host == "" {
		return "", refNone
	}
	u.Host = strings.ToLower(u.Host)
	return u.String(), refRemote
}

// fileURL reads a file: URL: one naming another machine
// (file://host/share/x.png or file:////host/share/x.png, a Windows share) makes Windows connect to it
// over SMB and offer the reader's credentials, so it is a remote reference;
// a local file (file:///C:/x.png, file://localhost/…) loads nothing remote.
func fileURL(s string) (string, refKind) {
	s = strings.ReplaceAll(s, "\\", "/")
	if rest := s[len("file:"):]; strings.HasPrefix(rest, "////") {
		s = "file://" + strings.TrimLeft(rest, "/") // file:////host/share: the host after the empty one, as Windows reads it
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || strings.EqualFold(u.Hostname(), "localhost") || localFileHost(u.Host) {
		return "", refNone
	}
	u.Host = strings.ToLower(u.Host)
	return u.String(), refRemote
}

// localFileHost tells whether the host of a file: URL names this computer
// after all: a drive letter (file:////C:/x.png) or a Windows device path
// (\\.\pipe, \\?\C:).
func localFileHost(host string) bool {
	h := strings.TrimSuffix(host, ":")
	return h == "." || h == "?" || len(h) == 1 && ('a' <= h[0]|0x20 && h[0]|0x20 <= 'z')
}

// withBase returns a resolver for a <base href> value; a base that is not an
// absolute http(s) URL is ignored, as browsers do for documents without one.
func withBase(href string) urlResolver {
	var none urlResolver
	abs, kind := none.resolve(href)
	if kind != refRemote {
		return none
	}
	u, err := url.Parse(abs)
	if err != nil {
		return none
	}
	return urlResolver{base: u}
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// hostOf returns the host name of an absolute URL, or "".
func hostOf(raw string) string {
	if plainAbsoluteURL(raw) { // lower-case host without port or user: cut it out
		rest := raw[strings.Index(raw, "//")+2:]
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			rest = rest[:end]
		}
		return rest
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// plainAbsoluteURL tells whether raw is already an absolute http(s) URL in
// the form resolve would return (lower-case scheme and host, nothing to trim,
// strip, or re-escape), so that it needs no parsing. Most URLs in mail are.
func plainAbsoluteURL(raw string) bool {
	var rest string
	switch {
	case strings.HasPrefix(raw, "https://"):
		rest = raw[len("https://"):]
	case strings.HasPrefix(raw, "http://"):
		rest = raw[len("http://"):]
	default:
		return false
	}
	hostEnd := len(rest)
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if i < hostEnd {
			if c == '/' || c == '?' || c == '#' {
				hostEnd = i
				if i == 0 {
					return false // no host
				}
				continue
			}
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
				return false // upper case, port, user info, IDN: let url.Parse decide
			}
			continue
		}
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '?' || c == '=' || c == '&' ||
			c == '+' || c == ',' || c == ';' || c == ':' || c == '@' || c == '!' || c == '$' || c == '*' || c == '(' || c == ')':
		default:
			return false // %, #, quotes, spaces, backslashes, non-ASCII: the slow path normalises them
		}
	}
	return hostEnd > 0
}
