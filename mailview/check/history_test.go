package check

import (
	"slices"
	"testing"
)

// Names are folded for width, case, spacing and kana, and match in either
// word order; names too short to tell people apart give no key.
func TestNameKeys(t *testing.T) {
	same := [][2]string{
		{"Taro Yamada", "YAMADA TARO"},
		{"Yamada, Taro", "taro  yamada"},
		{"山田 太郎", "山田太郎"},
		{"山田 太郎", "太郎 山田"},
		{"ヤマダ タロウ", "やまだ たろう"},
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"},
		{"Ｔａｒｏ　Ｙａｍａｄａ", "Taro Yamada"},
	}
	for _, p := range same {
		a, b := nameKeys(p[0]), nameKeys(p[1])
		if len(a) == 0 || len(b) == 0 || !slices.Contains(b, a[0]) {
			t.Errorf("%q and %q should fold together: %q %q", p[0], p[1], a, b)
		}
	}
	for _, p := range [][2]string{{"Taro Yamada", "Taro Yamada Jr"}, {"山田 太郎", "山田 次郎"}} {
		a, b := nameKeys(p[0]), nameKeys(p[1])
		if len(b) > 0 && slices.Contains(a, b[0]) {
			t.Errorf("%q and %q should differ", p[0], p[1])
		}
	}
	for _, n := range []string{"", "Al", "田中", "..", "12 34"} {
		if k := nameKeys(n); k != nil {
			t.Errorf("%q gave keys %q", n, k)
		}
	}
}
