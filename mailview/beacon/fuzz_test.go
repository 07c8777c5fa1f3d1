package beacon

import (
	"net/url"
	"testing"
)

// FuzzURL runs arbitrary URLs through classification, token detection and
// the address probe: none may panic, and a match must name a vendor.
func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"https://shop.us4.list-manage.com/track/open.php?u=1&id=2", "https://x.example/wf/open?upn=abcdefABCDEF0123456789",
		"https://www.facebook.com/tr?id=1", "https://t.example/p.gif?h=%2540%40", "https://t.example/o/eyJ0byI6ImFAYi5jIn0.gif?mkt_tok=x",
		"//%zz", "https://[::1]:80/?&&=&", "",
	} {
		f.Add(s)
	}
	rs := Default()
	probe := NewAddressProbe([]string{"alex.morgan@example.com"})
	f.Fuzz(func(t *testing.T, raw string) {
		probe.Find(raw)
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		RecipientToken(u)
		if m, ok := rs.Classify(u); ok && (m.Vendor == "" || m.Rule == nil) {
			t.Fatalf("match without a vendor for %q", raw)
		}
		rs.ClassifyKind(u, Click)
	})
}
