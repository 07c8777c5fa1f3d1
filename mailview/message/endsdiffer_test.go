package message

import (
	"strings"
	"testing"
)

// valuesEqualFold is Header.Values as it was: strings.EqualFold with
// every field's name.
func valuesEqualFold(h Header, name string) []string {
	var out []string
	for _, f := range h.Fields {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// checkNameLookups fails t unless Values, Raw and Has find for name what
// strings.EqualFold with every field's name finds.
func checkNameLookups(t *testing.T, h Header, name string) {
	t.Helper()
	want := valuesEqualFold(h, name)
	if got := h.Values(name); strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
		t.Errorf("Values(%q) = %q, strings.EqualFold finds %q", name, got, want)
	}
	raw := ""
	if len(want) > 0 {
		raw = want[0]
	}
	if got := h.Raw(name); got != raw {
		t.Errorf("Raw(%q) = %q, strings.EqualFold finds %q", name, got, raw)
	}
	if got := h.Has(name); got != (len(want) > 0) {
		t.Errorf("Has(%q) = %v, strings.EqualFold finds %d", name, got, len(want))
	}
}

var nameSamples = []string{"", "Received", "received", "RECEIVED", "X-Sender-IP", "X-ſender-IP", "X-\u212Aey", "X-Key", "x-kEY", "\xff", "\xfe", "-", "\r",
	"Subject", "From", "FROM", "from", "Fröm", "List-Id", "List-ID", "a", "A", "é", "É"}

// A field is found by its name in any case, ASCII or not: the quick
// rejection by the first and last bytes never drops a field
// strings.EqualFold would find (the long s and the Kelvin sign fold to
// ASCII letters; invalid bytes all read as U+FFFD).
func TestNameLookupsAsEqualFold(t *testing.T) {
	var h Header
	for i, n := range nameSamples {
		h.Fields = append(h.Fields, Field{Name: n, Value: string(rune('a' + i))})
	}
	for _, n := range nameSamples {
		checkNameLookups(t, h, n)
	}
}

// Over any field names, the lookups find what strings.EqualFold finds.
func FuzzNameLookups(f *testing.F) {
	f.Add("Received\x00received\x00X-ſender-IP", "X-Sender-IP")
	f.Add("\xff\x00K", "\xfe")
	f.Fuzz(func(t *testing.T, names, name string) {
		var h Header
		for i, n := range strings.Split(names, "\x00") {
			h.Fields = append(h.Fields, Field{Name: n, Value: strings.Repeat("v", i)})
		}
		checkNameLookups(t, h, name)
	})
}
