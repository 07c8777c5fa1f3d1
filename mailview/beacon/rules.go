// Package beacon recognises tracking in URLs: known tracking vendors from a
// rule set, per-recipient tokens, and the reader's address hidden in a URL in
// any of the encodings trackers use. It knows nothing of messages; mailview
// asks it about each URL it finds.
package beacon

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"

	"mailsafe/assets"
)

// Kind is what a tracking rule's URLs do.
type Kind string

// Kinds of tracking.
const (
	Open      Kind = "open"      // an open-tracking pixel: loading it reports that the mail was opened
	Click     Kind = "click"     // a click redirector: following it reports the click, then redirects
	Analytics Kind = "analytics" // an analytics or advertising pixel
)

// Rule is one line of the rule set: a vendor's hosts and URL shapes for one kind.
type Rule struct {
	Vendor string
	Kind   Kind
	Hosts  []string // host suffixes: a host matches when it is one or ends with "." and one
	Paths  []string // fragments of the lower-cased path and query: "/x" anywhere in them, "^/x" at
	// their start, "?key=value" as a query parameter. With Hosts, host and a fragment must both
	// match; alone, a fragment identifies the vendor on any host (its shape on a sender's own
	// tracking subdomain), but only on URLs that carry a per-recipient token
	Source string
}

// Match is a URL recognised by a rule.
type Match struct {
	Vendor string
	Kind   Kind
	Rule   *Rule
}

// Rules is a parsed rule set, indexed so that classifying a URL costs a few
// map lookups (one per host label and path segment), not a scan of all rules.
type Rules struct {
	rules    []Rule
	byHost   map[string][]int // host suffix -> rules
	byPath   map[string][]int // first path segment of a host-less fragment -> rules
	byQuery  map[string][]int // query parameter name of a host-less "?key=" fragment -> rules
	nVendors int
}

// Len returns the number of rules.
func (rs *Rules) Len() int { return len(rs.rules) }

// Vendors returns the number of distinct vendors.
func (rs *Rules) Vendors() int { return rs.nVendors }

// Parse reads a rule set in mailsafe's format: one rule a line,
//
//	vendor | kind | host suffixes | path fragments | source
//
// with lists comma-separated and either hosts or paths possibly empty (not
// both). Blank lines and lines starting with "#" are skipped. An error names
// the line.
func Parse(r io.Reader) (*Rules, error) {
	rs := &Rules{byHost: map[string][]int{}, byPath: map[string][]int{}, byQuery: map[string][]int{}}
	vendors := map[string]bool{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "|")
		if len(f) != 5 {
			return nil, fmt.Errorf("tracker rules line %d: want 5 fields separated by |, got %d", line, len(f))
		}
		rule := Rule{Vendor: strings.TrimSpace(f[0]), Kind: Kind(strings.TrimSpace(f[1])), Source: strings.TrimSpace(f[4])}
		rule.Hosts = splitList(f[2])
		rule.Paths = splitList(f[3])
		switch {
		case rule.Vendor == "":
			return nil, fmt.Errorf("tracker rules line %d: no vendor", line)
		case rule.Kind != Open && rule.Kind != Click && rule.Kind != Analytics:
			return nil, fmt.Errorf("tracker rules line %d: kind %q is not open, click or analytics", line, rule.Kind)
		case len(rule.Hosts) == 0 && len(rule.Paths) == 0:
			return nil, fmt.Errorf("tracker rules line %d: neither hosts nor paths", line)
		case rule.Source == "":
			return nil, fmt.Errorf("tracker rules line %d: no source", line)
		}
		for _, p := range rule.Paths {
			if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "^/") && !strings.HasPrefix(p, "?") {
				return nil, fmt.Errorf("tracker rules line %d: path fragment %q must start with /, ^/ or ?", line, p)
			}
		}
		i := len(rs.rules)
		rs.rules = append(rs.rules, rule)
		vendors[rule.Vendor] = true
		for _, h := range rule.Hosts {
			rs.byHost[h] = append(rs.byHost[h], i)
		}
		if len(rule.Hosts) == 0 {
			for _, p := range rule.Paths {
				if strings.HasPrefix(p, "?") {
					key, _, _ := strings.Cut(p[1:], "=")
					rs.byQuery[key] = append(rs.byQuery[key], i)
				} else {
					seg := firstSegment(strings.TrimPrefix(p, "^"))
					rs.byPath[seg] = append(rs.byPath[seg], i)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tracker rules: %w", err)
	}
	rs.nVendors = len(vendors)
	return rs, nil
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.ToLower(strings.TrimSpace(item)); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// firstSegment returns the first path segment of a fragment: "/wf/open" -> "wf".
func firstSegment(p string) string {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexAny(p, "/?"); i >= 0 {
		p = p[:i]
	}
	return p
}

// Default returns the rule set embedded from assets/trackers.txt, parsed once.
func Default() *Rules { return defaultRules() }

var defaultRules = sync.OnceValue(func() *Rules {
	f, err := assets.Files.Open("trackers.txt")
	if err != nil {
		panic("beacon: the embedded tracker rules are missing: " + err.Error())
	}
	defer f.Close()
	rs, err := Parse(f)
	if err != nil {
		panic("beacon: the embedded tracker rules do not parse: " + err.Error())
	}
	return rs
})

// Classify tells which known tracker, if any, a URL belongs to. A rule with
// both hosts and fragments is preferred over one with hosts alone, and those
// over fragment-only rules.
func (rs *Rules) Classify(u *url.URL) (Match, bool) { return rs.classify(u, "") }

// ClassifyKind is Classify among the rules of one kind: a link is checked
// against click redirectors even where the same host also serves pixels.
func (rs *Rules) ClassifyKind(u *url.URL, kind Kind) (Match, bool) { return rs.classify(u, kind) }

func (rs *Rules) classify(u *url.URL, kind Kind) (Match, bool) {
	return rs.classifyWith(u, kind, rs.hostRules(lowerASCII(u.Hostname())))
}

// MaxHostName is the longest a host name can be written (RFC 1035 3.1: 255
// octets on the wire, 253 as text). No list entry is longer.
const MaxHostName = 253

// NameSuffix is the longest suffix of host that starts a label and is no
// longer than a host name can be: only it and its own suffixes can match a
// listed host. A hostile URL's host of a million labels would otherwise
// have each of its million suffixes hashed in a list lookup (quadratic).
func NameSuffix(host string) string {
	if len(host) <= MaxHostName {
		return host
	}
	rest := host[len(host)-MaxHostName:]
	if host[len(host)-MaxHostName-1] == '.' {
		return rest
	}
	dot := strings.IndexByte(rest, '.')
	if dot < 0 {
		return ""
	}
	return rest[dot+1:]
}

// hostRules lists the rules whose host suffixes match host.
func (rs *Rules) hostRules(host string) []int {
	var out []int
	for h := NameSuffix(host); h != ""; {
		out = append(out, rs.byHost[h]...)
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			break
		}
		h = h[dot+1:]
	}
	return out
}

// Classifier classifies the URLs of one message, remembering the rules of
// each host it has seen: a message's URLs come from a handful of hosts.
type Classifier struct {
	rs    *Rules
	hosts map[string][]int
}

// NewClassifier returns a classifier over rs for one message's URLs.
func (rs *Rules) NewClassifier() *Classifier {
	return &Classifier{rs: rs, hosts: map[string][]int{}}
}

// Classify is Rules.Classify.
func (c *Classifier) Classify(u *url.URL) (Match, bool) { return c.classify(u, "") }

// ClassifyKind is Rules.ClassifyKind.
func (c *Classifier) ClassifyKind(u *url.URL, kind Kind) (Match, bool) { return c.classify(u, kind) }

func (c *Classifier) classify(u *url.URL, kind Kind) (Match, bool) {
	host := lowerASCII(u.Hostname())
	cands, ok := c.hosts[host]
	if !ok {
		cands = c.rs.hostRules(host)
		c.hosts[host] = cands
	}
	return c.rs.classifyWith(u, kind, cands)
}

// classifyWith classifies u given the rules that match its host.
func (rs *Rules) classifyWith(u *url.URL, kind Kind, hostRules []int) (Match, bool) {
	pathQuery := "" // built when a rule needs it
	pq := func() string {
		if pathQuery == "" {
			pathQuery = lowerASCII(u.EscapedPath())
			if u.RawQuery != "" {
				pathQuery += "?" + lowerASCII(u.RawQuery)
			}
		}
		return pathQuery
	}
	best, bestScore := -1, 0
	for _, i := range hostRules {
		r := &rs.rules[i]
		if kind != "" && r.Kind != kind {
			continue
		}
		score := 2
		if len(r.Paths) > 0 {
			if !fragmentsMatch(pq(), r.Paths) {
				continue
			}
			score = 3
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	// Fragment-only rules are shapes that many hosts could serve for other
	// reasons; they count only on URLs that carry a per-recipient token, as
	// every real tracking URL does.
	if best < 0 && (len(rs.byPath) > 0 || len(rs.byQuery) > 0) && rs.mayMatchFragment(u) && RecipientToken(u) != "" {
		for _, i := range rs.fragmentCandidates(u) {
			r := &rs.rules[i]
			if (kind == "" || r.Kind == kind) && fragmentsMatch(pq(), r.Paths) {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return Match{}, false
	}
	r := &rs.rules[best]
	return Match{Vendor: r.Vendor, Kind: r.Kind, Rule: r}, true
}

// fragmentsMatch tells whether the lower-cased path and query pq match one
// of a rule's fragments. A fragment's query parameters match in any order,
// as a server reads them: "/wf/open?upn=" is also "/wf/open?x=1&upn=…".
func fragmentsMatch(pq string, frags []string) bool {
	path, query, hasQuery := strings.Cut(pq, "?")
	for _, f := range frags {
		anchored := strings.HasPrefix(f, "^")
		fpath, fquery, withQuery := strings.Cut(strings.TrimPrefix(f, "^"), "?")
		switch {
		case withQuery:
			pathOK := anchored && path == fpath || !anchored && strings.HasSuffix(path, fpath) // "" for "?key=val": any path
			if pathOK && hasQuery && hasParams(query, fquery) {
				return true
			}
		case anchored:
			if strings.HasPrefix(path, fpath) && (len(path) == len(fpath) || strings.ContainsRune("/&=.-_", rune(fpath[len(fpath)-1])) ||
				strings.IndexByte("/&.", path[len(fpath)]) >= 0) {
				return true // a whole segment: "^/tr" is "/tr" or "/tr?…", never "/travel"
			}
		default:
			if strings.Contains(pq, f) {
				return true
			}
		}
	}
	return false
}

// hasParams tells whether query has each "&"-separated parameter of want:
// the last as a prefix of one of query's ("upn=" of "upn=abc"), the others
// whole ("t=1" of "t=1", not of "t=10").
func hasParams(query, want string) bool {
	for want != "" {
		piece, rest, more := strings.Cut(want, "&")
		found := false
		for q := query; q != "" && !found; {
			var param string
			param, q, _ = strings.Cut(q, "&")
			found = more && param == piece || !more && strings.HasPrefix(param, piece)
		}
		if !found {
			return false
		}
		want = rest
	}
	return true
}

// fragmentCandidates lists the fragment-only rules indexed under u's path
// segments and query parameter names.
func (rs *Rules) fragmentCandidates(u *url.URL) []int {
	var out []int
	forSegments(u.EscapedPath(), func(seg string) bool {
		rules, _ := lookupLowered(rs.byPath, seg)
		out = append(out, rules...)
		return true
	})
	for q := u.RawQuery; q != ""; {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		key, _, _ := strings.Cut(kv, "=")
		rules, _ := lookupLowered(rs.byQuery, key)
		out = append(out, rules...)
	}
	return out
}

// forSegments calls f for each segment of an escaped path until f returns false.
func forSegments(path string, f func(string) bool) {
	for path != "" {
		path = strings.TrimPrefix(path, "/")
		seg := path
		if k := strings.IndexByte(path, '/'); k >= 0 {
			seg, path = path[:k], path[k:]
		} else {
			path = ""
		}
		if !f(seg) {
			return
		}
	}
}

// mayMatchFragment tells cheaply whether any path segment or query name of
// u is indexed, before the token test.
func (rs *Rules) mayMatchFragment(u *url.URL) bool {
	found := false
	forSegments(u.EscapedPath(), func(seg string) bool {
		_, found = lookupLowered(rs.byPath, seg)
		return !found
	})
	if !found && u.RawQuery != "" && len(rs.byQuery) > 0 {
		found = len(rs.fragmentCandidates(u)) > 0
	}
	return found
}

// lowerASCII lower-cases s, without copying it when it has no upper case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// lookupLowered is m[lowerASCII(key)], lower-casing an ASCII key of up to
// 64 bytes on the stack (a map index by string(bytes) does not allocate)
// instead of in a new string.
func lookupLowered(m map[string][]int, key string) ([]int, bool) {
	var buf [64]byte
	if len(key) > len(buf) {
		v, ok := m[lowerASCII(key)]
		return v, ok
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 0x80 { // strings.ToLower folds more than ASCII
			v, ok := m[lowerASCII(key)]
			return v, ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	v, ok := m[string(buf[:len(key)])]
	return v, ok
}

// ClassifyString parses raw and classifies it; an unparsable URL matches nothing.
func (rs *Rules) ClassifyString(raw string) (Match, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return Match{}, false
	}
	return rs.Classify(u)
}
