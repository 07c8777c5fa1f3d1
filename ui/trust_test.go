package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/mailview"
)

// trustedSenderMail is a newsletter from news@shop.example with one picture
// on rec, under the given From line and Authentication-Results stamp.
func trustedSenderMail(rec *app.HitRecorder, from, stamp string) []byte {
	head := ""
	if stamp != "" {
		head = "Authentication-Results: " + stamp + "\r\n"
	}
	return []byte(head + from + "\r\nTo: reader@example.com\r\nSubject: Offers\r\n" +
		"Date: Mon, 10 Nov 2025 09:00:00 +0000\r\nMessage-ID: <offers@shop.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>This week's offers.</p><img src="http://` + rec.Addr() + `/images/offers.gif" width="300" height="120" alt="Offers">` + "\r\n")
}

// "Always load images from this sender" needs proof: a message that only
// says it is from news@shop.example (spf, dkim and dmarc failing, in upper
// case, as the first of two senders, with no stamp) loads nothing and says
// why; the same sender authenticated loads its picture once.
func TestTrustedSenderNeedsProof(t *testing.T) {
	englishSystem(t)
	rec, err := app.StartHitRecorder(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close(context.Background())
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	s.Settings.TrustSender("news@shop.example")
	const pass = "mx.example.com; spf=pass smtp.mailfrom=bounce.shop.example; dkim=pass header.d=shop.example; dmarc=pass (p=REJECT) header.from=shop.example"
	const forged = "mx.example.com; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=shop.example; dmarc=fail (p=REJECT) header.from=shop.example"
	open := func(raw []byte) *messageView {
		w := s.ShowMessages("mailsafe", []Entry{{ID: "1", View: mailview.Analyze(raw, mailview.Reader{})}}, &app.HTTPLoader{AllowLoopback: true})
		t.Cleanup(w.Window.Close)
		w.Window.Canvas().Capture()
		return w.message
	}
	for name, raw := range map[string][]byte{
		"forged, everything failing": trustedSenderMail(rec, "From: Shop News <news@shop.example>\r\nReply-To: claims@evil.example", forged),
		"forged, upper case":         trustedSenderMail(rec, "From: NEWS@SHOP.EXAMPLE", forged),
		"first of two senders":       trustedSenderMail(rec, "From: news@shop.example, news@evil.example", pass),
		"first of two From fields":   trustedSenderMail(rec, "From: news@shop.example\r\nFrom: news@evil.example", pass),
		"no stamp":                   trustedSenderMail(rec, "From: news@shop.example", ""),
		"a pass for another domain":  trustedSenderMail(rec, "From: news@shop.example", "mx.example.com; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=none"),
	} {
		mv := open(raw)
		time.Sleep(200 * time.Millisecond)
		if n := rec.Connections(); n != 0 {
			t.Fatalf("%s: the server was reached %d time(s): %+v", name, n, rec.Hits())
		}
		if !mv.trustNote.Visible() || !strings.Contains(mv.trustNote.Text, "could not be shown to come from them") {
			t.Errorf("%s: the reader is not told why the images did not load (note %q)", name, mv.trustNote.Text)
		}
	}

	// Authenticated, the trust applies: the picture loads once, unasked,
	// and the address is compared without regard to case.
	mv := open(trustedSenderMail(rec, "From: Shop News <News@Shop.Example>", pass))
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.Hits()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if hits := rec.Hits(); len(hits) != 1 || hits[0].URL != "/images/offers.gif" {
		t.Fatalf("the authenticated sender's picture: %+v, want it once", hits)
	}
	if mv.trustNote.Visible() {
		t.Errorf("a note on an authenticated message: %q", mv.trustNote.Text)
	}
}

// The note is Japanese in Japanese.
func TestTrustNoteInJapanese(t *testing.T) {
	readIn(t, "ja")
	rec, err := app.StartHitRecorder(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close(context.Background())
	s := NewSession(test.NewTempApp(t), nil)
	s.Settings.TrustSender("news@shop.example")
	raw := trustedSenderMail(rec, "From: news@shop.example", "mx.example.com; spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=shop.example")
	w := s.ShowMessages("mailsafe", []Entry{{ID: "1", View: mailview.Analyze(raw, mailview.Reader{})}}, &app.HTTPLoader{AllowLoopback: true})
	defer w.Window.Close()
	note := w.message.trustNote
	if want := lang.L("trust.reason.failed"); !note.Visible() || !strings.Contains(note.Text, want) || !strings.Contains(note.Text, "確認できませんでした") {
		t.Errorf("note = %q, want the Japanese sentence with %q", note.Text, want)
	}
}
