package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// openSubject selects the message with subject in the demo's list and
// waits until the reading pane shows it.
func openSubject(t *testing.T, mw *testWindow, subject string) {
	t.Helper()
	onUI(mw, func() {
		for i, e := range mw.envs() {
			if e.Subject == subject {
				mw.msgList.Select(i)
				return
			}
		}
		t.Fatalf("no message %q in the list", subject)
	})
	eventually(t, mw, subject, func() bool { return mw.message.subject.Text == subject })
}

// loadAndWait taps b in the open message and waits until the load is done.
func loadAndWaitIn(t *testing.T, mw *testWindow, tap func()) {
	t.Helper()
	done := make(chan struct{})
	onUI(mw, func() {
		mw.message.onLoaded = func() { close(done) }
		tap()
	})
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the load did not finish")
	}
	onUI(mw, func() { mw.message.onLoaded = nil })
}

// "What the sender saw" lists each request for the message on screen as a
// row naming the tracking vendor where the URL is a known tracker's and what
// the server learned; another message shows its own requests, not these.
func TestSenderLogNamesVendorsPerMessage(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	mw := openDemo(t, s)
	defer mw.Window.Close()
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })

	const newsletter, bank = "Winter roasts are here", "Action required: your account is on hold"
	openSubject(t, mw, newsletter)
	loadAndWaitIn(t, mw, func() { test.Tap(mw.message.allBtn) })
	onUI(mw, func() {
		log := renderedText(mw.senderLog.object())
		for _, want := range []string{"Mailchimp: a tracker", "SendGrid (Twilio): a tracker", "A picture (not a known tracker)",
			"/img/winter-banner.jpg", "/track/open.php", "the server learned that you opened the message, your IP address 127.0.0.1"} {
			if !strings.Contains(log, want) {
				t.Errorf("What the sender saw lacks %q:\n%s", want, log)
			}
		}
		if strings.Contains(log, "Nothing yet") {
			t.Errorf("the log says nothing was loaded after a load:\n%s", log)
		}
		// One row a request: the vendor's name heads the row of its URL.
		rows := mw.senderLog.rows.Objects
		if n := len(mw.opts.HitLog()); len(rows) != n {
			t.Errorf("%d rows for %d requests", len(rows), n)
		}
		for _, row := range rows {
			text := renderedText(row)
			if strings.Contains(text, "/track/open.php") != strings.Contains(text, "Mailchimp") {
				t.Errorf("a row mixes up the Mailchimp pixel:\n%s", text)
			}
		}
	})

	// Another message: none of the newsletter's requests, and a clear
	// "nothing yet" for this one.
	openSubject(t, mw, bank)
	onUI(mw, func() {
		log := renderedText(mw.senderLog.object())
		if strings.Contains(log, "Mailchimp") || strings.Contains(log, "winter-banner") {
			t.Errorf("the bank mail shows the newsletter's requests:\n%s", log)
		}
		if !strings.Contains(log, "Nothing yet: nothing in this message has been loaded.") ||
			!strings.Contains(log, "Requests for other messages (not shown here):") {
			t.Errorf("the bank mail's log:\n%s", log)
		}
	})
	loadAndWaitIn(t, mw, func() { test.Tap(mw.message.keepBtn) })
	onUI(mw, func() {
		log := renderedText(mw.senderLog.object())
		if !strings.Contains(log, "/img/mybank-logo.png") || strings.Contains(log, "Mailchimp") || strings.Contains(log, "winter-banner") {
			t.Errorf("the bank mail's log after loading its logo:\n%s", log)
		}
	})

	// Back to the newsletter: its requests again, not the bank's.
	openSubject(t, mw, newsletter)
	onUI(mw, func() {
		log := renderedText(mw.senderLog.object())
		if !strings.Contains(log, "Mailchimp") || strings.Contains(log, "mybank-logo") {
			t.Errorf("the newsletter's log after the bank mail:\n%s", log)
		}
	})
}
