package message

import "testing"

func TestCanonicalAddress(t *testing.T) {
	for in, want := range map[string]string{
		"News@Shop.Example":          "news@shop.example",
		" <news@shop.example.> ":     "news@shop.example",
		"info@ＳＨＯＰ.example":          "info@shop.example",
		"info@bücher.example":        "info@xn--bcher-kva.example",
		"no-at-sign":                 "",
		"@shop.example":              "",
		"news@":                      "",
		"ÜSER@shop.example":          "üser@shop.example",
		"a@b@shop.example":           "a@b@shop.example",
		"news@xn--bcher-kva.example": "news@xn--bcher-kva.example",
	} {
		if got := CanonicalAddress(in); got != want {
			t.Errorf("CanonicalAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
