package ui

import (
	"strings"
	"testing"
	"time"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// trustedSenderMail is a newsletter from news@shop.example with one picture
// on rec, under the given From line and Authentication-Results stamp.
func trustedSenderMail(rec *app.HitRecorder, subject, from, stamp string) []byte {
	head := ""
	if stamp != "" {
		head = "Authentication-Results: " + stamp + "\r\n"
	}
	return []byte(head + from + "\r\nTo: reader@example.com\r\nSubject: " + subject + "\r\n" +
		"Date: Mon, 10 Nov 2025 09:00:00 +0000\r\nMessage-ID: <offers@shop.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>This week's offers.</p><img src="http://` + rec.Addr() + `/images/offers.gif" width="300" height="120" alt="Offers">` + "\r\n")
}

// "Always load images from this sender" needs proof: a message that only
// says it is from news@shop.example (spf, dkim and dmarc failing, in upper
// case, as the first of two senders, with no stamp) loads nothing and says
// why; the same sender authenticated loads its picture once.
func TestTrustedSenderNeedsProof(t *testing.T) {
	s, rec := recordingSession(t)
	loop := newUILoop() // the window's goroutines post here; the test runs it as the UI goroutine
	s.do = loop.post
	s.Settings.TrustSender("news@shop.example")
	const pass = "mx.example.com; spf=pass smtp.mailfrom=bounce.shop.example; dkim=pass header.d=shop.example; dmarc=pass (p=REJECT) header.from=shop.example"
	const forged = "mx.example.com; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=shop.example; dmarc=fail (p=REJECT) header.from=shop.example"
	const authentic = "authenticated"
	var entries []Entry
	var trusted Entry
	for subject, raw := range map[string][]byte{
		"forged, everything failing": trustedSenderMail(rec, "forged, everything failing", "From: Shop News <news@shop.example>\r\nReply-To: claims@evil.example", forged),
		"forged, upper case":         trustedSenderMail(rec, "forged, upper case", "From: NEWS@SHOP.EXAMPLE", forged),
		"first of two senders":       trustedSenderMail(rec, "first of two senders", "From: news@shop.example, news@evil.example", pass),
		"first of two From fields":   trustedSenderMail(rec, "first of two From fields", "From: news@shop.example\r\nFrom: news@evil.example", pass),
		"no stamp":                   trustedSenderMail(rec, "no stamp", "From: news@shop.example", ""),
		"a pass for another domain":  trustedSenderMail(rec, "a pass for another domain", "From: news@shop.example", "mx.example.com; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=none"),
		// Authenticated, the trust applies, the address compared without regard to case.
		authentic: trustedSenderMail(rec, authentic, "From: Shop News <News@Shop.Example>", pass),
	} {
		e := Entry{ID: subject, View: mailview.Analyze(raw, mailview.Reader{})}
		if subject == authentic {
			trusted = e // in a window of its own, below: it loads as it opens
			continue
		}
		entries = append(entries, e)
	}
	w := s.ShowMessages("mailsafe", entries, &app.HTTPLoader{AllowLoopback: true})
	t.Cleanup(w.Window.Close)
	mv := w.message
	for i := range w.entries {
		subject := w.entries[i].View.Subject
		w.open(i)
		if mv.view != w.entries[i].View {
			t.Fatalf("%s is not shown", subject)
		}
		if mv.loadSeq != 0 {
			t.Fatalf("%s: a load was started without a click", subject)
		}
		if !mv.trustNote.Visible() || !strings.Contains(mv.trustNote.Text, "could not be shown to come from them") {
			t.Errorf("%s: the reader is not told why the images did not load (note %q)", subject, mv.trustNote.Text)
		}
		if mv.trustBtn.Visible() {
			t.Errorf("%s: trusting the sender is offered, and the reader trusts them already", subject)
		}
	}
	time.Sleep(200 * time.Millisecond)
	loop.drain()
	if n := rec.Connections(); n != 0 {
		t.Fatalf("the server was reached %d time(s): %+v", n, rec.Hits())
	}

	// Opened by itself, the authenticated sender's message loads as it shows.
	w = s.ShowMessages("mailsafe", []Entry{trusted}, &app.HTTPLoader{AllowLoopback: true})
	t.Cleanup(w.Window.Close)
	mv = w.message
	loaded := false
	mv.onLoaded = func() { loaded = true } // before the loop runs the load's last post
	loop.until(t, "the authenticated sender's load", func() bool { return loaded })
	if hits := rec.Hits(); len(hits) != 1 || hits[0].URL != "/images/offers.gif" {
		t.Fatalf("the authenticated sender's picture: %+v, want it once", hits)
	}
	if mv.trustNote.Visible() || mv.trustBtn.Visible() {
		t.Errorf("a note (%q) or the trust button (%v) on an authenticated message from a trusted sender", mv.trustNote.Text, mv.trustBtn.Visible())
	}
}

// The note is Japanese in Japanese.
func TestTrustNoteInJapanese(t *testing.T) {
	readIn(t, "ja")
	for _, c := range []struct {
		trust app.SenderTrust
		want  string
	}{
		{app.SenderTrust{Listed: true, Proof: check.ProofFailed, Level: check.LevelDanger}, "SPF・DKIM・DMARC の認証に失敗しています"},
		{app.SenderTrust{Listed: true, Proof: check.ProofNotOneSender}, "差出人のアドレスが一つに定まりません"},
		{app.SenderTrust{Listed: true, Proof: check.ProofAuthenticated, Level: check.LevelCaution}, "見た目どおりではない兆候"},
	} {
		if got := trustRefusal(c.trust); !strings.Contains(got, c.want) || !strings.Contains(got, "この差出人の画像は通常は自動で読み込みますが") {
			t.Errorf("%+v: %q, want the Japanese sentence with %q", c.trust, got, c.want)
		}
	}
}
