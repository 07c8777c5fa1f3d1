package ui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
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
	eventually(t, mw, "the first page", func() bool { return len(mw.envs) == pageSize })
	eventually(t, mw, "the newest message", func() bool { return mw.message.subject.Text == "Message 120" })
	onUI(mw, func() {
		if !mw.more.Visible() {
			t.Errorf("no way to load the other %d messages", 120-pageSize)
		}
		mw.more.OnTapped()
	})
	eventually(t, mw, "the second page", func() bool { return len(mw.envs) == 2*pageSize && mw.envs[2*pageSize-1].Subject == "Message 21" })
	onUI(mw, func() { mw.msgList.Select(2*pageSize - 1) })
	eventually(t, mw, "message 21 opened", func() bool {
		return mw.message.subject.Text == "Message 21" && strings.Contains(renderedText(mw.message.body), "Body of message 21.")
	})
}
