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

// securityChoices are the connection security options as the form shows them.
var securityChoices = []string{"TLS (993)", "STARTTLS (143)", "None (this computer only)"}

func securityOf(choice string) (app.Security, int) {
	switch choice {
	case securityChoices[1]:
		return app.SecurityStartTLS, 143
	case securityChoices[2]:
		return app.SecurityNone, 143
	}
	return app.SecurityTLS, 993
}

// ShowAccountForm asks for an account's settings and its password. onSave
// gets what was typed; it returns an error to show, or nil to close.
func ShowAccountForm(win fyne.Window, initial app.Account, onSave func(app.Account, string) error) {
	name, email, host, user := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	port := widget.NewEntry()
	password := widget.NewPasswordEntry()
	security := widget.NewSelect(securityChoices, nil)
	name.SetText(initial.Name)
	email.SetText(initial.Email)
	host.SetText(initial.Host)
	user.SetText(initial.Username)
	email.SetPlaceHolder("you@example.com")
	host.SetPlaceHolder("imap.example.com")
	security.SetSelected(securityChoices[0])
	if initial.Security == app.SecurityStartTLS {
		security.SetSelected(securityChoices[1])
	} else if initial.Security == app.SecurityNone {
		security.SetSelected(securityChoices[2])
	}
	if initial.Port != 0 {
		port.SetText(strconv.Itoa(initial.Port))
	}
	security.OnChanged = func(s string) {
		if _, p := securityOf(s); port.Text == "" || port.Text == "993" || port.Text == "143" {
			port.SetText(strconv.Itoa(p))
		}
	}
	email.OnChanged = func(s string) { // a sensible start for the user name
		if user.Text == "" || strings.Contains(s, user.Text) {
			user.SetText(s)
		}
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Your name"), name),
		widget.NewFormItem(lang.L("Email address"), email),
		widget.NewFormItem(lang.L("IMAP server"), host),
		widget.NewFormItem(lang.L("Security"), security),
		widget.NewFormItem(lang.L("Port"), port),
		widget.NewFormItem(lang.L("User name"), user),
		widget.NewFormItem(lang.L("Password"), password),
	}
	items[6].HintText = lang.L("form.password.hint")
	var d dialog.Dialog
	d = dialog.NewForm(lang.L("Add an account"), lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		sec, _ := securityOf(security.Selected)
		p, _ := strconv.Atoi(strings.TrimSpace(port.Text))
		a := app.Account{Name: strings.TrimSpace(name.Text), Email: strings.TrimSpace(email.Text), Host: strings.TrimSpace(host.Text),
			Port: p, Security: sec, Username: strings.TrimSpace(user.Text), PinnedCert: initial.PinnedCert}
		if err := onSave(a, password.Text); err != nil {
			dialog.ShowError(err, win)
			ShowAccountForm(win, a, onSave) // keep what was typed
		}
	}, win)
	d.Resize(fyne.NewSize(520, 460))
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
