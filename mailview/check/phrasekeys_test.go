package check

import (
	"slices"
	"strings"
	"testing"

	"mailsafe/mailview/message"
)

// checkPhraseKeys fails t unless phraseKeysIn finds what each list's own
// pass over its own text finds.
func checkPhraseKeys(t *testing.T, urgency, lures string) {
	t.Helper()
	inUrgency, inLures := phraseKeysIn(urgency, lures)
	if want := facts().urgency.keys.in(urgency); !slices.Equal(inUrgency, want) {
		t.Errorf("urgency keys in %q differ from the urgency list's own pass", urgency)
	}
	if want := facts().lures.keys.in(lures); !slices.Equal(inLures, want) {
		t.Errorf("lure keys in %q (ending with %q) differ from the lure list's own pass", lures, urgency)
	}
}

// One pass over the urgency text for both lists, and a second over the
// lure text's head, find every key: keys across the join, in the head,
// in the urgency text only, when the texts are the same, unrelated, empty.
func TestPhraseKeysInOnePass(t *testing.T) {
	keys := facts().lures.keys.pats
	lure := keys[len(keys)/2]
	for _, c := range [][2]string{
		{"", ""}, {"", "verify your account"}, {"urgent", "urgent"}, {"wire transfer today", "paypal wire transfer today"},
		{lure[len(lure)/2:] + " tail", "head " + lure[:len(lure)/2] + lure[len(lure)/2:] + " tail"}, // a key across the join
		{"nothing here", lure + " nothing here"}, {"x", "unrelated " + lure}, {lure, lure},
		{foldPhrasing("至急お振込みください"), foldPhrasing("山田") + foldPhrasing("至急お振込みください")},
	} {
		checkPhraseKeys(t, c[0], c[1])
	}
}

// Over any sender name, subject and body, folded as the checks fold them,
// and over any urgency text and head, the one pass finds what two find.
func FuzzPhraseKeys(f *testing.F) {
	f.Add("PayPal Service", "Your account is locked", "Dear customer,\nverify now", "account")
	f.Add("山田 太郎", "至急", "振込先を変更しました", "ギフト")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, name, subject, body, head string) {
		v := &Mail{Subject: subject, text: body}
		if name != "" {
			v.From = []message.Address{{Name: name, Addr: "a@b.example"}}
		}
		urgency, lures := foldedPhrasingTexts(v)
		checkPhraseKeys(t, urgency, lures)
		checkPhraseKeys(t, body, head+body)
		checkPhraseKeys(t, body, strings.ToLower(head)+subject)
	})
}
