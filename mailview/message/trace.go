package message

import (
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"
)

// Hop is one relay of the Received chain.
type Hop struct {
	From string    // the host the relay says it received from (HELO name or reverse DNS)
	By   string    // the relay that wrote the header
	IP   string    // the address the message came from, "" when not recorded
	Time time.Time // when the relay received it; zero when unreadable
}

// Trace is the path a message took, oldest hop first.
type Trace struct {
	Hops     []Hop
	OriginIP string // the first public address in the chain, or X-Originating-IP
}

// ParseTrace reads the Received headers (newest on top) into hops, oldest
// first. The origin is the first hop whose sending address is public: the
// machine the message left from, unless an earlier relay lied. Lower
// Received headers can be forged by the sender; they are shown, not trusted.
func ParseTrace(h Header) Trace {
	received := h.Values("Received")
	t := Trace{Hops: make([]Hop, 0, len(received))}
	for i := len(received) - 1; i >= 0; i-- {
		t.Hops = append(t.Hops, parseReceived(received[i]))
	}
	for _, hop := range t.Hops {
		if isPublicIP(hop.IP) {
			t.OriginIP = hop.IP
			break
		}
	}
	for _, name := range []string{"X-Originating-IP", "X-Sender-IP", "X-Source-IP"} {
		if v := strings.Trim(strings.TrimSpace(h.Raw(name)), "[]"); v != "" && isPublicIP(v) {
			t.OriginIP = v // set by webmail, which sees the sender's own address
			break
		}
	}
	return t
}

// parseReceived reads "from X (helo [ip]) by Y with ... ; date".
// The date is what follows the last ';', its words joined by single
// spaces; the body before it is read word by word without a slice of its
// words (FieldsSeq), the from part's address looked for as it goes.
func parseReceived(v string) Hop {
	// Host names are ASCII; 8-bit bytes in a hostile header must not reach
	// the window or the JSON as invalid UTF-8.
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	var hop Hop
	body := v
	if i := strings.LastIndexByte(v, ';'); i >= 0 {
		if t, ok := parseDate(singleSpaced(v[i+1:])); ok {
			hop.Time = t
		}
		body = v[:i]
	}
	// inFrom: the words after "from", up to "by", describe the sender,
	// with its address; fromNext: the word after "from" is its host;
	// byNext: the word after the first "by" is the receiver.
	inFrom, fromNext, byNext := false, false, false
	for w := range strings.FieldsSeq(body) {
		wordBy := isBy(w)
		if byNext {
			hop.By = strings.Trim(w, "()[];")
			byNext = false
		}
		switch {
		case fromNext:
			hop.From = strings.Trim(w, "()[]")
			hop.IP = firstIP(w)
			fromNext, inFrom = false, true
			if !wordBy {
				continue
			}
			// "from by …": the host is "by", which also ends the from part.
			inFrom = false
		case inFrom && !wordBy:
			if hop.IP == "" {
				hop.IP = firstIP(w)
			}
			continue
		}
		inFrom = false
		switch {
		case isFrom(w):
			fromNext = true
		case wordBy:
			if hop.By == "" {
				byNext = true
			}
		}
	}
	return hop
}

// isBy is strings.EqualFold(w, "by"), and isFrom the same for "from": no
// rune but their capitals folds to b, y, f, r, o or m (unlike k and s),
// so a word that is one of them is as long and ASCII (TestKeywordFolds).
func isBy(w string) bool {
	return len(w) == 2 && w[0]|0x20 == 'b' && w[1]|0x20 == 'y'
}

func isFrom(w string) bool {
	return len(w) == 4 && w[0]|0x20 == 'f' && w[1]|0x20 == 'r' && w[2]|0x20 == 'o' && w[3]|0x20 == 'm'
}

// singleSpaced is s's words joined by single spaces, s itself when it is
// written so already (as nearly every date is).
func singleSpaced(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c != ' ' && asciiSpace(c) || c == ' ' && s[i+1] == ' ' {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// firstIP finds the first IP address in a word of a Received header's
// "from" part such as "[203.0.113.5])" or "(x=[IPv6:2001:db8::1],y)".
func firstIP(w string) string {
	for i := 0; i < len(w); {
		if isIPSeparator(w[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(w) && !isIPSeparator(w[j]) {
			j++
		}
		f := strings.TrimPrefix(strings.TrimPrefix(w[i:j], "IPv6:"), "ipv6:")
		if ipText(f) {
			// net.ParseIP(f).String(), without the net.IP: an IPv4
			// address mapped into IPv6 is written as IPv4.
			if a, err := netip.ParseAddr(f); err == nil && a.Zone() == "" {
				return a.Unmap().String()
			}
		}
		i = j
	}
	return ""
}

// ipText tells whether s is written only in the characters of an IP
// address without a zone (digits, hex letters, dots and colons): no other
// text parses as one, so a host name is not parsed.
func ipText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F', c == '.', c == ':':
		default:
			return false
		}
	}
	return s != ""
}

// isIPSeparator tells whether c ends the text of an address in a Received
// header's "from" part (all are ASCII, so bytes can be compared).
func isIPSeparator(c byte) bool {
	switch c {
	case ' ', '(', ')', '[', ']', '=', ',', ';':
		return true
	}
	return false
}

// isPublicIP tells whether s is an address on the Internet: global
// unicast, not private, not the carrier-grade NAT range. (The documentation
// ranges of RFC 5737/3849 never occur in real traffic and stay public, so
// examples written with them trace like real mail.)
func isPublicIP(s string) bool {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return false
	}
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate() && !netip.MustParsePrefix("100.64.0.0/10").Contains(a)
}
