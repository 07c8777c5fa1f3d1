package check

import (
	"testing"
)

var hostIPSamples = []string{"www.example.com", "192.0.2.1", "[2001:db8::1]", "2001:db8::1", "0xC0.0x00.0x02.0x01", "0300.0250.1.1", "3232235777",
	"192.168.257", "0x", "0x.1", "1.2.3.4.5", "::ffff:192.0.2.1", "[::ffff:c000:201]", "1e.2", "AbC", "0XFF.1.1.1", "１.２.３.４", "", ".", "fe80::1%eth0"}

func TestHostIPAsParsed(t *testing.T) {
	for _, h := range hostIPSamples {
		hostIPAgrees(t, h)
	}
}

func hostIPAgrees(t *testing.T, host string) {
	gi, gf := hostIP(host)
	wi, wf := parseHostIP(host)
	if gi != wi || gf != wf {
		t.Fatalf("hostIP(%q) = %q %q, parsing without the byte test %q %q", host, gi, gf, wi, wf)
	}
}

func FuzzHostIP(f *testing.F) {
	for _, h := range hostIPSamples {
		f.Add(h)
	}
	f.Fuzz(hostIPAgrees)
}
