package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
)

// passwordEntryIn is the password entry shown under o, nil when none.
func passwordEntryIn(o fyne.CanvasObject) *widget.Entry {
	var entry *widget.Entry
	walkObjects(o, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password && entry == nil {
			entry = e
		}
	})
	return entry
}

// switchToJapanese chooses 日本語 in Settings, as the reader does, and
// puts the session's language back after the test.
func switchToJapanese(t *testing.T, s *Session) {
	t.Helper()
	t.Cleanup(func() { s.Languages.Apply(app.LanguageSystem); LoadTranslations() })
	s.ShowSettings()
	s.settingsWindow.language.SetSelected("日本語")
}

// Removing an account in Settings closes its open mail window.
func TestRemovingAnAccountClosesItsWindow(t *testing.T) {
	LoadTranslations()
	s, mw, d := demoAccount(t, false)
	a, loop, opened := s.App, mw.loop, mw.MailboxWindow
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) > 0 })
	key := accountKey(d.Account)
	s.passwords[key] = "secret"
	s.tokens[key] = &oauth.Tokens{} // a sign-in held for the session

	s.ShowSettings()
	sw := s.settingsWindow
	tapButton(t, sw.Window.Content(), "Remove…")
	tapButton(t, sw.Window.Canvas().Overlays().Top(), "Yes")
	loop.until(t, "the account removed", func() bool { return sw.Window.Canvas().Overlays().Top() == nil })
	if windowOpen(a, opened.Window) {
		t.Error("the removed account's mail window is still open")
	}
	if len(s.accounts) != 0 {
		t.Errorf("the session still holds the removed account's window: %v", s.accounts)
	}
	if _, ok := s.passwords[key]; ok {
		t.Error("the session still holds the removed account's password")
	}
	if _, ok := s.tokens[key]; ok {
		t.Error("the session still holds the removed account's sign-in")
	}
}

// After a language switch the first run's account window and the
// password prompts (a window of its own at start, a dialog over the mail
// window when the server refused the password) speak the new language,
// with what the reader had typed.
func TestAccountWindowAndPasswordPromptsFollowTheLanguage(t *testing.T) {
	t.Run("account window", func(t *testing.T) {
		englishSystem(t)
		a := test.NewTempApp(t)
		s := NewSession(a, app.NewSecretsIn(noKeyring{}))
		loop := newUILoop()
		s.do = loop.post
		setup := s.ShowAccountSetup(nil)
		inputs := inputsOf(setup.Content())
		inputs[1].(*widget.Entry).SetText("kim@example.org") // Email address
		switchToJapanese(t, s)
		if windowOpen(a, setup) {
			t.Error("the English account window is still open")
		}
		if s.setup == nil {
			t.Fatal("no account window after the switch")
		}
		var drawn []string
		for _, l := range drawnLines(s.setup.Content()) {
			drawn = append(drawn, l.text)
		}
		text := strings.Join(drawn, "\n")
		if !strings.Contains(text, "メールアドレス") || strings.Contains(text, "Email address") {
			t.Errorf("the account window did not switch to Japanese:\n%s", text)
		}
		if got := inputsOf(s.setup.Content())[1].(*widget.Entry).Text; got != "kim@example.org" {
			t.Errorf("the address typed was lost: %q", got)
		}
	})
	t.Run("password window", func(t *testing.T) {
		englishSystem(t)
		a := test.NewTempApp(t)
		s := NewSession(a, app.NewSecretsIn(noKeyring{}))
		loop := newUILoop()
		s.do = loop.post
		s.openAccount(nil, app.Account{Email: "alex@example.org", Host: "imap.example.org", Port: 993, Username: "alex", Security: app.SecurityTLS}, "", nil)
		loop.until(t, "the password prompt", func() bool { return windowWith(a) != nil })
		before := windowWith(a)
		passwordEntryIn(before.Content()).SetText("half-typ")
		switchToJapanese(t, s)
		after := windowWith(a)
		if after == nil || after == before || windowOpen(a, before) {
			t.Fatalf("the prompt was not built again (before %v, after %v)", before, after)
		}
		if text := renderedText(after.Content()); !strings.Contains(text, "接続") || strings.Contains(text, "Connect") {
			t.Errorf("the password window did not switch to Japanese:\n%s", text)
		}
		if got := passwordEntryIn(after.Content()).Text; got != "half-typ" {
			t.Errorf("what was typed was lost: %q", got)
		}
	})
	t.Run("prompt over the mail window", func(t *testing.T) {
		englishSystem(t)
		s, mw, d := demoAccount(t, true)
		defer mw.Window.Close()
		prompt := func() fyne.CanvasObject { return mw.Window.Canvas().Overlays().Top() }
		eventually(t, mw, "a password prompt over the window", func() bool { return prompt() != nil && passwordEntryIn(prompt()) != nil })
		switchToJapanese(t, s)
		if prompt() == nil {
			t.Fatal("the prompt went with the switch")
		}
		if text := renderedText(prompt()); !strings.Contains(text, "接続") || strings.Contains(text, "Connect") {
			t.Errorf("the prompt over the mail window did not switch to Japanese:\n%s", text)
		}
		if n := len(mw.Window.Canvas().Overlays().List()); n != 1 {
			t.Errorf("%d dialogs over the window, want the one prompt", n)
		}
		passwordEntryIn(prompt()).SetText(d.Password)
		tapButton(t, prompt(), "接続")
		eventually(t, mw, "connected with the right password", func() bool { return len(mw.envs()) > 0 })
	})
}

// After a language switch the demo's window names itself in the new
// language, over its folders and in its title.
func TestDemoWindowNameFollowsTheLanguage(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	mw := openDemo(t, s)
	defer mw.Window.Close()
	if mw.accountName.Text != "demo mailbox" {
		t.Fatalf("the English demo window is named %q", mw.accountName.Text)
	}
	onUI(mw, func() { switchToJapanese(t, s) })
	if mw.accountName.Text != "デモ用メールボックス" || !strings.Contains(mw.Window.Title(), "デモ用メールボックス") {
		t.Errorf("after the switch the demo window is named %q, titled %q", mw.accountName.Text, mw.Window.Title())
	}
}
