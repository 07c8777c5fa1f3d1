package check

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"mailsafe/mailview/safedoc"
)

func TestUnwrap(t *testing.T) {
	q := url.QueryEscape
	google := "https://www.google.com/url?q=" + q("https://shop.example/sale?utm_source=news&ref=7")
	// Proofpoint v2 percent-encodes (also "-" and "_"), then writes "%" as "-" and "/" as "_".
	ppEnc := strings.NewReplacer("-", "%2D", "_", "%5F").Replace(url.PathEscape(google))
	pp := "https://urldefense.proofpoint.com/v2/url?u=" + strings.NewReplacer("%", "-", "/", "_").Replace(ppEnc) + "&d=DwMF&c=x&r=y&m=z&s=w&e="
	safe := "https://nam02.safelinks.protection.outlook.com/?url=" + q(pp) + "&data=05%7C02&reserved=0"
	cases := []struct {
		name, link, target, wrappers, opaque string
	}{
		{"nested", safe, "https://shop.example/sale?utm_source=news&ref=7",
			"Microsoft Defender Safe Links,Proofpoint URL Defense,Google redirect", ""},
		{"proofpoint v1", "https://urldefense.proofpoint.com/v1/url?u=" + q("http://intranet.example/a?b=c") + "&k=abc",
			"http://intranet.example/a?b=c", "Proofpoint URL Defense", ""},
		{"proofpoint v3 run", "https://urldefense.com/v3/__https://a.example/x**Ay=1__;PyY!!Tok!sig$",
			"https://a.example/x?&y=1", "Proofpoint URL Defense", ""},
		{"proofpoint v3 plain", "https://urldefense.com/v3/__https://a.example/page__;!!Tok!sig$",
			"https://a.example/page", "Proofpoint URL Defense", ""},
		{"barracuda", "https://linkprotect.cudasvc.com/url?a=" + q("https://files.example/report") + "&c=E,1,abc&typo=1",
			"https://files.example/report", "Barracuda Link Protection", ""},
		{"cisco", "https://secure-web.cisco.com/1AbCdEfG-token/" + q("https://portal.example/login"),
			"https://portal.example/login", "Cisco Secure Email", ""},
		{"sophos", "https://eu-central-1.protection.sophos.com?d=example.com&u=" + base64.StdEncoding.EncodeToString([]byte("https://www.example.com/news")) + "&i=1&t=2&h=3",
			"https://www.example.com/news", "Sophos Email time-of-click", ""},
		{"trend micro", "https://imsva91-ctp.trendmicro.com:443/wis/clicktime/v1/query?url=" + q("https://www.example.org/") + "&umid=1&auth=2",
			"https://www.example.org/", "Trend Micro URL protection", ""},
		{"mimecast is opaque", "https://protect-eu.mimecast.com/s/AbCdEfGhIjK?domain=example.net",
			"https://protect-eu.mimecast.com/s/AbCdEfGhIjK?domain=example.net", "Mimecast URL Protect", "Mimecast URL Protect"},
		{"safe links without a target", "https://eur01.safelinks.protection.outlook.com/?data=05",
			"https://eur01.safelinks.protection.outlook.com/?data=05", "", ""},
		{"javascript inside is not a target", "https://www.google.com/url?q=javascript:alert(1)",
			"https://www.google.com/url?q=javascript:alert(1)", "", ""},
		{"a look-alike host is no wrapper", "https://safelinks.protection.outlook.com.evil.example/?url=" + q("https://bank.example/"),
			"https://safelinks.protection.outlook.com.evil.example/?url=" + q("https://bank.example/"), "", ""},
	}
	for _, c := range cases {
		got := unwrapTarget(c.link, safedoc.ParseAddress(c.link))
		if got.URL != c.target || strings.Join(got.Wrappers, ",") != c.wrappers || got.Opaque != c.opaque {
			t.Errorf("%s: got %q via %v (opaque %q), want %q via %s (opaque %q)", c.name, got.URL, got.Wrappers, got.Opaque, c.target, c.wrappers, c.opaque)
		}
	}
}

func TestUnwrapIsBounded(t *testing.T) {
	link := "https://shop.example/"
	for i := 0; i < 20; i++ {
		link = "https://www.google.com/url?q=" + url.QueryEscape(link)
	}
	if got := unwrapTarget(link, safedoc.ParseAddress(link)); len(got.Wrappers) != maxWraps {
		t.Errorf("peeled %d wrappers", len(got.Wrappers))
	}
}

func TestTrackingParams(t *testing.T) {
	link := "https://shop.example/item?id=4&UTM_Source=mail&mc_eid=abc123&fbclid=xyz&gclid=1&page=2#top"
	got := unwrapTarget(link, safedoc.ParseAddress(link))
	if strings.Join(got.TrackingParams, " ") != "UTM_Source mc_eid fbclid gclid" {
		t.Errorf("params %v", got.TrackingParams)
	}
	if c := got.Clean(); c != "https://shop.example/item?id=4&page=2#top" {
		t.Errorf("clean %q", c)
	}
}

func TestFinalTargetCompressed(t *testing.T) {
	// A click link that carries its details zlib-compressed in one path segment.
	u, _ := url.Parse("https://email.sender.example/c/eJwUzMFuhCAQANCvgRtmGHGAA4de_I0NMqzaKhgW2-zfN3t-yUv1PO-y9_dj52BGBNCSA5mkLcsctCUEj44muQX2cZmSSzAiekiEMJGODiajyb")
	if got := finalTarget(u); got != "" {
		t.Logf("target %q", got) // this sample is cut short before the target
	}
}
