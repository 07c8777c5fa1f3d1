package message

import (
	"net"
	"strings"
	"testing"
)

// firstIPNet is firstIP as it was before it skipped words that are no
// address and parsed with netip: every part of the word through
// net.ParseIP and net.IP.String.
func firstIPNet(w string) string {
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
	return ""
}

var firstIPSamples = []string{"", "[203.0.113.5])", "(x=[IPv6:2001:db8::1],y)", "[::ffff:192.0.2.1]", "(fe80::1%eth0)", "1.2.3", "abc", "DEAD:BEEF::1",
	"1.2.3.4.5", "[::1]", "(mail.example.com", "helo=cafe.be)", "[IPv6:::ffff:10.0.0.1]", "ipv6:2001:DB8:0:0:0:0:0:1", "1.02.3.4", "[0.0.0.0]", "::", "1::2::3"}

// firstIP finds the address net.ParseIP found, written as net.IP writes it.
func TestFirstIPAsNet(t *testing.T) {
	for _, w := range firstIPSamples {
		if got, want := firstIP(w), firstIPNet(w); got != want {
			t.Errorf("firstIP(%q) = %q, through net.ParseIP %q", w, got, want)
		}
	}
}

// FuzzFirstIP compares firstIP with firstIPNet over any word.
func FuzzFirstIP(f *testing.F) {
	for _, w := range firstIPSamples {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := firstIP(w), firstIPNet(w); got != want {
			t.Errorf("firstIP(%q) = %q, through net.ParseIP %q", w, got, want)
		}
	})
}
