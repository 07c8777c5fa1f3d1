package ui

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview/check"
)

// Every test of this package keeps the correspondents store that accounts
// learn into in a data directory of its own, never the user's.
func TestMain(m *testing.M) { os.Exit(dovecottest.RunWithOwnDataHome(m)) }

// An account connects and learns its Sent folder and inbox in the
// background, with progress in the status line; then the seed's BEC — a
// colleague's name on free mail, delivered last — opens with the borrowed
// name found, from nothing but the account's own mail.
func TestAccountLearnsThenFindsBorrowedNameAgainstDovecot(t *testing.T) {
	h := dovecottest.History(time.Now())
	h.Inbox = append(h.Inbox, h.Cases["bec"])
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedHistory(h))
	keyring.MockInit()
	a := test.NewTempApp(t)
	LoadTranslations()
	s := NewSession(a, app.NewSecrets())
	s.correspondents = app.NewCorrespondents(t.TempDir() + "/c.db")
	s.correspondents.Every = 300 * time.Millisecond
	defer s.correspondents.Close()
	loop := newUILoop()
	// Every status line the reader could see is recorded: the line is read
	// after each function the UI goroutine runs, since progress and the
	// summary may both be run in one turn of the test's loop.
	var said []string
	var shown *MailboxWindow
	s.do = func(f func()) {
		loop.post(func() {
			f()
			if shown == nil {
				return
			}
			if t := shown.status.Text; len(said) == 0 || said[len(said)-1] != t {
				said = append(said, t)
			}
		})
	}
	acct := app.Account{Email: dovecottest.Me, Host: "127.0.0.1", Port: d.IMAPPort, Security: app.SecurityNone, Username: dovecottest.User}
	mw := &testWindow{s.connect(acct, dovecottest.Password), loop}
	shown = mw.MailboxWindow
	defer mw.Window.Close()
	eventually(t, mw, "learning done", func() bool { return mw.actx.History != nil })
	// The summary may already have given way to a message's own status.
	if n, _ := mw.actx.History.Size(); n != 31 || !slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, "Learning whom you write to and hear from: ") }) {
		t.Errorf("learned %d senders (want 31); the status line said %q", n, said)
	}
	eventually(t, mw, "the newest message, the BEC, opened (while learning or after)", func() bool { return mw.message.subject.Text == "Urgent wire transfer" })
	eventually(t, mw, "the borrowed name found", func() bool {
		return mw.message.view != nil && mw.message.view.Has(check.FindingDisplayNameImpersonation)
	})

	// New mail is learned while the window is open.
	if err := d.Deliver("", h.Cases["stranger"]); err != nil {
		t.Fatal(err)
	}
	eventually(t, mw, "the new sender learned", func() bool { n, _ := mw.actx.History.Size(); return n == 32 })
}
