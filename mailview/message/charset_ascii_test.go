package message

import "testing"

// FuzzIsPlainASCII compares isPlainASCII (eight bytes at a time) with the
// byte-by-byte definition: no byte at or above 0x80, and no ESC.
func FuzzIsPlainASCII(f *testing.F) {
	for _, s := range []string{"", "a", "plain ascii text, longer than eight", "caf\xc3\xa9", "\x1b$B", "1234567\x80", "12345678\x1b", "\x7f\x00"} {
		f.Add([]byte(s))
	}
	for i := range 8 { // a high byte in each lane of an eight-byte word
		b := []byte("abcdefghij")
		b[i] = 0xe9
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := true
		for _, c := range b {
			if c >= 0x80 || c == 0x1b {
				want = false
			}
		}
		if got := isPlainASCII(b); got != want {
			t.Fatalf("isPlainASCII(%q) = %v, want %v", b, got, want)
		}
	})
}
