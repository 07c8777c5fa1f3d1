package check

import "testing"

func TestImitates(t *testing.T) {
	for _, c := range []struct {
		d, p string
		yes  bool
	}{
		{"examp1e.co.jp", "example.co.jp", true},        // 1 for l
		{"exarnple.co.jp", "example.co.jp", true},       // rn for m
		{"xn--exmple-cua.co.jp", "example.co.jp", true}, // exämple: one letter changed
		{"ехаmple.co.jp", "example.co.jp", true},        // Cyrillic е, х, а
		{"example.jp", "example.co.jp", true},           // other ending
		{"example.com", "example.co.jp", true},
		{"ex-ample.co.jp", "example.co.jp", true}, // hyphen
		{"exmaple.co.jp", "example.co.jp", true},  // swapped letters
		{"examples.co.jp", "example.co.jp", true}, // added letter
		{"example.co.jp", "example.co.jp", false}, // itself
		{"sample.co.jp", "example.co.jp", false},  // two edits
		{"acme.com", "example.co.jp", false},
		{"ibm.com", "abc.com", false}, // short names need more than one edit
	} {
		if got := imitates(c.d, c.p) != ""; got != c.yes {
			t.Errorf("imitates(%q, %q) = %q", c.d, c.p, imitates(c.d, c.p))
		}
	}
}
