package check

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
)

// hostIPParsed is the earlier hostIP, which tried every host as an IP
// address: hostIP must read every host as it did.
func hostIPParsed(host string) (ip, form string) {
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil && strings.Contains(host, ":") {
		return ip.String(), "IPv6"
	}
	parts := strings.Split(host, ".")
	if len(parts) > 4 || len(parts) == 0 {
		return "", ""
	}
	var nums []uint64
	form = "dotted"
	for _, p := range parts {
		if p == "" {
			return "", ""
		}
		base := 10
		switch {
		case strings.HasPrefix(p, "0x"):
			base, p, form = 16, p[2:], "hexadecimal"
			if p == "" {
				p = "0"
			}
		case len(p) > 1 && p[0] == '0':
			base, p, form = 8, p[1:], "octal"
		}
		n, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			return "", ""
		}
		nums = append(nums, n)
	}
	if len(nums) < 4 && form == "dotted" {
		form = "shortened"
		if len(nums) == 1 {
			form = "decimal"
		}
	}
	// The last part fills the remaining bytes.
	var addr uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return "", ""
		}
		addr |= n << (8 * uint(3-i))
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*uint(5-len(nums))) {
		return "", ""
	}
	addr |= last
	return fmt.Sprintf("%d.%d.%d.%d", addr>>24, addr>>16&255, addr>>8&255, addr&255), form
}

var hostIPSamples = []string{"www.example.com", "192.0.2.1", "[2001:db8::1]", "2001:db8::1", "0xC0.0x00.0x02.0x01", "0300.0250.1.1", "3232235777",
	"192.168.257", "0x", "0x.1", "1.2.3.4.5", "::ffff:192.0.2.1", "[::ffff:c000:201]", "1e.2", "AbC", "0XFF.1.1.1", "１.２.３.４", "", ".", "fe80::1%eth0"}

func TestHostIPAsParsed(t *testing.T) {
	for _, h := range hostIPSamples {
		hostIPAgrees(t, h)
	}
}

func hostIPAgrees(t *testing.T, host string) {
	gi, gf := hostIP(host)
	wi, wf := hostIPParsed(host)
	if gi != wi || gf != wf {
		t.Fatalf("hostIP(%q) = %q %q, trying every host %q %q", host, gi, gf, wi, wf)
	}
}

func FuzzHostIP(f *testing.F) {
	for _, h := range hostIPSamples {
		f.Add(h)
	}
	f.Fuzz(hostIPAgrees)
}
