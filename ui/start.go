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

// Session is the running interface: the Fyne app, the settings, the keyring
// and the language choice every window shares.
type Session struct {
	App       fyne.App
	Settings  *app.Settings
	Secrets   *app.Secrets
	Languages *Languages

	settingsWindow *SettingsWindow        // open settings window, if any
	lookup         *app.DomainLookup      // registry lookups, shared so their day's cache is too
	windows        map[fyne.Window]func() // open mail windows -> how each retranslates itself
}

// NewSession ties the app to its settings and applies the reader's language.
func NewSession(a fyne.App, secrets *app.Secrets) *Session {
	s := &Session{App: a, Settings: app.NewSettings(a.Preferences(), secrets), Secrets: secrets, Languages: NewLanguages(),
		windows: map[fyne.Window]func(){}}
	s.lookup, _ = app.NewDomainLookup("", nil) // IANA's bootstrap; only used when the reader asks
	s.Languages.Apply(s.Settings.Language())
	return s
}

// OpenDemo starts the demo mailbox and opens it like an account: through
// the IMAP worker, read-only. Its images load from the demo's own beacon
// server on loopback (the only place the demo's loader may reach), and
// "What the sender saw" shows that server's record. The servers stop when
// the window closes.
func (s *Session) OpenDemo() (*MailboxWindow, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := app.StartDemo(ctx)
	if err != nil {
		return nil, err
	}
	wctx, stop := context.WithCancel(context.Background())
	w := app.StartWorker(wctx, d.Account, d.Password, app.WorkerOptions{})
	mw := NewMailboxWindow(s.App, lang.L("demo mailbox"), w, d.Context(), nil,
		s.paneOptions(&app.HTTPLoader{Me: d.Context().Me, AllowLoopback: true}, d.Beacon.Hits))
	mw.Window.SetTitle(fmt.Sprintf("mailsafe — %s (%s %s)", lang.L("demo mailbox"), lang.L("beacon server"), d.Beacon.Addr()))
	mw.mu.Lock() // results may already be arriving (on this goroutine under the test driver)
	s.attach(mw)
	mw.mu.Unlock()
	mw.Window.SetOnClosed(func() {
		delete(s.windows, mw.Window)
		stop()
		d.Close()
	})
	mw.Window.Show()
	return mw, nil
}

// Start opens the reader's first account, or the first-run window when
// there is none.
func (s *Session) Start() {
	accounts, err := s.Settings.Accounts()
	if err == nil && len(accounts) > 0 {
		s.openAccount(accounts[0], "")
		return
	}
	welcome := NewWelcomeWindow(s.App, func(w fyne.Window) {
		if _, err := s.OpenDemo(); err != nil {
			dialog.ShowError(readerError{err}, w)
			return
		}
		w.Close()
	}, func(w fyne.Window) {
		ShowAccountForm(w, lang.L("Add an account"), app.Account{Security: app.SecurityTLS, Port: 993}, func(acct app.Account, password string) error {
			if _, err := s.addAccount(acct, password); err != nil {
				return err
			}
			w.Close()
			return nil
		})
	}, func(fyne.Window) { s.ShowSettings() })
	s.windows[welcome.Window] = welcome.Retranslate
	welcome.Window.SetOnClosed(func() { delete(s.windows, welcome.Window) })
	if err != nil {
		dialog.ShowError(readerError{err}, welcome.Window)
	}
	welcome.Window.Show()
}

// ShowSettings opens the settings window, or brings it forward.
func (s *Session) ShowSettings() {
	if s.settingsWindow != nil {
		s.settingsWindow.Window.RequestFocus()
		return
	}
	s.settingsWindow = NewSettingsWindow(s.App, s.Settings, s.Languages, func(a app.Account) { s.openAccount(a, "") })
	s.settingsWindow.OnLanguageChanged = func() {
		for _, retranslate := range s.windows {
			retranslate()
		}
	}
	s.settingsWindow.Window.SetOnClosed(func() { s.settingsWindow = nil })
	s.settingsWindow.Window.Show()
}

// ShowMessages opens a reading window over messages read from a file. Its
// images load through loader (app.HTTPLoader in the application) once the
// reader consents, with the same settings as a mailbox's.
func (s *Session) ShowMessages(title string, entries []Entry, loader app.ImageLoader) *MainWindow {
	w := NewMainWindow(s.App, title, entries, s.paneOptions(loader, nil))
	s.menu(w.Window)
	s.windows[w.Window] = func() {
		w.Retranslate()
		s.menu(w.Window)
	}
	w.Window.SetOnClosed(func() { delete(s.windows, w.Window) })
	w.Window.Show()
	return w
}

// paneOptions are the reading pane's options every window of the session
// shares (the settings, the registry lookups), with a window's own loader
// and, for the demo, its beacon record.
func (s *Session) paneOptions(loader app.ImageLoader, hits func() []app.Hit) PaneOptions {
	return PaneOptions{Loader: loader, Settings: s.Settings, Lookup: s.lookup, HitLog: hits}
}

// attach gives a mailbox window its Settings menu, and has it follow
// language changes.
func (s *Session) attach(mw *MailboxWindow) {
	s.menu(mw.Window)
	s.windows[mw.Window] = func() {
		mw.mu.Lock()
		defer mw.mu.Unlock()
		mw.Retranslate()
		s.menu(mw.Window)
	}
}

// menu gives a window the mailsafe menu in the current language.
func (s *Session) menu(w fyne.Window) {
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(lang.L("mailsafe"),
		fyne.NewMenuItem(lang.L("Settings…"), s.ShowSettings),
		fyne.NewMenuItem(lang.L("Open the demo mailbox"), func() {
			if _, err := s.OpenDemo(); err != nil {
				dialog.ShowError(readerError{err}, w)
			}
		}),
	)))
}

// addAccount saves a new account (its password to the keyring, or for this
// session only when there is no keyring) and opens it.
func (s *Session) addAccount(acct app.Account, password string) (*MailboxWindow, error) {
	err := s.Settings.SaveAccount(acct, password)
	if err != nil && !errors.Is(err, app.ErrNoKeyring) {
		return nil, err
	}
	return s.openAccount(acct, password), nil
}

// openAccount connects an account, asking for its password when the keyring
// has none (or there is no keyring: then it is kept for this session only).
func (s *Session) openAccount(acct app.Account, password string) *MailboxWindow {
	if password == "" {
		p, err := s.Secrets.Password(acct)
		if err != nil {
			holder := s.App.NewWindow("mailsafe")
			holder.Resize(fyne.NewSize(520, 300))
			holder.Show()
			reason := lang.L("password.ask")
			if errors.Is(err, app.ErrNoKeyring) {
				reason = lang.L("password.nokeyring")
			}
			AskPassword(holder, acct, reason, func(p string) {
				s.openAccount(acct, p)
				holder.Close()
			})
			return nil
		}
		password = p
	}
	ctx, stop := context.WithCancel(context.Background())
	w := app.StartWorker(ctx, acct, password, app.WorkerOptions{MarkRead: s.Settings.MarkReadWhenOpened()})
	me := mailview.Reader{Me: []string{acct.Email}}
	var mw *MailboxWindow
	mw = NewMailboxWindow(s.App, acct.Email, w, me, func(ce *app.CertificateError) {
		ConfirmTrustCertificate(mw.Window, ce, func() {
			acct.PinnedCert = ce.Fingerprint
			s.Settings.SaveAccount(acct, "")
			stop()
			s.openAccount(acct, password)
			mw.Window.Close()
		})
	}, s.paneOptions(&app.HTTPLoader{Me: []string{acct.Email}}, nil))
	mw.mu.Lock() // results may already be arriving (on this goroutine under the test driver)
	s.attach(mw)
	mw.mu.Unlock()
	mw.Window.SetOnClosed(func() {
		delete(s.windows, mw.Window)
		stop()
	})
	mw.Window.Show()
	return mw
}
