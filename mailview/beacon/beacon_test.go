package beacon

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
)

const testRules = `# test rules
Mailchimp | open | list-manage.com | /track/open.php | test
Mailchimp | click | list-manage.com | /track/click | test
SendGrid | open | sendgrid.net | /wf/open | test
SendGrid | open |  | /wf/open?upn= | test
Mailtrack | open | mailtrack.io | | test
Meta Pixel | analytics | facebook.com | ^/tr | test
Marketo | click | | ?mkt_tok= | test
Tracker | open | | /x/wf/open?t=1&mid= | test
`

func testRuleSet(t *testing.T) *Rules {
	t.Helper()
	rs, err := Parse(strings.NewReader(testRules))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestClassify(t *testing.T) {
	rs := testRuleSet(t)
	if rs.Len() != 8 || rs.Vendors() != 6 {
		t.Fatalf("%d rules, %d vendors", rs.Len(), rs.Vendors())
	}
	cases := []struct{ url, vendor, kind string }{
		{"https://shop.us4.list-manage.com/track/open.php?u=1&id=2", "Mailchimp", "open"},
		{"https://shop.us4.list-manage.com/track/click?u=1&id=2&e=3", "Mailchimp", "click"},
		{"https://shop.us4.list-manage.com/subscribe", "", ""}, // the host alone is not enough for this vendor
		{"https://u123.ct.sendgrid.net/wf/open?upn=abc", "SendGrid", "open"},
		{"https://email.shop.example/wf/open?upn=p8d1Jk3LmQ9zX2bV7cN4aR6tY", "SendGrid", "open"}, // custom tracking domain
		{"https://cdn.shop.example/wf/open?upn=banner", "", ""},                                  // the shape without a token
		{"https://email.shop.example/wf/other", "", ""},
		{"https://mailtrack.io/trace/mail/abc.png", "Mailtrack", "open"},
		{"https://MAILTRACK.IO/x", "Mailtrack", "open"},
		{"https://notmailtrack.io/x", "", ""}, // a suffix must start at a label
		{"https://cdn.shop.example/banner.jpg", "", ""},
		{"https://www.facebook.com/tr?id=1&ev=PageView", "Meta Pixel", "analytics"},
		{"https://www.facebook.com/travel", "", ""}, // ^/tr is a prefix, not any "/tr"
		{"https://go.shop.example/page?utm_source=x&mkt_tok=NTI5LUtBTi0yMzQAAAGPk7c9x8", "Marketo", "click"},
		{"https://go.shop.example/page?mkt_tokens=1", "", ""},
		// the parameters of a shape in another order, or among others
		{"https://email.shop.example/wf/open?utm=x&upn=p8d1Jk3LmQ9zX2bV7cN4aR6tY", "SendGrid", "open"},
		{"https://email.shop.example/wf/open?upnx=1&u=p8d1Jk3LmQ9zX2bV7cN4aR6tY", "", ""},
		{"https://email.shop.example/x/wf/open?mid=p8d1Jk3LmQ9zX2bV7cN4aR6tY&t=1", "Tracker", "open"},
		{"https://email.shop.example/x/wf/open?mid=p8d1Jk3LmQ9zX2bV7cN4aR6tY&t=10", "", ""},
	}
	for _, c := range cases {
		m, ok := rs.ClassifyString(c.url)
		if ok != (c.vendor != "") || m.Vendor != c.vendor || string(m.Kind) != c.kind {
			t.Errorf("%s: got %q %q %v, want %q %q", c.url, m.Vendor, m.Kind, ok, c.vendor, c.kind)
		}
	}
}

func TestClassifyKind(t *testing.T) {
	rs := testRuleSet(t)
	u, _ := url.Parse("https://mailtrack.io/x")
	if _, ok := rs.ClassifyKind(u, Click); ok {
		t.Errorf("an open-only host matched as a click tracker")
	}
	u, _ = url.Parse("https://shop.us4.list-manage.com/track/click?u=1")
	if m, ok := rs.ClassifyKind(u, Click); !ok || m.Vendor != "Mailchimp" {
		t.Errorf("click rule not found: %+v", m)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, bad := range []string{
		"A | open | x.example |",       // four fields
		"A | beacon | x.example | | s", // unknown kind
		"A | open | | | s",             // neither hosts nor paths
		" | open | x.example | | s",    // no vendor
		"A | open | x.example | | ",    // no source
		"A | open | | wf/open | s",     // a path must start with /
	} {
		_, err := Parse(strings.NewReader("# c\n\n" + bad + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 3") {
			t.Errorf("%q: error %v does not name line 3", bad, err)
		}
	}
}

func TestRecipientToken(t *testing.T) {
	cases := []struct {
		url  string
		want bool
	}{
		{"https://t.example/o.gif?u=8f14e45fceea167a5a36dedd4bea2543", true},
		{"https://t.example/o/3f2c1a9e-5b7d-4c2e-9a1f-0e8d7c6b5a49.gif", true},
		{"https://t.example/open?r=eyJlbWFpbCI6ImFiYyJ9XyZ123", true},
		{"https://t.example/p?id=4839201745", true},
		{"https://cdn.shop.example/images/banner-2026-winter.jpg", false},
		{"https://cdn.shop.example/spacer.gif", false},
		{"https://cdn.shop.example/img/logo.png?w=600&h=200", false},
		{"https://cdn.shop.example/products/coffee-beans-ethiopia.jpg", false},
	}
	for _, c := range cases {
		u, _ := url.Parse(c.url)
		if got := RecipientToken(u) != ""; got != c.want {
			t.Errorf("%s: token %q, want found=%v", c.url, RecipientToken(u), c.want)
		}
	}
}

func TestAddressLeaksInEveryEncoding(t *testing.T) {
	const addr = "Reader.Name@Example.com"
	lower := strings.ToLower(addr)
	hexOf := func(b []byte) string { return hex.EncodeToString(b) }
	m := md5.Sum([]byte(lower))
	s1 := sha1.Sum([]byte(lower))
	s224 := sha256.Sum224([]byte(lower))
	s256 := sha256.Sum256([]byte(lower))
	s384 := sha512.Sum384([]byte(lower))
	s512 := sha512.Sum512([]byte(lower))
	// An address inside a JSON object that is base64url-encoded as a whole,
	// at an offset that is not a multiple of three; "?>" makes the URL
	// alphabet show ("Pz4" in base64 is "Pz4", "?>>" gives "_" in base64url).
	blob := base64.RawURLEncoding.EncodeToString([]byte(`{"campaign":17,"to":"` + lower + `","ref":"?>>?"}`))
	if !strings.ContainsAny(blob, "-_") {
		t.Fatalf("test blob %s does not use the URL alphabet", blob)
	}
	cases := []struct{ url, encoding string }{
		{"https://t.example/o.gif?e=" + lower, EncodingPlain},
		{"https://t.example/o.gif?e=reader.name%40example.com", EncodingURL},
		{"https://t.example/o.gif?e=reader.name%2540example.com", EncodingURL},
		{"https://t.example/o.gif?e=" + base64.StdEncoding.EncodeToString([]byte(lower)), EncodingBase64},
		{"https://t.example/o.gif?e=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(lower))), EncodingBase64},
		{"https://t.example/o/" + blob + ".gif", EncodingBase64URL},
		{"https://t.example/o.gif?h=" + hexOf(m[:]), EncodingMD5},
		{"https://t.example/o.gif?h=" + strings.ToUpper(hexOf(s1[:])), EncodingSHA1},
		{"https://t.example/o.gif?h=" + hexOf(s224[:]), EncodingSHA224},
		{"https://t.example/o.gif?h=" + hexOf(s256[:]), EncodingSHA256},
		{"https://t.example/o.gif?h=" + hexOf(s384[:]), EncodingSHA384},
		{"https://t.example/o.gif?h=" + hexOf(s512[:]), EncodingSHA512},
		{"https://t.example/o.gif?x=" + hexOf([]byte(lower)), EncodingHex},
		{"https://t.example/o.gif?x=" + strings.ToUpper(hexOf([]byte(lower))), EncodingHex},
		{"https://t.example/o.gif?x=" + base32.StdEncoding.EncodeToString([]byte(lower)), EncodingBase32},
		{"https://t.example/o/" + strings.ToLower(strings.TrimRight(base32.StdEncoding.EncodeToString([]byte(lower)), "=")) + ".gif", EncodingBase32},
		// inside a longer base32 blob, at an offset that is not a multiple of five
		{"https://t.example/o.gif?x=" + base32.StdEncoding.EncodeToString([]byte("id=42;to="+lower+";c=7")), EncodingBase32},
		{"https://t.example/o.gif?x=moc.elpmaxe@eman.redaer", EncodingReversed},
		{"https://t.example/o.gif?x=moc.elpmaxe%40eman.redaer", EncodingReversed},
		// a stray "%" beside the escapes does not stop their decoding
		{"https://t.example/o.gif?off=50%&e=reader.name%40example.com", EncodingURL},
		{"https://t.example/o.gif?bad=%zz&e=reader.name%2540example.com", EncodingURL},
		// encoded as the address is written, in its own case
		{"https://t.example/o.gif?e=" + base64.StdEncoding.EncodeToString([]byte(addr)), EncodingBase64},
		{"https://t.example/o.gif?x=" + hexOf([]byte(addr)), EncodingHex},
		{"https://t.example/o.gif?x=" + base32.StdEncoding.EncodeToString([]byte(addr)), EncodingBase32},
	}
	p := NewAddressProbe([]string{addr, "other@example.org"})
	for _, c := range cases {
		leaks := p.Find(c.url)
		found := false
		for _, l := range leaks {
			if l.Address != lower {
				t.Errorf("%s: leak of %q reported", c.url, l.Address)
			}
			found = found || l.Encoding == c.encoding || c.encoding == "base64*" && strings.HasPrefix(l.Encoding, "base64")
		}
		if !found {
			t.Errorf("%s: want a %s leak, got %+v", c.url, c.encoding, leaks)
		}
	}
	if leaks := p.Find("https://cdn.shop.example/banner.jpg?w=600"); len(leaks) != 0 {
		t.Errorf("false leak: %+v", leaks)
	}
}

// A version or a time added to defeat caches is the same for every reader:
// no recipient token. A hash-named file is a token only as a path segment,
// which the caller weighs (a content image is named by its hash).
func TestTokensAreNotCacheBusters(t *testing.T) {
	for raw, want := range map[string]string{
		"https://cdn.example/img/logo.png?v=20231005123456":    "",
		"https://cdn.example/img/logo.png?t=1700000000":        "",
		"https://cdn.example/img/logo.png?_=1700000000123":     "",
		"https://t.example/o.gif?t=a8F3kQ92xLm4Zp7RvB2c":       "a8F3kQ92xLm4Zp7RvB2c",
		"https://t.example/open?id=1234567890123":              "1234567890123",
		"https://cdn.example/3f2a9c1e8b7d4f6a9c1e8b7d4f6a.jpg": "3f2a9c1e8b7d4f6a9c1e8b7d4f6a",
	} {
		u, _ := url.Parse(raw)
		got, inPath := FindToken(u)
		if got != want {
			t.Errorf("FindToken(%s) = %q, want %q", raw, got, want)
		}
		if got != "" && inPath != !strings.Contains(raw, "?") {
			t.Errorf("FindToken(%s): inPath = %v", raw, inPath)
		}
	}
}
