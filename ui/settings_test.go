package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
)

// englishSystem makes the test's system locale English and restores the
// translations after the test.
func englishSystem(t *testing.T) {
	t.Cleanup(LoadTranslations) // runs after the environment is restored
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("LANGUAGE", "")
}

func TestLanguageSwitchChangesVisibleStrings(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	// What goroutines hand back (the correspondents section reading its
	// store) runs on this goroutine, as the UI goroutine would run it.
	loop := newUILoop()
	s.do = loop.post
	defer loop.drain()
	w := s.ShowMessages("mailsafe", entriesFrom(t, "plain-ascii.eml"), nil) // open before the switch
	if header := renderedText(w.message.object()); !strings.Contains(header, "From") {
		t.Fatalf("the English window shows no From:\n%s", header)
	}
	s.Start() // no account yet: the first-run window
	var welcome fyne.Window
	for w := range s.windows {
		if strings.Contains(renderedText(w.Content()), "Welcome to mailsafe") {
			welcome = w
		}
	}
	if welcome == nil {
		t.Fatal("no first-run window")
	}
	s.ShowSettings()
	sw := s.settingsWindow
	text := renderedText(sw.Window.Content())
	for _, want := range []string{"Language", "Accounts", "Reading", "Senders whose images always load", "Close"} {
		if !strings.Contains(text, want) {
			t.Errorf("English settings lack %q:\n%s", want, text)
		}
	}

	sw.language.SetSelected("日本語")
	text = renderedText(sw.Window.Content())
	for _, want := range []string{"言語", "アカウント", "閲覧", "画像を常に読み込む差出人", "閉じる"} {
		if !strings.Contains(text, want) {
			t.Errorf("after choosing 日本語 the settings lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Accounts") || sw.Window.Title() != "mailsafe — 設定" {
		t.Errorf("English left after choosing 日本語 (title %q):\n%s", sw.Window.Title(), text)
	}
	if s.Settings.Language() != app.LanguageJapanese {
		t.Errorf("the choice was not saved: %q", s.Settings.Language())
	}
	if text := renderedText(welcome.Content()); !strings.Contains(text, "デモ用メールボックスを開く") {
		t.Errorf("the first-run window did not switch:\n%s", text)
	}
	// The window that was already open speaks Japanese now, sidebar included.
	if header := renderedText(w.message.object()); !strings.Contains(w.sidebar.empty.Text(), "検出事項はありません") || !strings.Contains(header, "差出人") {
		t.Errorf("the open window after the switch: sidebar %q, message view:\n%s", w.sidebar.empty.Text(), header)
	}

	// The choice survives a restart: with the process back on the system's
	// (English) locale, a new session over the same preferences applies it.
	s.Languages.Apply(app.LanguageSystem) // the environment as at start; the preference stays Japanese
	if got := lang.L("Language"); got != "Language" {
		t.Fatalf("the system locale did not come back: %q", got)
	}
	restarted := NewSession(a, nil)
	if got := renderedText(NewSettingsWindow(a, restarted.Settings, restarted.Languages, nil).Window.Content()); !strings.Contains(got, "言語") {
		t.Errorf("a new session does not apply the saved language:\n%s", got)
	}

	sw.language.SetSelected("システムの設定に従う")
	if text := renderedText(sw.Window.Content()); !strings.Contains(text, "Language") || strings.Contains(text, "言語") {
		t.Errorf("following the (English) system again:\n%s", text)
	}
	if header := renderedText(w.message.object()); !strings.Contains(header, "From") || strings.Contains(header, "差出人") {
		t.Errorf("the open window did not follow back to English:\n%s", header)
	}
}

func TestSettingsEditAccountsCertificatesReadingAndTrust(t *testing.T) {
	englishSystem(t)
	keyring.MockInit()
	a := test.NewTempApp(t)
	LoadTranslations()
	secrets := app.NewSecrets()
	settings := app.NewSettings(a.Preferences(), secrets)
	pinned := app.Account{Email: "kim@example.org", Host: "mail.example.org", Port: 993, Security: app.SecurityTLS, Username: "kim", PinnedCert: strings.Repeat("ab", 32)}
	other := app.Account{Name: "Lee", Email: "lee@example.net", Host: "imap.example.net", Port: 143, Security: app.SecurityStartTLS, Username: "lee"}
	settings.SaveAccount(pinned, "kim's secret")
	settings.SaveAccount(other, "lee's secret")
	settings.TrustSender("news@shop.example")
	settings.TrustSender("friend@example.com")
	var opened []string
	sw := NewSettingsWindow(a, settings, NewLanguages(), func(acct app.Account) { opened = append(opened, acct.Email) })
	loop := newUILoop()
	sw.do = loop.post // the keyring is used off the UI goroutine; its results come back here
	sw.Window.Show()
	text := renderedText(sw.Window.Content())
	for _, want := range []string{"kim@example.org", "kim@mail.example.org:993, TLS (993)", "AB:AB:AB", "Lee <lee@example.net>", "lee@imap.example.net:143, STARTTLS (143)", "news@shop.example", "friend@example.com"} {
		if !strings.Contains(text, want) {
			t.Errorf("settings lack %q:\n%s", want, text)
		}
	}

	// Forgetting the trusted certificate asks first, then verifies normally again.
	tapButton(t, sw.Window.Content(), "Forget this certificate")
	tapButton(t, sw.Window.Canvas().Overlays().Top(), "Yes")
	loop.until(t, "the certificate forgotten", func() bool { return sw.Window.Canvas().Overlays().Top() == nil })
	if list, _ := settings.Accounts(); list[0].PinnedCert != "" {
		t.Errorf("the certificate is still trusted: %+v", list[0])
	}
	if strings.Contains(renderedText(sw.Window.Content()), "AB:AB:AB") {
		t.Errorf("the forgotten certificate is still shown")
	}

	// Open asks the session to open that account.
	tapButton(t, sw.Window.Content(), "Open")
	if len(opened) != 1 || opened[0] != "kim@example.org" {
		t.Errorf("Open opened %v", opened)
	}

	// Removing Lee (the second row's Remove…) asks, then forgets the account and its password.
	var removes []*widget.Button
	walkObjects(sw.Window.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Remove…" {
			removes = append(removes, b)
		}
	})
	if len(removes) != 2 {
		t.Fatalf("%d Remove… buttons for 2 accounts", len(removes))
	}
	test.Tap(removes[1])
	confirm := sw.Window.Canvas().Overlays().Top()
	if !strings.Contains(renderedText(confirm), "lee@example.net") {
		t.Fatalf("the confirmation does not name the account:\n%s", renderedText(confirm))
	}
	// Escape closes the dialog without removing anything.
	sw.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if sw.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape left the dialog open")
	}
	if list, _ := settings.Accounts(); len(list) != 2 {
		t.Fatalf("Escape removed an account: %+v", list)
	}
	test.Tap(removes[1])
	tapButton(t, sw.Window.Canvas().Overlays().Top(), "Yes")
	loop.until(t, "the account removed", func() bool { return sw.Window.Canvas().Overlays().Top() == nil })
	if list, _ := settings.Accounts(); len(list) != 1 || list[0].Email != "kim@example.org" {
		t.Errorf("after removing Lee: %+v", list)
	}
	if _, err := secrets.Password(other); err == nil {
		t.Errorf("Lee's password stayed in the keyring")
	}

	// Mark as read.
	if sw.markRead.Checked {
		t.Errorf("mark as read shows on by default")
	}
	test.Tap(sw.markRead)
	if !settings.MarkReadWhenOpened() {
		t.Errorf("ticking mark as read did not save it")
	}

	// Removing a trusted sender.
	walkObjects(sw.Window.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*fyne.Container); ok && strings.Contains(renderedText(c), "news@shop.example") && !strings.Contains(renderedText(c), "friend@") {
			if strings.Contains(renderedText(c), "Remove") && len(c.Objects) == 2 {
				tapButton(t, c, "Remove")
			}
		}
	})
	if got := settings.TrustedSenders(); len(got) != 1 || got[0] != "friend@example.com" {
		t.Errorf("trusted senders after removing one: %v", got)
	}

	// With no dialog open, Escape closes the settings window.
	closed := false
	sw.Window.SetOnClosed(func() { closed = true })
	sw.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !closed {
		t.Errorf("Escape did not close the settings window")
	}
}
