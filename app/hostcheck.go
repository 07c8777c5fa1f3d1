package app

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/net/idna"

	"mailsafe/assets"
)

// ErrBadHost is an image host that cannot be read as a resolver reads it
// (not a name or address once mapped).
var ErrBadHost = errors.New("the image's host name cannot be read as a network name, so it is not loaded")

// vetURL reads u's host the way a resolver will and refuses it when it is,
// or may be, this computer or a local network. It returns a copy of u with
// the host in that form, which is what the request must use: what was
// checked is then exactly what the network (or the proxy) is asked for.
//
// Directly, a name is checked again on the address dialled (guard); through
// a proxy, which resolves the name itself, the name is all there is, so
// single-label names (which a resolver completes with its own network's
// search domains) are refused too.
func (l *HTTPLoader) vetURL(u *url.URL, viaProxy bool) (*url.URL, error) {
	host, err := resolverHost(u.Hostname())
	if err != nil {
		return nil, err
	}
	out := *u
	out.Host = host
	if strings.Contains(host, ":") {
		out.Host = "[" + host + "]"
	}
	if p := u.Port(); p != "" {
		out.Host += ":" + p
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return &out, l.checkAddr(a)
	}
	if a, ok := looseIPv4(host); ok { // 2130706433, 127.1, 0x7f.1: the C resolver reads these as addresses
		return &out, l.checkAddr(a)
	}
	if name, loopback, ok := localName(host); ok && !(loopback && l.AllowLoopback) {
		return nil, fmt.Errorf("%w (%s is a name for %s)", ErrBlockedAddress, host, name)
	}
	if viaProxy && !strings.Contains(host, ".") {
		return nil, fmt.Errorf("%w (%s: through a proxy a name without a dot is looked up in the proxy's own network)", ErrBlockedAddress, host)
	}
	return &out, nil
}

// vetProxied checks a host:port about to be handed to a SOCKS5 proxy.
func (l *HTTPLoader) vetProxied(addr string) error {
	_, err := l.vetURL(&url.URL{Scheme: "http", Host: addr}, true)
	return err
}

// resolverHost is a URL's host (already percent-decoded by url.Parse) as it
// goes on the network: mapped by UTS 46 (IDNA) as net/http maps it, so
// fullwidth digits and letters and ideographic full stops become ASCII;
// lower case; without trailing dots; an IPv6 literal without its zone.
// Anything but letters, digits, '-', '_' and '.' left after that is refused.
func resolverHost(host string) (string, error) {
	if a, err := netip.ParseAddr(host); err == nil && a.Is6() {
		return a.WithZone("").String(), nil
	}
	mapped := host
	for i := 0; i < len(mapped); i++ {
		if mapped[i] >= 0x80 {
			var err error
			if mapped, err = idna.Lookup.ToASCII(host); err != nil {
				return "", fmt.Errorf("%w (%q: %v)", ErrBadHost, host, err)
			}
			break
		}
	}
	mapped = strings.TrimRight(strings.ToLower(mapped), ".")
	if mapped == "" {
		return "", fmt.Errorf("%w (%q)", ErrBadHost, host)
	}
	for _, c := range mapped {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "", fmt.Errorf("%w (%q)", ErrBadHost, host)
		}
	}
	return mapped, nil
}

// guard runs for every connection the loader's dialer makes, with the
// address actually dialled (after DNS), so a name that resolves to a
// local address is refused however it was reached.
func (l *HTTPLoader) guard(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w (%s)", ErrBlockedAddress, host)
	}
	return l.checkAddr(a)
}

// checkAddr refuses loopback, private, link-local, multicast and reserved
// addresses, IPv4 ones inside IPv6 forms too (local-networks.txt). Only
// plain loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.1) is allowed with
// AllowLoopback.
func (l *HTTPLoader) checkAddr(a netip.Addr) error {
	a = a.WithZone("").Unmap()
	if a.IsLoopback() && l.AllowLoopback {
		return nil
	}
	if localAddr(a) {
		return fmt.Errorf("%w (%s)", ErrBlockedAddress, a)
	}
	return nil
}

// localAddr tells whether a is, or reaches, an address mailsafe never contacts.
func localAddr(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsMulticast() || a.IsUnspecified() || a.IsInterfaceLocalMulticast() {
		return true
	}
	for _, n := range localNetworks().nets {
		if !n.prefix.Contains(a) {
			continue
		}
		if len(n.embeds) == 0 {
			return true
		}
		b := a.As16()
		for _, e := range n.embeds {
			v4 := [4]byte(b[e.at : e.at+4])
			if e.inverted {
				for i := range v4 {
					v4[i] ^= 0xff
				}
			}
			if localAddr(netip.AddrFrom4(v4)) {
				return true
			}
		}
	}
	return false
}

// localFacts are local-networks.txt and local-names.txt, read once.
type localFacts struct {
	nets  []localNet
	names map[string]bool // name -> it is this computer (loopback)
}

type localNet struct {
	prefix netip.Prefix
	embeds []embeddedV4
}

// embeddedV4 is where an IPv6 form carries an IPv4 address.
type embeddedV4 struct {
	at       int  // byte offset in the 16-byte address
	inverted bool // stored with its bits inverted (Teredo)
}

var localNetworks = sync.OnceValue(func() localFacts {
	f := localFacts{names: map[string]bool{}}
	for _, l := range assets.Lines("local-networks.txt") {
		fields := strings.Fields(l)
		p, err := netip.ParsePrefix(fields[0])
		if err != nil {
			continue
		}
		n := localNet{prefix: p}
		for i := 1; i+1 < len(fields); i += 2 {
			if fields[i] != "embeds" {
				continue
			}
			at := strings.TrimPrefix(fields[i+1], "~")
			if off, err := strconv.Atoi(at); err == nil && off >= 0 && off <= 12 {
				n.embeds = append(n.embeds, embeddedV4{at: off, inverted: at != fields[i+1]})
			}
		}
		f.nets = append(f.nets, n)
	}
	for _, l := range assets.Lines("local-names.txt") {
		fields := strings.Fields(l)
		f.names[strings.ToLower(fields[0])] = len(fields) > 1 && fields[1] == "loopback"
	}
	return f
})

// localName tells whether host is, or is under, a name only a local
// resolver answers (local-names.txt), and which.
func localName(host string) (name string, loopback, ok bool) {
	names := localNetworks().names
	for rest := host; rest != ""; {
		if lb, found := names[rest]; found {
			return rest, lb, true
		}
		_, after, cut := strings.Cut(rest, ".")
		if !cut {
			break
		}
		rest = after
	}
	return "", false, false
}

// looseIPv4 reads an IPv4 address the way inet_aton does: one to four
// parts, each decimal, octal (leading 0) or hexadecimal (0x), the last
// part filling the remaining bytes.
func looseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 || s == "" {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		base, digits := 10, p
		switch {
		case strings.HasPrefix(p, "0x"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		if digits == "" && base != 8 {
			return netip.Addr{}, false
		}
		if digits == "" {
			digits = "0"
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals = append(vals, v)
	}
	var out uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		out |= v << (24 - 8*i)
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	out |= last
	return netip.AddrFrom4([4]byte{byte(out >> 24), byte(out >> 16), byte(out >> 8), byte(out)}), true
}
