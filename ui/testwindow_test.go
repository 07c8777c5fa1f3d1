package ui

// The test window: a mailbox window with the loop that stands for its UI
// goroutine, the demo opened in it, and the language a test reads in.

import (
	"context"
	"mailsafe/app"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"
)

// uiLoop stands for the UI goroutine. Fyne's test driver runs fyne.Do at
// once on the calling goroutine, which would make the model's goroutines
// touch the window beside the test; instead the window is given this
// loop, and what it posts runs on the test's goroutine, in eventually and
// onUI, one at a time, as the real driver runs it on the main thread.
type uiLoop chan func()

func newUILoop() uiLoop { return make(uiLoop, 1<<16) }

func (l uiLoop) post(f func()) { l <- f }

// drain runs what is posted now.
func (l uiLoop) drain() {
	for {
		select {
		case f := <-l:
			f()
		default:
			return
		}
	}
}

// until runs posted functions until cond holds.
func (l uiLoop) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(60 * time.Second) // generous: the race detector slows the demo server and analysis many times
	for {
		l.drain()
		if cond() {
			return
		}
		select {
		case f := <-l:
			f()
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// testWindow is a mailbox window with the loop that stands for its UI goroutine.
type testWindow struct {
	*MailboxWindow
	loop uiLoop
}

// eventually waits until cond holds, running the window's callbacks.
func eventually(t *testing.T, mw *testWindow, what string, cond func() bool) {
	t.Helper()
	mw.loop.until(t, what, cond)
}

// onUI runs f as the UI goroutine, after what was posted to it so far.
func onUI(mw *testWindow, f func()) {
	mw.loop.drain()
	f()
}

// startDemo starts the demo's servers for the test.
func startDemo(t *testing.T) *app.Demo {
	t.Helper()
	d, err := app.StartDemo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// demoAccount opens the demo's mailbox as an account added, as the reader
// does, in a session over a keyring; with its password, or with a wrong one
// the server refuses.
func demoAccount(t *testing.T, refused bool) (*Session, *testWindow, *app.Demo) {
	t.Helper()
	d := startDemo(t)
	password := d.Password
	if refused {
		password = "not-the-password"
	}
	s, w := addedAccount(t, d.Account, password)
	return s, w, d
}

// addedAccount adds acct with password as the reader does, in a new session
// over a keyring whose UI goroutine is a uiLoop, and returns the session and
// the account's window once it has opened.
func addedAccount(t *testing.T, acct app.Account, password string) (*Session, *testWindow) {
	t.Helper()
	keyring.MockInit()
	s := NewSession(test.NewTempApp(t), app.NewSecrets())
	loop := newUILoop()
	s.do = loop.post
	var opened *MailboxWindow
	s.addAccount(nil, acct, password, func(w *MailboxWindow) { opened = w })
	loop.until(t, "the account saved and opened", func() bool { return opened != nil })
	return s, &testWindow{opened, loop}
}

// demoWindow opens the demo mailbox in a window through the IMAP worker,
// with the test app and translations; all of it stops when the test ends.
func demoWindow(t *testing.T) (*testWindow, *app.Demo) {
	t.Helper()
	a := test.NewTempApp(t)
	LoadTranslations()
	d := startDemo(t)
	loop := newUILoop()
	mw := &testWindow{NewMailboxWindow(a, "demo", app.StartWorker(context.Background(), d.Account, d.Password, app.WorkerOptions{}), loop.post, d.Context(), nil, PaneOptions{}), loop}
	t.Cleanup(mw.Close)
	return mw, d
}

// openDemo opens the demo through the session, as the reader does.
func openDemo(t *testing.T, s *Session) *testWindow {
	t.Helper()
	loop := newUILoop()
	s.do = loop.post
	var opened *MailboxWindow
	s.OpenDemo(nil, func(mw *MailboxWindow) { opened = mw })
	loop.until(t, "the demo started", func() bool { return opened != nil })
	return &testWindow{opened, loop}
}

func windowOpen(a fyne.App, w fyne.Window) bool {
	for _, o := range a.Driver().AllWindows() {
		if o == w {
			return true
		}
	}
	return false
}

// readIn makes the test's system language lang (en or ja), restoring the
// translations after the test.
func readIn(t *testing.T, language string) {
	t.Cleanup(LoadTranslations) // runs after the environment is restored
	locale := map[string]string{"en": "en_US.UTF-8", "ja": "ja_JP.UTF-8"}[language]
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", locale)
	t.Setenv("LANGUAGE", language)
	LoadTranslations()
}

// closeTop closes the open dialog with Escape, as the reader does.
func closeTop(t *testing.T, w fyne.Window) {
	t.Helper()
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if top := w.Canvas().Overlays().Top(); top != nil {
		for top != nil {
			w.Canvas().Overlays().Remove(top)
			top = w.Canvas().Overlays().Top()
		}
	}
}

// openDemoAt opens the demo through a new session, as the reader does, in
// a window of size, and waits for its inbox, every message read ahead; the
// window closes when the test ends.
func openDemoAt(t *testing.T, size fyne.Size) *testWindow {
	t.Helper()
	s := NewSession(test.NewTempApp(t), nil)
	mw := openDemo(t, s)
	t.Cleanup(mw.Window.Close)
	onUI(mw, func() {
		mw.Window.Resize(size)
		mw.Window.Show()
	})
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })
	return mw
}
