package safedoc

import (
	"strings"
	"testing"
)

// lastIndexFold finds what lower-casing a copy and strings.LastIndex did,
// on ASCII text (where lower-casing keeps every byte's place).
func FuzzLastIndexFold(f *testing.F) {
	for _, s := range []string{"<v:image/><![ENDIF]", "<![endif]<![Endif]x", "<<![endif", "", "<", "a<![endif]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return
			}
		}
		if got, want := lastIndexFold(s, "<![endif]"), strings.LastIndex(strings.ToLower(s), "<![endif]"); got != want {
			t.Fatalf("lastIndexFold(%q) = %d, want %d", s, got, want)
		}
	})
}
