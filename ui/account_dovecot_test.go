package ui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
	"mailsafe/internal/dovecottest"
)

// An account is added through the form, its folders are browsed and a
// message is opened, against a real Dovecot.
func TestAddAccountBrowseAndOpenAgainstDovecot(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(120))
	keyring.MockInit()
	a := test.NewTempApp(t)
	LoadTranslations()
	secrets := app.NewSecrets()
	s := NewSession(a, secrets)
	settings := s.Settings

	f := newAccountForm(app.Account{})
	f.name.SetText("Alex")
	f.email.SetText("alex@example.org")
	f.host.SetText("127.0.0.1")
	f.security.SetSelected(securityLabel(app.SecurityNone)) // this computer only: Dovecot runs without TLS here
	f.port.SetText(strconv.Itoa(d.IMAPPort))
	f.user.SetText(dovecottest.User)
	f.password.SetText(dovecottest.Password)
	acct, password := f.account()
	loop := newUILoop()
	s.do = loop.post
	var opened *MailboxWindow
	s.addAccount(nil, acct, password, func(w *MailboxWindow) { opened = w })
	loop.until(t, "the account saved and opened", func() bool { return opened != nil })
	mw := &testWindow{opened, loop}
	defer mw.Window.Close()
	if list, _ := settings.Accounts(); len(list) != 1 || list[0].Host != "127.0.0.1" || list[0].Port != d.IMAPPort {
		t.Fatalf("saved accounts: %+v", list)
	}
	if p, err := secrets.Password(acct); err != nil || p != dovecottest.Password {
		t.Fatalf("keyring: %q %v", p, err)
	}
	eventually(t, mw, "the folders", func() bool { return len(mw.folders) >= 1 && mw.folders[0].Use == "inbox" })
	eventually(t, mw, "the first page", func() bool { return len(mw.envs()) == app.FirstPage })
	eventually(t, mw, "the newest message", func() bool { return mw.message.subject.Text == "Message 120" })
	onUI(mw, func() { mw.msgList.ScrollToBottom() }) // the rest comes as the list scrolls
	eventually(t, mw, "the rest of the folder", func() bool { return len(mw.envs()) == 120 && mw.envs()[119].Subject == "Message 1" })
	onUI(mw, func() { mw.msgList.Select(99) })
	eventually(t, mw, "message 21 opened", func() bool { // the 100th newest
		return mw.message.subject.Text == "Message 21" && strings.Contains(renderedText(mw.message.body), "Body of message 21.")
	})
}

// A wrong password, against a real Dovecot: the window says the server
// refused it (in the server's words too) and asks for the password again;
// the right one connects that same window, and opening the account again
// brings that window forward instead of a second one.
func TestWrongPasswordSaysSoAndRetriesInTheSameWindowAgainstDovecot(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedMessages(3))
	LoadTranslations()
	acct := app.Account{Email: "alex@example.org", Host: "127.0.0.1", Port: d.IMAPPort, Security: app.SecurityNone, Username: dovecottest.User}
	s, mw := addedAccount(t, acct, "not-the-password")
	a, opened := s.App, mw.MailboxWindow
	defer mw.Window.Close()
	windows := len(a.Driver().AllWindows())
	prompt := func() fyne.CanvasObject { return mw.Window.Canvas().Overlays().Top() }
	eventually(t, mw, "a password prompt over the window", func() bool { return prompt() != nil })
	said := mw.status.Text + "\n" + renderedText(prompt())
	if !strings.Contains(said, "refused the user name or password") || !strings.Contains(strings.ToLower(said), "authentication failed") {
		t.Errorf("the refusal is not said in words with the server's message: %q", said)
	}
	var entry *widget.Entry
	walkObjects(prompt(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			entry = e
		}
	})
	if entry == nil {
		t.Fatalf("the prompt has no password entry: %q", renderedText(prompt()))
	}
	entry.SetText(dovecottest.Password)
	tapButton(t, prompt(), "Connect")
	eventually(t, mw, "the same window connected and listing", func() bool { return len(mw.envs()) == 3 })
	if n := len(a.Driver().AllWindows()); n != windows {
		t.Errorf("%d windows open after the retry, want the %d there were", n, windows)
	}
	var again *MailboxWindow
	onUI(mw, func() { s.openAccount(nil, acct, "", func(w *MailboxWindow) { again = w }) })
	eventually(t, mw, "opened again", func() bool { return again != nil })
	if again != opened || len(a.Driver().AllWindows()) != windows {
		t.Errorf("opening the account again opened another window (%d open)", len(a.Driver().AllWindows()))
	}
	if p, err := s.Secrets.Password(acct); err != nil || p != dovecottest.Password {
		eventually(t, mw, "the accepted password in the keyring", func() bool {
			p, err := s.Secrets.Password(acct)
			return err == nil && p == dovecottest.Password
		})
	}
}
