package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
)

// securityChoices are the connection security options, in the form's order.
var securityChoices = [...]app.Security{app.SecurityTLS, app.SecurityStartTLS, app.SecurityNone}

// securityLabel is how the form and the settings name a security option.
func securityLabel(s app.Security) string {
	switch s {
	case app.SecurityStartTLS:
		return "STARTTLS (143)"
	case app.SecurityNone:
		return lang.L("None (this computer only)")
	}
	return "TLS (993)"
}

// securityLabels lists the options as the form shows them.
func securityLabels() []string {
	out := make([]string, len(securityChoices))
	for i, s := range securityChoices {
		out[i] = securityLabel(s)
	}
	return out
}

// securityOf maps a shown option back to the security and its usual port.
func securityOf(label string) (app.Security, int) {
	switch label {
	case securityLabel(app.SecurityStartTLS):
		return app.SecurityStartTLS, 143
	case securityLabel(app.SecurityNone):
		return app.SecurityNone, 143
	}
	return app.SecurityTLS, 993
}

// accountForm holds the entries of the account dialog.
type accountForm struct {
	name, email, host, port, user, password *widget.Entry
	authServ                                *widget.Entry // the trusted authserv-id
	security                                *widget.Select
	initial                                 app.Account
	noKeyring                               bool // the password is kept in memory for this session only

	// Sign-in: a password, or OAuth2 with a provider (accountsignin.go).
	method           oauth.ProviderID // "" for a password
	usePassword      *widget.Button
	clientID, tenant *widget.Entry
	signInMicrosoft  *widget.Button
	signInGoogle     *widget.Button
	lookUp           *widget.Button // look the settings up online, on consent
	status           *flowText      // what the sign-in or the lookup did
	env              FormEnv
	win              fyne.Window
	cancelSignIn     func() // ends a sign-in under way; nil when none is
	proposedHost     string // the server last proposed: replaced by a new proposal, unlike one the reader typed
	form             *widget.Form
	signedIn         *app.Account     // the account this form signed in, until saved
	secretRow        *widget.FormItem // Password, or Client ID / tenant
	secretHint       *flowText        // under it: where the password is kept, or what the client ID and tenant are
	oauthFields      *fyne.Container
}

func newAccountForm(initial app.Account) *accountForm {
	f := &accountForm{name: widget.NewEntry(), email: widget.NewEntry(), host: widget.NewEntry(), port: widget.NewEntry(),
		user: widget.NewEntry(), password: widget.NewPasswordEntry(), security: widget.NewSelect(securityLabels(), nil), initial: initial,
		authServ: widget.NewEntry()}
	f.buildSignIn(initial)
	f.name.SetText(initial.Name)
	f.email.SetText(initial.Email)
	f.host.SetText(initial.Host)
	f.user.SetText(initial.Username)
	f.authServ.SetText(initial.AuthServID)
	f.authServ.SetPlaceHolder("mx.example.com")
	f.email.SetPlaceHolder("you@example.com")
	f.host.SetPlaceHolder("imap.example.com")
	f.security.SetSelected(securityLabel(initial.Security))
	if initial.Port != 0 {
		f.port.SetText(strconv.Itoa(initial.Port))
	}
	f.security.OnChanged = func(s string) {
		if _, p := securityOf(s); f.port.Text == "" || f.port.Text == "993" || f.port.Text == "143" {
			f.port.SetText(strconv.Itoa(p))
		}
	}
	f.email.OnChanged = func(s string) { // a sensible start for the user name
		if f.user.Text == "" || strings.Contains(s, f.user.Text) {
			f.user.SetText(s)
		}
		f.proposeFromTable(s)
	}
	return f
}

func (f *accountForm) items() []*widget.FormItem {
	// The password's row holds the client ID and tenant instead when the
	// account signs in with a provider (showMethod): the form stays as
	// short as it was, and fits a 1024×700 screen.
	f.oauthFields = container.NewGridWithColumns(2, f.clientID, f.tenant)
	f.secretRow = widget.NewFormItem(lang.L("Password"), container.NewStack(f.password, f.oauthFields))
	f.secretHint = wrapped("")
	port := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Port")), nil, f.port)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Your name"), f.name),
		widget.NewFormItem(lang.L("Email address"), container.NewBorder(nil, nil, nil, f.lookUp, f.email)),
		widget.NewFormItem(lang.L("Sign in with"), container.NewHBox(f.usePassword, f.signInMicrosoft, f.signInGoogle)),
		widget.NewFormItem(lang.L("IMAP server"), f.host),
		widget.NewFormItem(lang.L("Security"), container.NewGridWithColumns(2, f.security, port)),
		widget.NewFormItem(lang.L("User name"), f.user),
		f.secretRow,
		// Where the password is kept (or what the client ID is), wrapped
		// inside the form: a form item's hint is one line and ran to the
		// window's edge.
		widget.NewFormItem("", f.secretHint),
		widget.NewFormItem(lang.L("Trusted authentication server (authserv-id)"), f.authServ),
		widget.NewFormItem("", wrapped(lang.L("form.authserv.note"))),
	}
	items[8].HintText = lang.L("form.authserv.hint")
	f.showMethod()
	return items
}

// account reads what was typed.
func (f *accountForm) account() (app.Account, string) {
	sec := app.SecurityTLS
	if i := f.security.SelectedIndex(); i >= 0 && i < len(securityChoices) {
		sec = securityChoices[i] // by position: the labels follow the language
	}
	p, _ := strconv.Atoi(strings.TrimSpace(f.port.Text))
	a := app.Account{Name: strings.TrimSpace(f.name.Text), Email: strings.TrimSpace(f.email.Text), Host: strings.TrimSpace(f.host.Text),
		Port: p, Security: sec, Username: strings.TrimSpace(f.user.Text), PinnedCert: f.initial.PinnedCert,
		AuthServID: strings.TrimSpace(f.authServ.Text)}
	password := f.password.Text
	if provider := f.provider(); provider != "" {
		a.Auth = app.AuthOAuth2
		a.OAuth = app.OAuthSettings{Provider: provider, ClientID: strings.TrimSpace(f.clientID.Text), Tenant: strings.TrimSpace(f.tenant.Text)}
		password = "" // an OAuth2 account has no password
	}
	return a, password
}

// passwordHint says where a typed password is kept.
func passwordHint(noKeyring bool) string {
	if noKeyring {
		return lang.L("form.password.session")
	}
	return lang.L("form.password.hint")
}

// FormEnv is what the account form needs of the session: whether the
// keyring works, and the settings its sign-in buttons and lookups use.
type FormEnv struct {
	NoKeyring bool          // the password can only be kept for the session
	Settings  *app.Settings // nil: no sign-in with a provider, no lookups
	Open      oauth.Browser // opens the sign-in page; nil: the system browser (fyne App.OpenURL)
	Do        func(func())  // runs a function on the UI goroutine; nil: fyne.Do
}

// ShowAccountForm asks, in a dialog over win, for an account's settings and
// its password (or its sign-in with a provider). onSave gets what was
// typed; it returns an error to show (the form comes back with what was
// typed), or nil to close.
func ShowAccountForm(win fyne.Window, title string, initial app.Account, env FormEnv, onSave func(app.Account, string) error) {
	f := newAccountForm(initial)
	f.noKeyring, f.env, f.win = env.NoKeyring, env, win
	f.form = widget.NewForm(f.items()...)
	form := container.NewVBox(f.form, f.status)
	d := dialog.NewCustomConfirm(title, lang.L("Save"), lang.L("Cancel"), newVScroll(form), func(ok bool) {
		if !ok {
			f.discardSignIn()
			return
		}
		f.stopSignIn()
		a, password := f.account()
		if err := onSave(a, password); err != nil {
			dialog.ShowError(readerError{err}, win)
			ShowAccountForm(win, title, a, env, onSave)
		}
	}, win)
	// The form scrolls inside the dialog when the window is short.
	size := win.Canvas().Size()
	width := min(max(560, size.Width*0.8), size.Width-2*theme.Padding())
	form.Resize(fyne.NewSize(width-4*theme.Padding(), form.MinSize().Height))
	d.Resize(fyne.NewSize(width, min(form.MinSize().Height+140, size.Height-2*theme.Padding())))
	d.Show()
}

// maxWindow is the largest size a window of ours asks for: it fits a
// 1024×700 screen.
var maxWindow = fyne.NewSize(1000, 660)

// fitWindow sizes w to its content, no larger than maxWindow (what does
// not fit scrolls) and no narrower than width.
func fitWindow(w fyne.Window, width float32) {
	m := w.Content().MinSize().Add(windowPadding(w))
	w.Resize(fyne.NewSize(min(max(m.Width, width), maxWindow.Width), min(m.Height, maxWindow.Height)))
}

// windowPadding is what a padded window adds around its content.
func windowPadding(w fyne.Window) fyne.Size {
	if !w.Padded() {
		return fyne.Size{}
	}
	return fyne.NewSize(2*theme.Padding(), 2*theme.Padding())
}

// NewAccountWindow is account setup in a window of its own, sized to its
// content: the form scrolls when the screen is small, the buttons stay in
// view. onSave gets what was typed and returns an error to show (the
// window stays, with what was typed), or nil: the window then closes.
// onCancel, if not nil, is called when the reader gives up.
func NewAccountWindow(a fyne.App, title string, initial app.Account, env FormEnv, onSave func(app.Account, string) error, onCancel func()) fyne.Window {
	w, _ := newAccountWindow(a, title, initial, env, onSave, onCancel)
	return w
}

// newAccountWindow is NewAccountWindow with its form.
func newAccountWindow(a fyne.App, title string, initial app.Account, env FormEnv, onSave func(app.Account, string) error, onCancel func()) (fyne.Window, *accountForm) {
	w := a.NewWindow("mailsafe — " + title)
	f := newAccountForm(initial)
	f.noKeyring, f.env, f.win = env.NoKeyring, env, w
	form := widget.NewForm(f.items()...)
	f.form = form
	saved := false
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), w.Close)
	save := widget.NewButtonWithIcon(lang.L("Save"), theme.ConfirmIcon(), func() {
		acct, password := f.account()
		if err := onSave(acct, password); err != nil {
			dialog.ShowError(readerError{err}, w)
			return
		}
		saved = true
		w.Close()
	})
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), cancel, save)
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewBorder(head, container.NewPadded(container.NewVBox(f.status, buttons)), nil, nil, newVScroll(container.NewPadded(form))))
	w.SetOnClosed(func() {
		if !saved {
			f.discardSignIn()
		} else {
			f.stopSignIn()
		}
		if !saved && onCancel != nil {
			onCancel()
		}
	})
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape && !dialogOpen(w.Canvas()) {
			w.Close()
		}
	})
	// The scroll's own minimum is small: size the window to the form.
	m := form.MinSize().Add(fyne.NewSize(2*theme.Padding(), 2*theme.Padding())).Add(windowPadding(w))
	b := buttons.MinSize().Add(fyne.NewSize(2*theme.Padding(), 2*theme.Padding()))
	w.Resize(fyne.NewSize(min(max(m.Width, b.Width, 560), maxWindow.Width),
		min(head.MinSize().Height+m.Height+b.Height, maxWindow.Height)))
	return w, f
}

// promptWidth is how wide the password prompt's text runs.
const promptWidth = 440

// passwordPrompt is the content of a password prompt: why it is asked, and
// the entry. Its text wraps at promptWidth, so its height is known.
func passwordPrompt(reason string) (fyne.CanvasObject, *widget.Entry) {
	p := widget.NewPasswordEntry()
	msg := newWrapLabel(reason)
	label := widget.NewLabel(lang.L("Password"))
	return container.New(&widthLayout{width: promptWidth}, msg, container.NewBorder(nil, nil, label, nil, p)), p
}

// AskPassword asks, in a dialog over win, for a password the keyring does
// not hold (or when there is no keyring, or the server refused the one it
// had); it is used for this session and never written to a file. Enter
// connects too.
func AskPassword(win fyne.Window, a app.Account, reason string, onPassword func(string)) {
	content, p := passwordPrompt(reason)
	d := dialog.NewCustomConfirm(lang.L("Password for {{.Account}}", map[string]any{"Account": a.Username + "@" + a.Host}), lang.L("Connect"), lang.L("Cancel"),
		content, func(ok bool) {
			if ok {
				onPassword(p.Text)
			}
		}, win)
	p.OnSubmitted = func(string) { d.Hide(); onPassword(p.Text) }
	d.Show()
	win.Canvas().Focus(p)
}

// AskPasswordWindow asks for a password in a small window of its own, sized
// to its content (at start, when no mail window is open yet). onCancel, if
// not nil, is called when the reader gives up.
func AskPasswordWindow(a fyne.App, acct app.Account, reason string, onPassword func(string), onCancel func()) fyne.Window {
	w := a.NewWindow(lang.L("Password for {{.Account}}", map[string]any{"Account": acct.Username + "@" + acct.Host}))
	content, p := passwordPrompt(reason)
	answered := false
	connect := func() {
		answered = true
		onPassword(p.Text)
		w.Close()
	}
	ok := widget.NewButtonWithIcon(lang.L("Connect"), theme.ConfirmIcon(), connect)
	ok.Importance = widget.HighImportance
	p.OnSubmitted = func(string) { connect() }
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), w.Close), ok), nil, nil, content)))
	w.SetOnClosed(func() {
		if !answered && onCancel != nil {
			onCancel()
		}
	})
	fitWindow(w, 0)
	w.Canvas().Focus(p)
	return w
}

// widthLayout stacks its objects at a set width (or the width it is given,
// when more), each as tall as it needs at that width: wrapped text then has
// a known height, and nothing is drawn over it.
type widthLayout struct{ width float32 }

func (l *widthLayout) heights(objects []fyne.CanvasObject, width float32) (hs []float32, total float32) {
	for _, o := range objects {
		if !o.Visible() {
			hs = append(hs, 0)
			continue
		}
		o.Resize(fyne.NewSize(width, o.MinSize().Height))
		h := o.MinSize().Height
		hs = append(hs, h)
		total += h + theme.Padding()
	}
	return hs, max(0, total-theme.Padding())
}

func (l *widthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	hs, _ := l.heights(objects, size.Width)
	y := float32(0)
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		y += hs[i] + theme.Padding()
	}
}

func (l *widthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	_, h := l.heights(objects, l.width)
	return fyne.NewSize(l.width, h)
}

// ConfirmTrustCertificate explains a certificate that failed verification
// and asks whether to trust it; trusting pins its fingerprint for the account.
func ConfirmTrustCertificate(win fyne.Window, ce *app.CertificateError, onTrust func()) {
	text := lang.L("cert.explain", map[string]any{"Host": ce.Host, "Reason": ce.Reason.Error(), "Fingerprint": ce.Fingerprint, "Subject": ce.Subject})
	// Trusting a certificate that failed verification is the risky step:
	// Cancel is the default, with a warning icon.
	confirmRisk(lang.L("The server's certificate could not be verified"), text, lang.L("Trust this certificate"), onTrust, win)
}
