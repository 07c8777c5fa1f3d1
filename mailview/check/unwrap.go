package check

import (
	"encoding/base64"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"

	"mailsafe/assets"
	"mailsafe/mailview/safedoc"
)

// Target is where a link really goes once the wrappers that carry their
// target inside the URL are peeled off, read from the URL alone: nothing is
// fetched (following a wrapper would be a click).
type Target struct {
	// URL is the innermost target; the link's own URL when no wrapper carries one.
	URL string
	safedoc.Address
	// Wrappers names the wrappers peeled off, outermost first
	// ("Microsoft Defender Safe Links", "Proofpoint URL Defense", …).
	Wrappers []string
	// Opaque names the wrapper whose target is not in the URL (Mimecast's
	// URL Protect keeps it on its own servers), "" when none: the target is
	// then the wrapper's URL, and where it leads cannot be known offline.
	Opaque string
	// OpaqueDomain is the destination domain an opaque wrapper states in its
	// URL (Mimecast's "domain="), "" when it states none.
	OpaqueDomain string
	// TrackingParams names the query parameters of the target that only
	// tell the site where the click came from (utm_source, mc_eid, fbclid, …).
	TrackingParams []string
	// TooDeep tells that wrappers were peeled off up to maxWraps and a
	// wrapper remains: the target beyond it was not checked.
	TooDeep bool
}

// Unwrapped tells whether a wrapper carried the target.
func (t Target) Unwrapped() bool { return len(t.Wrappers) > 0 && t.Opaque == "" }

// Clean returns the target without its tracking parameters, or "" when it
// has none (or the target is opaque).
func (t Target) Clean() string {
	if t.Parsed == nil || len(t.TrackingParams) == 0 || t.Opaque != "" {
		return ""
	}
	var kept []string
	for _, p := range strings.Split(t.Parsed.RawQuery, "&") {
		if p != "" && !isTrackingParam(queryKey(p)) {
			kept = append(kept, p)
		}
	}
	c := *t.Parsed
	c.RawQuery = strings.Join(kept, "&")
	c.ForceQuery = false
	return c.String()
}

// maxWraps bounds unwrapping: Safe Links around Proofpoint around a Google
// redirect is three; more is not a wrapper chain but a puzzle.
const maxWraps = 5

// unwrapLinks fills in every link's Target. Run calls it before any check
// reads a link.
func unwrapLinks(v *Mail) {
	for i := range v.Links {
		l := &v.Links[i]
		l.Target = unwrapTarget(l.URL, l.Address)
	}
}

// unwrapTarget peels the known wrappers off a link (its URL, parsed once).
func unwrapTarget(raw string, a safedoc.Address) Target {
	t := Target{URL: raw, Address: a}
	for depth := 0; t.Parsed != nil; depth++ {
		w, ok := matchWrapper(t.Host, t.Parsed)
		if !ok {
			break
		}
		if depth == maxWraps {
			t.TooDeep = true // a wrapper still: where it leads was not read (budget.go reports it)
			break
		}
		if w.opaque {
			t.Wrappers = append(t.Wrappers, w.name)
			t.Opaque = w.name
			t.OpaqueDomain = strings.ToLower(strings.TrimSpace(t.Parsed.Query().Get("domain")))
			break
		}
		// Without a readable http(s) target the URL is not a wrapped link
		// but the page itself, checked as it is.
		inner := w.target(t.Parsed)
		if inner == "" {
			break
		}
		na := safedoc.ParseAddress(inner)
		if !isWeb(na.Parsed) || na.Host == "" {
			break
		}
		t.Wrappers = append(t.Wrappers, w.name)
		t.URL, t.Address = inner, na
	}
	if t.Parsed != nil && t.Opaque == "" {
		for _, p := range strings.Split(t.Parsed.RawQuery, "&") {
			if k := queryKey(p); k != "" && isTrackingParam(k) {
				t.TrackingParams = appendOnce(t.TrackingParams, k)
			}
		}
	}
	return t
}

// wrapper is one documented URL format that wraps another URL: mail
// security gateways that rewrite every link for a check at click time, and
// redirect pages that carry their target in a parameter.
type wrapper struct {
	name   string
	match  func(host string, u *url.URL) bool
	target func(u *url.URL) string // the wrapped URL, "" when the URL does not carry it
	opaque bool                    // the format never carries the target
}

// The formats, each as its vendor documents it or as it appears in every
// link the service rewrites (the target is readable, so anyone can check):
//   - Microsoft Defender for Office 365 Safe Links: https://<region>.safelinks.protection.outlook.com/?url=<target>&data=…
//     (GCC High and DoD: *.safelinks.protection.office365.us); Microsoft Learn, "Safe Links in Microsoft Defender for Office 365".
//   - Proofpoint URL Defense v1 (/v1/url?u=<percent-encoded>), v2 (/v2/url?u=<target with "-" for "%" and "_" for "/">)
//     and v3 (urldefense.com/v3/__<target>__;<base64url of the characters replaced by "*">!…$);
//     Proofpoint's published URL decoder script describes all three.
//   - Mimecast URL Protect: https://protect-<region>.mimecast.com/s/<token>?domain=<domain>: the target stays on Mimecast's servers.
//   - Google's redirect page: https://www.google.<tld>/url?q=<target> (also url=), as Gmail and search results write it.
//   - Barracuda Link Protection: https://linkprotect.cudasvc.com/url?a=<target>&c=…
//   - Cisco Secure Email (IronPort) URL rewriting: https://secure-web.cisco.com/<token>/<percent-encoded target>
//   - Trend Micro time-of-click protection: https://<host>-ctp.trendmicro.com/wis/clicktime/v1/query?url=<target>&umid=…
//   - Sophos Email time-of-click: https://<region>.protection.sophos.com/?d=<domain>&u=<base64 target>&…
//   - Trellix (FireEye) Email Security: https://protect2.fireeye.com/v1/url?k=…&u=<target>
//   - Facebook's link shim: https://l.facebook.com/l.php?u=<target>&h=…
var wrappers = []wrapper{
	{
		name: "Microsoft Defender Safe Links",
		match: func(h string, u *url.URL) bool {
			return strings.HasSuffix(h, ".safelinks.protection.outlook.com") || strings.HasSuffix(h, ".safelinks.protection.office365.us")
		},
		target: queryURL("url"),
	},
	{
		name:   "Proofpoint URL Defense",
		match:  func(h string, u *url.URL) bool { return h == "urldefense.proofpoint.com" && u.Path == "/v1/url" },
		target: queryURL("u"),
	},
	{
		name:  "Proofpoint URL Defense",
		match: func(h string, u *url.URL) bool { return h == "urldefense.proofpoint.com" && u.Path == "/v2/url" },
		target: func(u *url.URL) string {
			v := strings.NewReplacer("-", "%", "_", "/").Replace(u.Query().Get("u"))
			s, err := url.PathUnescape(v)
			if err != nil || !isHTTP(s) {
				return ""
			}
			return s
		},
	},
	{
		name: "Proofpoint URL Defense",
		match: func(h string, u *url.URL) bool {
			return (h == "urldefense.com" || h == "urldefense.proofpoint.com") && strings.HasPrefix(u.Path, "/v3/__")
		},
		target: proofpointV3,
	},
	{
		name: "Mimecast URL Protect",
		match: func(h string, u *url.URL) bool {
			return (strings.HasPrefix(h, "protect-") && strings.HasSuffix(h, ".mimecast.com") || strings.HasSuffix(h, ".mimecastprotect.com")) &&
				strings.HasPrefix(u.Path, "/s/")
		},
		opaque: true,
	},
	{
		name: "Google redirect",
		match: func(h string, u *url.URL) bool {
			if u.Path != "/url" {
				return false
			}
			suffix, _ := publicsuffix.PublicSuffix(h)
			name := strings.TrimSuffix(h, "."+suffix)
			return name == "google" || name == "www.google"
		},
		target: queryURL("q", "url"),
	},
	{
		name:   "Barracuda Link Protection",
		match:  func(h string, u *url.URL) bool { return h == "linkprotect.cudasvc.com" },
		target: queryURL("a"),
	},
	{
		name:  "Cisco Secure Email",
		match: func(h string, u *url.URL) bool { return h == "secure-web.cisco.com" },
		target: func(u *url.URL) string {
			// /<token>/<percent-encoded target>: the target is the rest after the token.
			p := strings.TrimPrefix(u.EscapedPath(), "/")
			_, rest, ok := strings.Cut(p, "/")
			if !ok {
				return ""
			}
			if u.RawQuery != "" {
				rest += "?" + u.RawQuery
			}
			s, err := url.PathUnescape(rest)
			if err != nil || !isHTTP(s) {
				return ""
			}
			return s
		},
	},
	{
		name: "Trend Micro URL protection",
		match: func(h string, u *url.URL) bool {
			return strings.HasSuffix(h, "ctp.trendmicro.com") && strings.HasPrefix(u.Path, "/wis/clicktime/")
		},
		target: queryURL("url"),
	},
	{
		name:  "Sophos Email time-of-click",
		match: func(h string, u *url.URL) bool { return strings.HasSuffix(h, ".protection.sophos.com") },
		target: func(u *url.URL) string {
			v := u.Query().Get("u")
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
				if b, err := enc.DecodeString(v); err == nil && isHTTP(string(b)) {
					return string(b)
				}
			}
			return ""
		},
	},
	{
		name: "Trellix (FireEye) URL protection",
		match: func(h string, u *url.URL) bool {
			return h == "protect2.fireeye.com" && strings.HasPrefix(u.Path, "/v1/url")
		},
		target: queryURL("u"),
	},
	{
		name: "Facebook link shim",
		match: func(h string, u *url.URL) bool {
			return (h == "l.facebook.com" || h == "lm.facebook.com") && u.Path == "/l.php"
		},
		target: queryURL("u"),
	},
}

func matchWrapper(host string, u *url.URL) (wrapper, bool) {
	for _, w := range wrappers {
		if w.match(host, u) {
			return w, true
		}
	}
	return wrapper{}, false
}

// queryURL reads the target from the first of keys that holds an http(s) URL.
func queryURL(keys ...string) func(u *url.URL) string {
	return func(u *url.URL) string {
		q := u.Query()
		for _, k := range keys {
			if v := strings.TrimSpace(q.Get(k)); isHTTP(v) {
				return v
			}
		}
		return ""
	}
}

// isWeb tells whether u is a web address (http or https).
func isWeb(u *url.URL) bool {
	return u != nil && (u.Scheme == "http" || u.Scheme == "https")
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// proofpointV3 decodes urldefense.com/v3/__<target>__;<replaced>!…: the
// target is written with each character that a URL in mail may not carry
// safely replaced by "*" (one character) or "**X" (a run of characters,
// X counting from "A" for two), and <replaced> is those characters in
// order, base64url-encoded.
func proofpointV3(u *url.URL) string {
	rest := u.EscapedPath()
	if u.RawQuery != "" || u.ForceQuery {
		rest += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rest += "#" + u.EscapedFragment()
	}
	rest = strings.TrimPrefix(rest, "/v3/__")
	enc := ""
	body, after, ok := strings.Cut(rest, "__;")
	if ok {
		enc, _, _ = strings.Cut(after, "!")
	} else if body, _, ok = strings.Cut(rest, "__!"); !ok {
		return ""
	}
	target, err := url.PathUnescape(body)
	if err != nil {
		return ""
	}
	enc = strings.TrimRight(enc, "=")
	decoded, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !utf8.Valid(decoded) {
		return ""
	}
	replaced := []rune(string(decoded))
	const runs = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var b strings.Builder
	next := 0
	take := func(n int) bool {
		if next+n > len(replaced) {
			return false
		}
		b.WriteString(string(replaced[next : next+n]))
		next += n
		return true
	}
	for i := 0; i < len(target); i++ {
		if target[i] != '*' {
			b.WriteByte(target[i])
			continue
		}
		if i+2 < len(target) && target[i+1] == '*' {
			n := strings.IndexByte(runs, target[i+2])
			if n < 0 || !take(n+2) {
				return ""
			}
			i += 2
			continue
		}
		if !take(1) {
			return ""
		}
	}
	if s := b.String(); isHTTP(s) {
		return s
	}
	return ""
}

// queryKey returns the name of one key=value pair of a raw query, unescaped.
func queryKey(pair string) string {
	k, _, _ := strings.Cut(pair, "=")
	if uk, err := url.QueryUnescape(k); err == nil {
		k = uk
	}
	return k
}

// isTrackingParam tells whether a query parameter only tells a site where a
// click came from (assets/tracking-params.txt: a name, or a prefix ending in "*").
func isTrackingParam(key string) bool {
	k := strings.ToLower(key)
	f := facts()
	if f.trackingParams[k] {
		return true
	}
	for _, p := range f.trackingPrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// loadTrackingParams reads assets/tracking-params.txt.
func loadTrackingParams() (names map[string]bool, prefixes []string) {
	names = map[string]bool{}
	for _, l := range assets.Lines("tracking-params.txt") {
		l = strings.ToLower(strings.Fields(l)[0])
		if p, ok := strings.CutSuffix(l, "*"); ok {
			prefixes = append(prefixes, p)
		} else {
			names[l] = true
		}
	}
	return names, prefixes
}
