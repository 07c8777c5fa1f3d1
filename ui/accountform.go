package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
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
}

func newAccountForm(initial app.Account) *accountForm {
	f := &accountForm{name: widget.NewEntry(), email: widget.NewEntry(), host: widget.NewEntry(), port: widget.NewEntry(),
		user: widget.NewEntry(), password: widget.NewPasswordEntry(), security: widget.NewSelect(securityLabels(), nil), initial: initial,
		authServ: widget.NewEntry()}
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
	}
	return f
}

func (f *accountForm) items() []*widget.FormItem {
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Your name"), f.name),
		widget.NewFormItem(lang.L("Email address"), f.email),
		widget.NewFormItem(lang.L("IMAP server"), f.host),
		widget.NewFormItem(lang.L("Security"), f.security),
		widget.NewFormItem(lang.L("Port"), f.port),
		widget.NewFormItem(lang.L("User name"), f.user),
		widget.NewFormItem(lang.L("Password"), f.password),
		widget.NewFormItem(lang.L("Trusted authentication server (authserv-id)"), f.authServ),
		widget.NewFormItem("", wrapped(lang.L("form.authserv.note"))),
	}
	items[6].HintText = lang.L("form.password.hint")
	items[7].HintText = lang.L("form.authserv.hint")
	return items
}

// account reads what was typed.
func (f *accountForm) account() (app.Account, string) {
	sec := app.SecurityTLS
	if i := f.security.SelectedIndex(); i >= 0 && i < len(securityChoices) {
		sec = securityChoices[i] // by position: the labels follow the language
	}
	p, _ := strconv.Atoi(strings.TrimSpace(f.port.Text))
	return app.Account{Name: strings.TrimSpace(f.name.Text), Email: strings.TrimSpace(f.email.Text), Host: strings.TrimSpace(f.host.Text),
		Port: p, Security: sec, Username: strings.TrimSpace(f.user.Text), PinnedCert: f.initial.PinnedCert,
		AuthServID: strings.TrimSpace(f.authServ.Text)}, f.password.Text
}

// ShowAccountForm asks for an account's settings and its password. onSave
// gets what was typed; it returns an error to show (the form comes back with
// what was typed), or nil to close.
func ShowAccountForm(win fyne.Window, title string, initial app.Account, onSave func(app.Account, string) error) {
	f := newAccountForm(initial)
	d := dialog.NewForm(title, lang.L("Save"), lang.L("Cancel"), f.items(), func(ok bool) {
		if !ok {
			return
		}
		a, password := f.account()
		if err := onSave(a, password); err != nil {
			dialog.ShowError(readerError{err}, win)
			ShowAccountForm(win, title, a, onSave)
		}
	}, win)
	d.Resize(fyne.NewSize(560, 560))
	d.Show()
}

// AskPassword asks for a password the keyring does not hold (or when there
// is no keyring); it is used for this session only and never written down.
func AskPassword(win fyne.Window, a app.Account, reason string, onPassword func(string)) {
	p := widget.NewPasswordEntry()
	msg := widget.NewLabel(reason)
	msg.Wrapping = fyne.TextWrapWord
	dialog.ShowForm(lang.L("Password for {{.Account}}", map[string]any{"Account": a.Username + "@" + a.Host}), lang.L("Connect"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", msg), widget.NewFormItem(lang.L("Password"), p)},
		func(ok bool) {
			if ok {
				onPassword(p.Text)
			}
		}, win)
}

// ConfirmTrustCertificate explains a certificate that failed verification
// and asks whether to trust it; trusting pins its fingerprint for the account.
func ConfirmTrustCertificate(win fyne.Window, ce *app.CertificateError, onTrust func()) {
	text := lang.L("cert.explain", map[string]any{"Host": ce.Host, "Reason": ce.Reason.Error(), "Fingerprint": ce.Fingerprint, "Subject": ce.Subject})
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	label.Selectable = true
	d := dialog.NewCustomConfirm(lang.L("The server's certificate could not be verified"), lang.L("Trust this certificate"), lang.L("Cancel"),
		label, func(ok bool) {
			if ok {
				onTrust()
			}
		}, win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}
