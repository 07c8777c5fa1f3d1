package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
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
	correspondents *app.Correspondents    // the correspondents store the accounts learn into (learning.go)
	windows        map[fyne.Window]func() // open mail windows -> how each retranslates itself
	do             func(func())           // runs a function on the UI goroutine: fyne.Do

	// All of it is the UI goroutine's.
	accounts  map[string]*accountWindow // the open window of each account: one per account
	passwords map[string]string         // passwords kept for this session only (no keyring, or typed at a prompt); memory, never a file
	tokens    map[string]*oauth.Tokens  // OAuth2 accounts' tokens: the access token lives here, in memory
	browser   oauth.Browser             // opens a sign-in page; nil: the system browser (tests play one)
	noKeyring bool                      // the keyring was found missing: passwords are kept for the session only
	setup     fyne.Window               // the first run's account setup window, while open
}

// accountWindow is the mail window of an account, and what it connects with.
type accountWindow struct {
	mw           *MailboxWindow
	acct         app.Account
	password     string
	stopLearning func() // ends the account's background learning (learning.go)
}

// accountKey names an account the way the keyring does: one window each.
func accountKey(a app.Account) string { return strings.ToLower(a.Username + "@" + a.Host) }

// keep remembers a password for this session (in memory only).
func (s *Session) keep(a app.Account, password string) {
	if password != "" {
		s.passwords[accountKey(a)] = password
	}
}

// NewSession ties the app to its settings and applies the reader's language.
func NewSession(a fyne.App, secrets *app.Secrets) *Session {
	s := &Session{App: a, Settings: app.NewSettings(a.Preferences(), secrets), Secrets: secrets, Languages: NewLanguages(),
		windows: map[fyne.Window]func(){}, do: fyne.Do, correspondents: app.NewCorrespondents(""), accounts: map[string]*accountWindow{}, passwords: map[string]string{}, tokens: map[string]*oauth.Tokens{}}
	s.lookup, _ = app.NewDomainLookup("", nil) // IANA's bootstrap; only used when the reader asks
	s.Languages.Apply(s.Settings.Language())
	// Every text at least 4.5:1, light and dark. Set only when another theme
	// is in use: setting it clears Fyne's text measurements and lays out
	// every open window again.
	if _, ok := a.Settings().Theme().(readableTheme); !ok {
		a.Settings().SetTheme(ReadableTheme())
	}
	return s
}

// OpenDemo starts the demo mailbox and opens it like an account: through
// the IMAP worker, read-only. Its images load from the demo's own beacon
// server on loopback (the only place the demo's loader may reach), and
// "What the sender saw" shows that server's record. The servers start off
// the UI goroutine, with progress shown over parent (or a small window of
// its own when parent is nil), and stop when the mailbox window closes.
// opened, if not nil, is called with the window once it is open.
func (s *Session) OpenDemo(parent fyne.Window, opened func(*MailboxWindow)) {
	b := s.busy(parent, lang.L("Starting the demo mailbox…"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		d, err := app.StartDemo(ctx)
		s.do(func() {
			if err != nil {
				b.fail(err)
				return
			}
			b.end()
			mw := s.openDemo(d)
			if opened != nil {
				opened(mw)
			}
		})
	}()
}

// openDemo opens the window over a started demo.
func (s *Session) openDemo(d *app.Demo) *MailboxWindow {
	w := app.StartWorker(context.Background(), d.Account, d.Password, app.WorkerOptions{})
	mw := NewMailboxWindow(s.App, lang.L("demo mailbox"), w, s.do, d.Context(), nil,
		s.paneOptions(&app.HTTPLoader{Me: d.Context().Me, AllowLoopback: true}, d.Beacon.Hits))
	title := func() string {
		return fmt.Sprintf("mailsafe — %s (%s %s)", lang.L("demo mailbox"), lang.L("beacon server"), d.Beacon.Addr())
	}
	mw.Window.SetTitle(title())
	mw.nameSays = func() string { return lang.L("demo mailbox") }
	s.attach(mw)
	retranslate := s.windows[mw.Window]
	s.windows[mw.Window] = func() {
		retranslate()
		mw.Window.SetTitle(title())
	}
	mw.Window.SetOnClosed(func() {
		delete(s.windows, mw.Window)
		mw.Close()
		go d.Close() // its servers wait for their connections to end
	})
	mw.Window.Show()
	return mw
}

// busyShown is work in progress off the UI goroutine, shown to the reader.
type busyShown struct {
	end  func()      // the work is done
	fail func(error) // the work failed: say why
}

// busy shows that something is under way: an infinite progress bar in a
// dialog over parent, or in a small window of its own when parent is nil.
func (s *Session) busy(parent fyne.Window, what string) busyShown {
	content := container.NewVBox(widget.NewLabel(what), widget.NewProgressBarInfinite())
	if parent != nil {
		d := dialog.NewCustomWithoutButtons(lang.L("mailsafe"), content, parent)
		d.Show()
		return busyShown{end: d.Hide, fail: func(err error) { d.Hide(); dialog.ShowError(readerError{err}, parent) }}
	}
	w := s.App.NewWindow(lang.L("mailsafe"))
	w.SetContent(content)
	w.Resize(fyne.NewSize(420, 160))
	w.Show()
	return busyShown{end: w.Close, fail: func(err error) {
		content.Objects = []fyne.CanvasObject{widget.NewLabel(what)} // the error stays, in this window
		content.Refresh()
		w.Resize(fyne.NewSize(520, 300))
		dialog.ShowError(readerError{err}, w)
	}}
}

// Start opens the reader's first account, or the first-run window when
// there is none.
func (s *Session) Start() {
	if s.Secrets != nil {
		go func() { // whether the keyring is there: the account form says where a password goes
			err := s.Secrets.Available()
			s.do(func() { s.noKeyring = s.noKeyring || err != nil })
		}()
	}
	accounts, err := s.Settings.Accounts()
	if err == nil && len(accounts) > 0 {
		s.openAccount(nil, accounts[0], "", nil)
		return
	}
	welcome := NewWelcomeWindow(s.App, func(w fyne.Window) {
		s.OpenDemo(w, func(*MailboxWindow) { w.Close() })
	}, func(w fyne.Window) { s.ShowAccountSetup(w) }, func(fyne.Window) { s.ShowSettings() })
	s.windows[welcome.Window] = welcome.Retranslate
	welcome.Window.SetOnClosed(func() { delete(s.windows, welcome.Window) })
	if err != nil {
		dialog.ShowError(readerError{err}, welcome.Window)
	}
	welcome.Window.Show()
}

// ShowAccountSetup opens account setup in a window of its own (or brings
// it forward); once saved, the account opens and welcome, if not nil,
// closes.
func (s *Session) ShowAccountSetup(welcome fyne.Window) fyne.Window {
	if s.setup != nil {
		s.setup.RequestFocus()
		return s.setup
	}
	s.setup = NewAccountWindow(s.App, lang.L("Add an account"), app.Account{Security: app.SecurityTLS, Port: 993}, FormEnv{NoKeyring: s.noKeyring, Settings: s.Settings, Do: s.do},
		func(acct app.Account, password string) error {
			s.addAccount(welcome, acct, password, func(*MailboxWindow) {
				if welcome != nil {
					welcome.Close()
				}
			})
			return nil
		}, nil)
	setup := s.setup
	setup.SetOnClosed(func() {
		delete(s.windows, setup)
		if s.setup == setup {
			s.setup = nil
		}
	})
	s.rebuildOnLanguageSwitch(setup, func() fyne.Window {
		s.setup = nil
		return s.ShowAccountSetup(welcome)
	})
	setup.Show()
	return setup
}

// ShowSettings opens the settings window, or brings it forward.
func (s *Session) ShowSettings() {
	if s.settingsWindow != nil {
		s.settingsWindow.Window.RequestFocus()
		return
	}
	s.settingsWindow = NewSettingsWindow(s.App, s.Settings, s.Languages, func(a app.Account) { s.openAccount(s.settingsWindow.Window, a, "", nil) })
	s.settingsWindow.do = s.do
	s.settingsWindow.NoKeyring = func() bool { return s.noKeyring }
	s.settingsWindow.OnAccountSaved = s.accountSaved
	s.settingsWindow.OnAccountRemoved = s.accountRemoved
	s.settingsWindow.useCorrespondents(s.correspondents, s.historyChanged)
	s.settingsWindow.OnLanguageChanged = func() {
		// A window may be rebuilt (and so registered anew) while they
		// follow: each of those open now, once.
		var all []func()
		for _, retranslate := range s.windows {
			all = append(all, retranslate)
		}
		for _, retranslate := range all {
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
	opts := s.paneOptions(loader, nil)
	opts.Do = s.do // the window's own goroutines post to the UI goroutine the session knows
	w := NewMainWindow(s.App, title, entries, opts)
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
		mw.Retranslate()
		s.menu(mw.Window)
	}
}

// menu gives a window the mailsafe menu in the current language.
func (s *Session) menu(w fyne.Window) {
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu(lang.L("mailsafe"),
		fyne.NewMenuItem(lang.L("Settings…"), s.ShowSettings),
		fyne.NewMenuItem(lang.L("Open the demo mailbox"), func() { s.OpenDemo(w, nil) }),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: lang.L("Quit"), IsQuit: true}, // Fyne's own would stay in English
	)))
}

// addAccount saves a new account (its password to the keyring, or for this
// session only when there is no keyring) and opens it. The keyring is
// written off the UI goroutine, with progress shown over parent.
func (s *Session) addAccount(parent fyne.Window, acct app.Account, password string, opened func(*MailboxWindow)) {
	b := s.busy(parent, lang.L("Saving the account…"))
	go func() {
		err := s.Settings.SaveAccount(acct, password)
		s.do(func() {
			if err != nil && !errors.Is(err, app.ErrNoKeyring) {
				b.fail(err)
				return
			}
			if err != nil {
				s.noKeyring = true
				s.keep(acct, password)
			}
			b.end()
			s.openAccount(parent, acct, password, opened)
		})
	}()
}

// openAccount connects an account, asking for its password when the keyring
// has none (or there is no keyring: then it is kept for this session only).
// An account whose window is open is not opened twice: that window comes
// forward. The keyring is read off the UI goroutine (it may wait for the
// reader to unlock it), with progress shown over parent (nil: a window of
// its own).
func (s *Session) openAccount(parent fyne.Window, acct app.Account, password string, opened func(*MailboxWindow)) {
	if aw := s.accounts[accountKey(acct)]; aw != nil {
		aw.mw.Window.RequestFocus()
		if opened != nil {
			opened(aw.mw)
		}
		return
	}
	if password == "" {
		password = s.passwords[accountKey(acct)]
	}
	if password != "" || oauthAccount(acct) { // an OAuth2 account's sign-in is read by its worker
		mw := s.connect(acct, password)
		if opened != nil {
			opened(mw)
		}
		return
	}
	b := s.busy(parent, lang.L("Reading the password from the keyring…"))
	go func() {
		p, err := s.Secrets.Password(acct)
		s.do(func() {
			b.end()
			if err != nil {
				reason := "password.ask"
				if errors.Is(err, app.ErrNoKeyring) {
					s.noKeyring = true
					reason = "password.nokeyring"
				}
				s.askPasswordWindow(acct, reason, func(p string) {
					s.keep(acct, p)
					s.openAccount(nil, acct, p, opened)
				})
				return
			}
			s.openAccount(parent, acct, p, opened)
		})
	}()
}

// askPasswordWindow asks for an account's password in a window of its own,
// saying why in the words of the translation reason; after a language
// switch the window is built again in the new language, with what was
// typed.
func (s *Session) askPasswordWindow(acct app.Account, reason string, onPassword func(string)) fyne.Window {
	w := AskPasswordWindow(s.App, acct, lang.L(reason), onPassword, nil)
	w.SetOnClosed(func() { delete(s.windows, w) })
	s.rebuildOnLanguageSwitch(w, func() fyne.Window { return s.askPasswordWindow(acct, reason, onPassword) })
	w.Show()
	return w
}

// accountRemoved follows an account removed in Settings: its open mail
// window closes, and the session forgets its password and its sign-in (an
// account added again signs in afresh, with its new client and tenant).
func (s *Session) accountRemoved(a app.Account) {
	key := accountKey(a)
	delete(s.passwords, key)
	delete(s.tokens, key)
	if aw := s.accounts[key]; aw != nil {
		aw.mw.Window.Close() // its OnClosed stops the worker and forgets the window
	}
}

// worker starts the IMAP worker of an account.
func (s *Session) worker(acct app.Account, password string) *app.Worker {
	opts := app.WorkerOptions{MarkRead: s.Settings.MarkReadWhenOpened(), Tokens: s.login(acct, password).Tokens}
	return app.StartWorker(context.Background(), acct, password, opts)
}

// login is how every connection of an account signs in (its mailbox,
// learning, the detection of its stamps): an OAuth2 account with the
// session's tokens, any other with password. On the UI goroutine.
func (s *Session) login(acct app.Account, password string) app.Login {
	if oauthAccount(acct) {
		return app.Login{Tokens: s.accountTokens(acct)}
	}
	return app.Login{Password: password}
}

// connect opens the mailbox window of an account whose password is known.
// When the server refuses the password, the window says so and asks for it
// again; the right one connects the same window.
func (s *Session) connect(acct app.Account, password string) *MailboxWindow {
	me := app.ReaderFor(acct, nil, s.Settings.VerifyDKIM()) // no contact list for accounts yet
	aw := &accountWindow{acct: acct, password: password}
	aw.mw = NewMailboxWindow(s.App, acct.Email, s.worker(acct, password), s.do, me, func(ce *app.CertificateError) {
		ConfirmTrustCertificate(aw.mw.Window, ce, func() {
			aw.acct.PinnedCert = ce.Fingerprint
			s.Settings.SaveAccount(aw.acct, "") // no password: the keyring is not touched
			s.reconnect(aw, aw.password, false)
		})
	}, s.paneOptions(&app.HTTPLoader{Me: []string{acct.Email}}, nil))
	mw := aw.mw
	var reask func()             // asks for the password in the current language
	var prompt fyne.CanvasObject // the prompt's overlay, while open
	mw.OnLoginFailed = func(err error) {
		if oauthAccount(aw.acct) {
			s.askSignInAgain(aw, err)
			return
		}
		reask = func() {
			AskPassword(mw.Window, aw.acct, lang.L("password.refused", map[string]any{"Error": errorText(err)}), func(p string) {
				s.reconnect(aw, p, true)
			})
			prompt = mw.Window.Canvas().Overlays().Top()
		}
		reask()
	}
	s.accounts[accountKey(acct)] = aw
	s.attach(mw)
	retranslate := s.windows[mw.Window]
	s.windows[mw.Window] = func() {
		retranslate()
		// The password prompt over the window, if still open, is asked
		// again in the new language.
		if top := mw.Window.Canvas().Overlays().Top(); top != nil && top == prompt {
			mw.Window.Canvas().Overlays().Remove(top)
			reask()
		}
	}
	mw.Window.SetOnClosed(func() {
		delete(s.windows, mw.Window)
		if s.accounts[accountKey(aw.acct)] == aw {
			delete(s.accounts, accountKey(aw.acct))
		}
		aw.stopLearning()
		mw.Close()
	})
	mw.Window.Show()
	// Once the server accepted the password: whose stamp to trust, from the
	// account's own mail (settings_authserv.go).
	mw.OnConnected = func() {
		mw.OnConnected = nil
		s.detectAuthServ(acct, password)
	}
	s.learnAccount(aw)
	return mw
}

// reconnect connects an account's open window again with password. A
// password typed at a prompt after the server refused the saved one is
// kept, once the server accepts it, for the session and in the keyring
// (when there is one), written off the UI goroutine.
func (s *Session) reconnect(aw *accountWindow, password string, typed bool) {
	aw.password = password
	aw.mw.OnConnected = nil
	if typed {
		acct := aw.acct
		aw.mw.OnConnected = func() {
			aw.mw.OnConnected = nil
			s.keep(acct, password)
			if !s.noKeyring {
				go s.Secrets.SetPassword(acct, password) // no keyring: the session keeps it
			}
		}
	}
	aw.mw.Reconnect(s.worker(aw.acct, password))
	s.learnAccount(aw)
}

// accountSaved follows an account saved in Settings: a password the
// keyring could not keep is kept for the session, and the account's open
// window connects again with what was saved.
func (s *Session) accountSaved(old *app.Account, a app.Account, password string, noKeyring bool) {
	if noKeyring {
		s.noKeyring = true
		s.keep(a, password)
	}
	key := accountKey(a)
	if old != nil {
		key = accountKey(*old)
	}
	aw := s.accounts[key]
	if aw == nil {
		return
	}
	delete(s.accounts, key)
	s.accounts[accountKey(a)] = aw
	aw.acct = a
	if password == "" {
		password = aw.password
	}
	s.reconnect(aw, password, false)
}
