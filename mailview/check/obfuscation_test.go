package check

import "testing"

// Disguised words are found; real words of other scripts, accents written
// as combining marks and emoji sequences are not.
func TestObfuscatedWord(t *testing.T) {
	for in, want := range map[string]bool{
		"Binаnсе account notice":        true, // Cyrillic а and с
		"ΝFT@υniswaρ":                   true, // Greek Ν, υ, ρ
		"P\u200dr\u200di\u200dm\u200de": true,
		"Aܿmܿaܿzܿon":                    true, // Syriac marks
		"Москва и Wi-Fi роутер":         false,
		"Ελλάδα newsletter":             false,
		"cafe\u0301 menu":               false, // é as e + combining acute
		"👨\u200d💻 weekly":               false, // an emoji sequence
		"iPhone для вас":                false,
		"Your order has shipped":        false,
	} {
		if w, why := obfuscatedWord(in); (w != "") != want {
			t.Errorf("obfuscatedWord(%q) = %q (%s), want found=%v", in, w, why, want)
		}
	}
}
