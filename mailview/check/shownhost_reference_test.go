package check

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// shownHostParsed is the earlier shownHost, which parsed every link text
// without a space: shownHost must read every text as it did.
func shownHostParsed(text string) string {
	t := strings.TrimSpace(strings.ToLower(text))
	if t == "" || strings.ContainsAny(t, " \t\n") {
		return ""
	}
	if strings.HasPrefix(t, "mailto:") || strings.Contains(t, "@") {
		return ""
	}
	if !strings.Contains(t, "://") {
		t = "http://" + t
	}
	u, err := url.Parse(t)
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	if !strings.Contains(h, ".") {
		return ""
	}
	// The last label must be a real top-level domain (or one reserved for
	// examples and tests, RFC 2606), so "file.pdf" or "v2.0" do not count.
	if _, icann := publicsuffix.PublicSuffix(h); !icann && !strings.HasSuffix(h, ".example") && !strings.HasSuffix(h, ".test") {
		return ""
	}
	if ascii, err := idna.Lookup.ToASCII(h); err == nil {
		h = ascii
	}
	return h
}

var shownHostSamples = []string{"https://bank.example/login", "www.bank.example", "bank.example", "Click here", "unsubscribe", "file.pdf",
	"v2.0", "a%2Eexample", "http://a%2eb.com/", "HTTP://WWW.EXAMPLE.COM", "mailto:a@b.com", "xn--80ak6aa92e.com", "例え。jp", "ｅｘａｍｐｌｅ．ｃｏｍ",
	"http://[::1]/", "http://user@host.com", "\xff.com", "http://%41.com", "", "."}

func TestShownHostAsParsed(t *testing.T) {
	for _, s := range shownHostSamples {
		shownHostAgrees(t, s)
	}
}

func shownHostAgrees(t *testing.T, text string) {
	if got, want := shownHost(text), shownHostParsed(text); got != want {
		t.Fatalf("shownHost(%q) = %q, parsing every text %q", text, got, want)
	}
}

func FuzzShownHost(f *testing.F) {
	for _, s := range shownHostSamples {
		f.Add(s)
	}
	f.Fuzz(shownHostAgrees)
}
