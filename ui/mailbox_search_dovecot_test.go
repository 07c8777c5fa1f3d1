package ui

import (
	"context"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
)

// Issue 12 as the reader met it: against a real Dovecot the list shows the
// Japanese subjects decoded, and typing 至急 in the search box keeps exactly
// the messages whose subject or sender holds it.
func TestMailboxSearchFindsJapaneseAgainstDovecot(t *testing.T) {
	d := dovecottest.Start(t, nil, nil, dovecottest.SeedJapanese)
	a := test.NewTempApp(t)
	LoadTranslations()
	acct := app.Account{Host: "127.0.0.1", Port: d.IMAPPort, Security: app.SecurityNone, Username: dovecottest.User, Email: "alex@example.org"}
	loop := newUILoop()
	mw := &testWindow{NewMailboxWindow(a, "alex", app.StartWorker(context.Background(), acct, dovecottest.Password, app.WorkerOptions{}), loop.post, mailview.Reader{}, nil, PaneOptions{}), loop}
	t.Cleanup(mw.Close)
	mw.Window.Show()
	mails := dovecottest.JapaneseMails()
	eventually(t, mw, "the inbox list", func() bool { return len(mw.envs()) == len(mails) })

	var subjects, want []string
	for _, m := range mails {
		want = append(want, m.Subject)
	}
	onUI(mw, func() {
		for _, e := range mw.envs() {
			subjects = append(subjects, e.Subject)
		}
	})
	sort.Strings(subjects)
	sort.Strings(want)
	if strings.Join(subjects, "|") != strings.Join(want, "|") {
		t.Errorf("list subjects %q, want %q", subjects, want)
	}

	var shown, urgent []string
	onUI(mw, func() {
		test.Type(mw.search, "至急")
		for _, i := range mw.shown {
			shown = append(shown, mw.envs()[i].Subject)
		}
	})
	for _, m := range mails {
		if m.Urgent {
			urgent = append(urgent, m.Subject)
		}
	}
	sort.Strings(shown)
	sort.Strings(urgent)
	if len(urgent) == 0 || strings.Join(shown, "|") != strings.Join(urgent, "|") {
		t.Errorf("search 至急 shows %q, want %q", shown, urgent)
	}
}
