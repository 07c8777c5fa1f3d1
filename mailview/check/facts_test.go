package check

import "testing"

// A host list's entry covers the name and its subdomains, nothing that
// only ends in the same letters or merely starts with it.
func TestListedHost(t *testing.T) {
	for _, c := range []struct {
		host      string
		shortener bool
		content   bool
	}{
		{"bit.ly", true, false},
		{"go.bit.ly", true, false},
		{"notbit.ly", false, false},
		{"bit.ly.evil.example", false, false},
		{"lh3.googleusercontent.com", false, true},
		{"googleusercontent.com", false, true},
		{"fakegoogleusercontent.com", false, false},
		{"", false, false},
	} {
		if got := isShortener(c.host); got != c.shortener {
			t.Errorf("isShortener(%q) = %v, want %v", c.host, got, c.shortener)
		}
		if got := isContentHost(c.host); got != c.content {
			t.Errorf("isContentHost(%q) = %v, want %v", c.host, got, c.content)
		}
	}
}
