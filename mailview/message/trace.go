package message

import (
	"net"
	"net/netip"
	"strings"
	"time"
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
	var t Trace
	received := h.Values("Received")
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
// It reads the words of the value once: the date is what follows the last
// ';', with the words joined by single spaces, and the body is the words
// before it.
func parseReceived(v string) Hop {
	// Host names are ASCII; 8-bit bytes in a hostile header must not reach
	// the window or the JSON as invalid UTF-8.
	words := strings.Fields(strings.ToValidUTF8(v, "\uFFFD"))
	var hop Hop
	for k := len(words) - 1; k >= 0; k-- {
		i := strings.LastIndexByte(words[k], ';')
		if i < 0 {
			continue
		}
		date := words[k][i+1:]
		if k+1 < len(words) {
			date = date + " " + strings.Join(words[k+1:], " ")
		}
		if t, ok := parseDate(date); ok {
			hop.Time = t
		}
		if i > 0 {
			words[k] = words[k][:i]
			words = words[:k+1]
		} else {
			words = words[:k]
		}
		break
	}
	var fromPart []string
	for i := 0; i < len(words); i++ {
		switch {
		case strings.EqualFold(words[i], "from"):
			if i+1 < len(words) {
				hop.From = strings.Trim(words[i+1], "()[]")
				// Everything up to "by" describes the sender, with its address.
				j := i + 1
				for j < len(words) && !strings.EqualFold(words[j], "by") {
					j++
				}
				fromPart = words[i+1 : j]
				i = j - 1
			}
		case strings.EqualFold(words[i], "by"):
			if i+1 < len(words) && hop.By == "" {
				hop.By = strings.Trim(words[i+1], "()[];")
			}
		}
	}
	hop.IP = firstIP(fromPart)
	return hop
}

// firstIP finds the first IP address in words such as
// "mail.example.com (mail.example.com [203.0.113.5])".
func firstIP(words []string) string {
	for _, w := range words {
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
			if ip := net.ParseIP(f); ip != nil {
				return ip.String()
			}
			i = j
		}
	}
	return ""
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
