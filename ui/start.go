package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"mailsafe/app"
	"mailsafe/mailview"
)

// OpenDemo starts the demo mailbox and opens it like an account: through
// the IMAP worker, read-only. The servers stop when the window closes.
func OpenDemo(a fyne.App) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := app.StartDemo(ctx)
	if err != nil {
		return err
	}
	wctx, stop := context.WithCancel(context.Background())
	w := app.StartWorker(wctx, d.Account, d.Password, app.WorkerOptions{})
	mw := NewMailboxWindow(a, fmt.Sprintf("mailsafe — %s (%s %s)", lang.L("demo mailbox"), lang.L("beacon server"), d.Beacon.Addr()), w, d.Context(), nil)
	mw.Window.SetOnClosed(func() {
		stop()
		d.Close()
	})
	mw.Window.Show()
	return nil
}

// Start opens the reader's first account, or the first-run window when
// there is none.
func Start(a fyne.App, settings *app.Settings, secrets *app.Secrets) {
	accounts, err := settings.Accounts()
	if err != nil || len(accounts) == 0 {
		var welcome fyne.Window
		welcome = NewWelcomeWindow(a, func(w fyne.Window) {
			if err := OpenDemo(a); err != nil {
				dialog.ShowError(err, w)
				return
			}
			w.Close()
		}, func(w fyne.Window) {
			ShowAccountForm(w, app.Account{Security: app.SecurityTLS, Port: 993}, func(acct app.Account, password string) error {
				if _, err := addAccount(a, settings, secrets, acct, password); err != nil {
					return err
				}
				welcome.Close()
				return nil
			})
		})
		if err != nil {
			dialog.ShowError(err, welcome)
		}
		welcome.Show()
		return
	}
	openAccount(a, settings, secrets, accounts[0], "")
}

// addAccount saves a new account (its password to the keyring, or for this
// session only when there is no keyring) and opens it.
func addAccount(a fyne.App, settings *app.Settings, secrets *app.Secrets, acct app.Account, password string) (*MailboxWindow, error) {
	err := settings.SaveAccount(acct, password)
	if err != nil && !errors.Is(err, app.ErrNoKeyring) {
		return nil, err
	}
	return openAccount(a, settings, secrets, acct, password), nil
}

// openAccount connects an account, asking for its password when the keyring
// has none (or there is no keyring: then it is kept for this session only).
func openAccount(a fyne.App, settings *app.Settings, secrets *app.Secrets, acct app.Account, password string) *MailboxWindow {
	if password == "" {
		p, err := secrets.Password(acct)
		if err != nil {
			holder := a.NewWindow("mailsafe")
			holder.Resize(fyne.NewSize(520, 300))
			holder.Show()
			reason := lang.L("password.ask")
			if errors.Is(err, app.ErrNoKeyring) {
				reason = lang.L("password.nokeyring")
			}
			AskPassword(holder, acct, reason, func(p string) {
				openAccount(a, settings, secrets, acct, p)
				holder.Close()
			})
			return nil
		}
		password = p
	}
	ctx, stop := context.WithCancel(context.Background())
	w := app.StartWorker(ctx, acct, password, app.WorkerOptions{MarkRead: settings.MarkReadWhenOpened()})
	me := mailview.Context{Me: []string{acct.Email}}
	var mw *MailboxWindow
	mw = NewMailboxWindow(a, "mailsafe — "+acct.Email, w, me, func(ce *app.CertificateError) {
		ConfirmTrustCertificate(mw.Window, ce, func() {
			acct.PinnedCert = ce.Fingerprint
			settings.SaveAccount(acct, "")
			stop()
			openAccount(a, settings, secrets, acct, password)
			mw.Window.Close()
		})
	})
	mw.SetSettings(settings)
	mw.Window.SetOnClosed(stop)
	mw.Window.Show()
	return mw
}
