package check

import "testing"

// The phrase list is matched however the text was typed: the plain and
// polite forms, particles, widths, kana and line breaks inside a sentence.
func TestUrgencyPhrasesMatchVariants(t *testing.T) {
	cases := []struct {
		text, category string
		want           bool
	}{
		{"今、電話には出られません。", "unavailable", true},
		{"電話に出られないので", "unavailable", true},
		{"今から会議なので、", "unavailable", true},
		{"会議室の予約をお願いします。電話番号はこちら。出られる方は", "unavailable", false}, // a sentence end between them
		{"ｼｷｭｳではありませんが", "urgent", false},
		{"ＵＲＧＥＮＴ: please", "urgent", true},
		{"振込先を\r\n変更しました", "account-change", true},
		{"ギフト カードを買って", "gift-card", true},
		{"ぎふとかーどを", "gift-card", true},
		{"Please reply to this email only, I am travelling", "email-only", true},
	}
	for _, c := range cases {
		text := foldPhrasing(c.text)
		got := false
		for _, p := range facts().urgency.phrases {
			if p.category == c.category && p.find(text) != "" {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%q: %s = %v, want %v (folded %q)", c.text, c.category, got, c.want, text)
		}
	}
}
