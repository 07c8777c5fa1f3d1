package correspondents_test

import (
	"encoding/json"
	"testing"
	"time"

	"mailsafe/correspondents"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// FuzzTeachAndRead: any message teaches without a crash; what it teaches
// survives the store's encoding; and the message is analysed against a
// history that holds it.
func FuzzTeachAndRead(f *testing.F) {
	h := dovecottest.History(time.Now())
	for _, raw := range h.Cases {
		f.Add(raw)
	}
	f.Add(h.Sent[0])
	f.Add([]byte("From: \"\" <@>\r\nReply-To: ,,,@\r\nReceived: from [::1] by x; garbage\r\nAuthentication-Results: ;;;\r\n\r\n"))
	me := []string{dovecottest.Me}
	f.Fuzz(func(t *testing.T, raw []byte) {
		l, ok := correspondents.Teach(message.Parse(raw).Header, me, nil)
		var senders []check.SenderProfile
		var recipients []check.Recipient
		if ok && l.Sent {
			for _, a := range l.Recipients {
				var r check.Recipient
				r.Add(a, l.Date)
				recipients = append(recipients, r)
			}
		} else if ok {
			var p check.SenderProfile
			for range 4 {
				p.Add(l.Observation)
			}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var back check.SenderProfile
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("a profile does not read back: %v\n%s", err, b)
			}
			senders = append(senders, back)
		}
		mailview.Analyze(raw, mailview.Reader{Me: me, History: check.NewHistory(senders, recipients)})
	})
}
