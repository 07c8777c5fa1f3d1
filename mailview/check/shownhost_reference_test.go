package check

import (
	"testing"
)

var shownHostSamples = []string{"https://bank.example/login", "www.bank.example", "bank.example", "Click here", "unsubscribe", "file.pdf",
	"v2.0", "a%2Eexample", "http://a%2eb.com/", "HTTP://WWW.EXAMPLE.COM", "mailto:a@b.com", "xn--80ak6aa92e.com", "例え。jp", "ｅｘａｍｐｌｅ．ｃｏｍ",
	"http://[::1]/", "http://user@host.com", "\xff.com", "http://%41.com", "", "."}

func TestShownHostAsParsed(t *testing.T) {
	for _, s := range shownHostSamples {
		shownHostAgrees(t, s)
	}
}

func shownHostAgrees(t *testing.T, text string) {
	if got, want := shownHost(text), parseShownHost(text); got != want {
		t.Fatalf("shownHost(%q) = %q, parsing without the dot test %q", text, got, want)
	}
}

func FuzzShownHost(f *testing.F) {
	for _, s := range shownHostSamples {
		f.Add(s)
	}
	f.Fuzz(shownHostAgrees)
}
