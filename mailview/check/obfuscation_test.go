package check

import (
	"strings"
	"testing"
)

// Disguised words are found; real words of other scripts, accents written
// as combining marks and emoji sequences are not.
func TestObfuscatedWord(t *testing.T) {
	for in, want := range map[string]bool{
		"Binаnсе account notice":        true, // Cyrillic а and с
		"ΝFT@υniswaρ":                   true, // Greek Ν, υ, ρ
		"P\u200dr\u200di\u200dm\u200de": true,
		"Ama\u200ezon":                  true, // a left-to-right mark: any format character
		"Aܿmܿaܿzܿon":                    true, // Syriac marks
		"Москва и Wi-Fi роутер":         false,
		"Ελλάδα newsletter":             false,
		"cafe\u0301 menu":               false, // é as e + combining acute
		"👨\u200d💻 weekly":               false, // an emoji sequence
		"iPhone для вас":                false,
		"Your order has shipped":        false,
		"𝗢𝗽𝗲𝗻 𝗡𝗼𝘄 𝗠𝗶𝗿𝗮𝗰𝗹𝗲":     true, // mathematical sans-serif bold
		"ᴜ́ʟᴛɪᴍᴏ ʀᴇᴄᴏʀᴅᴀᴛᴏʀɪᴏ": true, // small capitals, one with an accent
		"Let 𝑥 = 𝜋 r²": false, // mathematical letters as notation
		"ᴀ note":       false,
	} {
		if w, why := obfuscatedWord(in); (w != "") != want {
			t.Errorf("obfuscatedWord(%q) = %q (%s), want found=%v", in, w, why, want)
		}
	}
}

// Any name or subject: no panic, and a disguised word found is in the text
// once invisible characters are taken out.
func FuzzObfuscatedWord(f *testing.F) {
	for _, s := range []string{"Binаnсе", "P\u200dr\u200di\u200dm\u200de", "Aܿmܿaܿzܿon", "Trust WaIIet", "\u200d", "a\u200d", "I", "ΝFT@υniswaρ", "Your 𝐏𝐚𝐲𝐏𝐚𝐥 account"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, why := obfuscatedWord(s)
		if (w == "") != (why == "") {
			t.Fatalf("obfuscatedWord(%q) = %q, %q", s, w, why)
		}
		shown := strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, s)
		if len(s) <= maxObfuscationText && !strings.Contains(shown, w) {
			t.Fatalf("obfuscatedWord(%q) = %q, not in the text without invisible characters %q", s, w, shown)
		}
		_ = capitalIForL(s)
		_ = brandFold(s)
		_ = nameDomain(s, "example.com")
	})
}
