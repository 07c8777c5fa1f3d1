package check

import (
	"slices"
	"testing"

	"mailsafe/mailview/message"
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

// The history's look-alike index never hides a look-alike: every pair that
// imitates judges a look-alike is among the candidates the index gives.
func TestLookalikeIndexMissesNothing(t *testing.T) {
	protected := []string{"partner-co.example", "acme-trading.co.jp", "northwind.com", "globex.jp", "modern.com", "paypal.com", "mail-corp.net"}
	var recips []Recipient
	for _, d := range protected {
		recips = append(recips, Recipient{Addr: "a@" + d, Count: 1})
	}
	h := NewHistory(nil, recips)
	cands := []string{"partner-c0.example", "partnerco.example", "partner-co.com", "parnter-co.example", "partner-cco.example", "artner-co.example",
		"acme-tradinq.co.jp", "acmetrading.co.jp", "acme-trading.jp", "northwlnd.com", "nortwind.com", "n0rthwind.com", "globex.co.jp", "gIobex.jp",
		"rnodern.com", "modem.com", "xn--pypal-4ve.com", "paypa1.com", "pаypal.com", "mailcorp.net", "mail-corp.com", "unrelated.example", "globe.jp"}
	pairs := 0
	for _, d := range cands {
		for _, p := range protected {
			if imitates(d, p) == "" {
				continue
			}
			pairs++
			if !slices.Contains(h.lookalikeCandidates(d), p) {
				t.Errorf("%s imitates %s (%s), but the index does not offer it", d, p, imitates(d, p))
			}
		}
	}
	if pairs < 18 {
		t.Errorf("only %d look-alike pairs: the test no longer exercises the index", pairs)
	}
}

// A contact's name is recognised as the history recognises names: in
// either order, whatever the width or punctuation; not at the contact's own
// address, and not for names too short to tell people apart.
func TestImpersonatedContact(t *testing.T) {
	contacts := []message.Address{{Name: "Smith, John", Addr: "john@acme.example"}, {Name: "山田 太郎", Addr: "taro@acme.example"}, {Name: "Al", Addr: "al@acme.example"}}
	for _, c := range []struct {
		from message.Address
		want string
	}{
		{message.Address{Name: "John Smith", Addr: "ceo@evil.example"}, "john@acme.example"},
		{message.Address{Name: "ＪＯＨＮ　ＳＭＩＴＨ", Addr: "ceo@evil.example"}, "john@acme.example"},
		{message.Address{Name: "太郎 山田", Addr: "x@evil.example"}, "taro@acme.example"},
		{message.Address{Name: "John Smith", Addr: "JOHN@acme.example"}, ""},
		{message.Address{Name: "Al", Addr: "al@evil.example"}, ""},
		{message.Address{Name: "Jane Smith", Addr: "jane@evil.example"}, ""},
	} {
		got, ok := impersonated(c.from, contacts)
		if !ok {
			got.Addr = ""
		}
		if got.Addr != c.want {
			t.Errorf("impersonated(%v) = %q, want %q", c.from, got.Addr, c.want)
		}
	}
}
