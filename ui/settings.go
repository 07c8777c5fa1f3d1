package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
)

// SettingsWindow edits what app.Settings keeps: the accounts (and the
// certificates trusted for them), reading, the senders whose images load
// without asking, and the language. Every change is saved at once.
type SettingsWindow struct {
	Window    fyne.Window
	settings  *app.Settings
	languages *Languages
	open      func(app.Account) // opens an account's mailbox; may be nil
	// do runs a function on the UI goroutine (fyne.Do; a test loop in tests):
	// how work done off it (the keyring) comes back.
	do func(func())

	// OnAccountSaved, when set, is called after an account was saved (old
	// is nil for a new one) with the password typed (may be empty);
	// noKeyring says the keyring could not keep it.
	OnAccountSaved func(old *app.Account, a app.Account, password string, noKeyring bool)
	// OnAccountRemoved, when set, is called after an account was removed.
	OnAccountRemoved func(a app.Account)
	// NoKeyring, when set, tells whether passwords can only be kept for
	// the session; the form says where a typed password is kept.
	NoKeyring func() bool

	// OnLanguageChanged, when set, is called after the reader chose another
	// language and the settings window has switched to it.
	OnLanguageChanged func()

	language   *widget.RadioGroup
	markRead   *widget.Check
	verifyDKIM *widget.Check
	proxy      *widget.Entry
	proxyState *flowText
	reportTo   *widget.Entry
	reportSave *widget.Button
	reportNote *flowText

	myAddresses, myContacts *widget.Entry // Settings → My addresses
	identitySave            *widget.Button

	corr settingsCorrespondents // Settings → Correspondents (settings_correspondents.go)
}

// languageChoices are the language options in the order the window shows them.
var languageChoices = [...]string{app.LanguageSystem, app.LanguageEnglish, app.LanguageJapanese}

// languageLabel names a language choice; each language is written in itself.
func languageLabel(choice string) string {
	switch choice {
	case app.LanguageEnglish:
		return "English"
	case app.LanguageJapanese:
		return "日本語"
	}
	return lang.L("Follow the system")
}

// NewSettingsWindow builds the settings window. open, when set, opens an
// account from its row.
func NewSettingsWindow(a fyne.App, s *app.Settings, l *Languages, open func(app.Account)) *SettingsWindow {
	sw := &SettingsWindow{Window: a.NewWindow(""), settings: s, languages: l, open: open, do: fyne.Do}
	sw.build()
	sw.Window.Resize(fyne.NewSize(720, 640))
	return sw
}

// build lays the window out from the current settings, in the current
// language; it runs again after every change.
func (sw *SettingsWindow) build() {
	sw.Window.SetTitle("mailsafe — " + lang.L("Settings"))
	closeBtn := widget.NewButton(lang.L("Close"), sw.Window.Close)
	sections := container.NewVBox(
		sw.languageSection(),
		sw.identitySection(),
		sw.correspondentsSection(),
		sw.accountsSection(),
		sw.signInSection(),
		sw.readingSection(),
		sw.proxySection(),
		sw.reportSection(),
		sw.trustedSendersSection(),
	)
	sw.Window.SetContent(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, newVScroll(sections)))
	sw.Window.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name != fyne.KeyEscape {
			return
		}
		if dialogOpen(sw.Window.Canvas()) {
			closeTopDialog(sw.Window.Canvas())
		} else {
			sw.Window.Close()
		}
	})
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func wrapped(text string) *flowText { return newWrapLabel(text) }

func (sw *SettingsWindow) languageSection() fyne.CanvasObject {
	labels := make([]string, len(languageChoices))
	for i, c := range languageChoices {
		labels[i] = languageLabel(c)
	}
	sw.language = widget.NewRadioGroup(labels, nil)
	sw.language.Horizontal = true
	sw.language.Required = true
	sw.language.SetSelected(languageLabel(sw.settings.Language()))
	sw.language.OnChanged = func(label string) {
		for _, c := range languageChoices {
			if languageLabel(c) == label && c != sw.settings.Language() {
				sw.settings.SetLanguage(c)
				sw.languages.Apply(c)
				sw.build() // the window speaks the new language at once
				if sw.OnLanguageChanged != nil {
					sw.OnLanguageChanged()
				}
				return
			}
		}
	}
	return container.NewVBox(heading(lang.L("Language")), sw.language, widget.NewSeparator())
}

func (sw *SettingsWindow) accountsSection() fyne.CanvasObject {
	box := container.NewVBox(heading(lang.L("Accounts")))
	accounts, err := sw.settings.Accounts()
	if err != nil {
		box.Add(wrapped(errorText(err)))
	}
	if len(accounts) == 0 && err == nil {
		box.Add(wrapped(lang.L("No account yet. Add one to read your mail, or open the demo mailbox.")))
	}
	for _, a := range accounts {
		box.Add(sw.accountRow(a))
	}
	add := widget.NewButtonWithIcon(lang.L("Add an account…"), theme.ContentAddIcon(), func() {
		sw.accountForm(lang.L("Add an account"), nil, app.Account{Security: app.SecurityTLS, Port: 993}, func(a app.Account, password string) error {
			return sw.settings.SaveAccount(a, password)
		})
	})
	box.Add(container.NewHBox(add))
	box.Add(widget.NewSeparator())
	return box
}

// accountRow shows one account with its server and any trusted certificate.
func (sw *SettingsWindow) accountRow(a app.Account) fyne.CanvasObject {
	name := a.Email
	if a.Name != "" {
		name = a.Name + " <" + a.Email + ">"
	}
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	server := widget.NewLabel(fmt.Sprintf("%s@%s:%d, %s", a.Username, a.Host, a.Port, securityLabel(a.Security)))
	row := container.NewVBox(title, server)
	if a.AuthServID != "" {
		key := "settings.authserv"
		if a.AuthServDetected {
			key = "settings.authserv.detected" // found in the account's mail; Edit changes it
		}
		row.Add(wrapped(lang.L(key, map[string]any{"ID": a.AuthServID})))
	}
	if a.PinnedCert != "" {
		cert := widget.NewLabel(lang.L("settings.cert", map[string]any{"Fingerprint": groupedFingerprint(a.PinnedCert)}))
		cert.Wrapping = fyne.TextWrapWord // selectable: the fingerprint may be copied
		cert.Selectable = true
		forget := widget.NewButton(lang.L("Forget this certificate"), func() {
			dialog.ShowConfirm(lang.L("Forget this certificate"), lang.L("settings.cert.forget", map[string]any{"Host": a.Host}), func(ok bool) {
				if ok {
					sw.inBackground(lang.L("Forgetting the certificate…"), func() error { return sw.settings.ForgetCertificate(a) }, sw.showError)
				}
			}, sw.Window)
		})
		row.Add(cert)
		row.Add(container.NewHBox(forget))
	}
	edit := widget.NewButtonWithIcon(lang.L("Edit…"), theme.DocumentCreateIcon(), func() {
		sw.accountForm(lang.L("Edit account"), &a, a, func(changed app.Account, password string) error {
			return sw.settings.UpdateAccount(a, changed, password)
		})
	})
	remove := widget.NewButtonWithIcon(lang.L("Remove…"), theme.DeleteIcon(), func() {
		dialog.ShowConfirm(lang.L("Remove this account?"), lang.L("settings.account.remove", map[string]any{"Account": a.Email}), func(ok bool) {
			if ok {
				sw.inBackground(lang.L("Removing the account…"), func() error { return sw.settings.RemoveAccount(a) }, func(err error) {
					if sw.OnAccountRemoved != nil && !sw.hasAccount(a) { // gone, even if the keyring kept its password
						sw.OnAccountRemoved(a)
					}
					sw.showError(err)
				})
			}
		}, sw.Window)
	})
	buttons := container.NewHBox(edit, remove)
	if sw.open != nil {
		buttons.Objects = append([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("Open"), theme.MailComposeIcon(), func() { sw.open(a) })}, buttons.Objects...)
	}
	row.Add(buttons)
	return row
}

// accountForm asks for an account's settings and saves them with save off
// the UI goroutine (the keyring may wait for the reader to unlock it), with
// progress shown. When saving fails the error is shown, and once read the
// form comes back with what was typed. No keyring is no failure: the
// password is then asked for each session.
func (sw *SettingsWindow) accountForm(title string, old *app.Account, initial app.Account, save func(app.Account, string) error) {
	var onSave func(app.Account, string) error
	onSave = func(a app.Account, password string) error {
		sw.inBackground(lang.L("Saving the account…"), func() error { return save(a, password) }, func(err error) {
			if err == nil || errors.Is(err, app.ErrNoKeyring) {
				if sw.OnAccountSaved != nil {
					sw.OnAccountSaved(old, a, password, err != nil)
				}
				return
			}
			d := dialog.NewError(readerError{err}, sw.Window)
			d.SetOnClosed(func() { ShowAccountForm(sw.Window, title, a, sw.formEnv(), onSave) }) // what was typed, to correct
			d.Show()
		})
		return nil
	}
	ShowAccountForm(sw.Window, title, initial, sw.formEnv(), onSave)
}

// formEnv is what the account form needs: the keyring's state and the settings.
func (sw *SettingsWindow) formEnv() FormEnv {
	return FormEnv{NoKeyring: sw.noKeyring(), Settings: sw.settings, Do: sw.do}
}

// hasAccount tells whether the settings still hold the account.
func (sw *SettingsWindow) hasAccount(a app.Account) bool {
	list, _ := sw.settings.Accounts()
	for _, x := range list {
		if accountKey(x) == accountKey(a) {
			return true
		}
	}
	return false
}

// noKeyring tells whether passwords are kept for the session only.
func (sw *SettingsWindow) noKeyring() bool { return sw.NoKeyring != nil && sw.NoKeyring() }

// inBackground runs work off the UI goroutine with an infinite progress bar
// over the window; back on the UI goroutine (through sw.do) the window is
// rebuilt from the settings and done gets work's error.
func (sw *SettingsWindow) inBackground(what string, work func() error, done func(error)) {
	d := dialog.NewCustomWithoutButtons(lang.L("mailsafe"), container.NewVBox(widget.NewLabel(what), widget.NewProgressBarInfinite()), sw.Window)
	d.Show()
	go func() {
		err := work()
		sw.do(func() {
			d.Hide()
			sw.build()
			done(err)
		})
	}()
}

// showError shows err, if any, over the window; no keyring is not shown
// (the password is asked for when connecting).
func (sw *SettingsWindow) showError(err error) {
	if err != nil && !errors.Is(err, app.ErrNoKeyring) {
		dialog.ShowError(readerError{err}, sw.Window)
	}
}

func (sw *SettingsWindow) readingSection() fyne.CanvasObject {
	sw.markRead = widget.NewCheck(lang.L("Mark messages as read when I open them"), sw.settings.SetMarkReadWhenOpened)
	sw.markRead.SetChecked(sw.settings.MarkReadWhenOpened())
	sw.verifyDKIM = widget.NewCheck(lang.L("Verify DKIM signatures"), sw.settings.SetVerifyDKIM)
	sw.verifyDKIM.SetChecked(sw.settings.VerifyDKIM())
	return container.NewVBox(heading(lang.L("Reading")), sw.markRead, wrapped(lang.L("settings.markread.note")),
		sw.verifyDKIM, wrapped(lang.L("settings.dkim.note")), widget.NewSeparator())
}

func (sw *SettingsWindow) proxySection() fyne.CanvasObject {
	sw.proxy = widget.NewEntry()
	sw.proxy.SetPlaceHolder("socks5://127.0.0.1:9050")
	if p := sw.settings.Proxy(); p != nil {
		sw.proxy.SetText(p.String())
	}
	sw.proxyState = newWrapLabel("")
	save := widget.NewButton(lang.L("Save"), func() {
		if err := sw.settings.SetProxy(sw.proxy.Text); err != nil {
			sw.proxyState.SetImportance(widget.DangerImportance)
			sw.proxyState.SetText(errorText(err))
			return
		}
		sw.proxyState.SetImportance(widget.MediumImportance)
		if sw.settings.Proxy() == nil {
			sw.proxyState.SetText(lang.L("settings.proxy.none"))
		} else {
			sw.proxyState.SetText(lang.L("settings.proxy.saved"))
		}
	})
	return container.NewVBox(heading(lang.L("Image proxy")), wrapped(lang.L("settings.proxy.note")),
		container.NewBorder(nil, nil, nil, save, sw.proxy), sw.proxyState, widget.NewSeparator())
}

func (sw *SettingsWindow) reportSection() fyne.CanvasObject {
	sw.reportTo = widget.NewEntry()
	sw.reportTo.SetPlaceHolder("security@example.com")
	sw.reportTo.SetText(sw.settings.ReportAddress())
	sw.reportNote = newWrapLabel("")
	sw.reportSave = widget.NewButton(lang.L("Save"), func() {
		if err := sw.settings.SetReportAddress(sw.reportTo.Text); err != nil {
			sw.reportNote.SetImportance(widget.DangerImportance)
			sw.reportNote.SetText(errorText(err))
			return
		}
		sw.reportNote.SetImportance(widget.MediumImportance)
		sw.reportNote.SetText(lang.L("Saved."))
	})
	return container.NewVBox(heading(lang.L("Security team")), wrapped(lang.L("settings.report.note")),
		container.NewBorder(nil, nil, nil, sw.reportSave, sw.reportTo), sw.reportNote, widget.NewSeparator())
}

func (sw *SettingsWindow) trustedSendersSection() fyne.CanvasObject {
	box := container.NewVBox(heading(lang.L("Senders whose images always load")))
	senders := sw.settings.TrustedSenders()
	if len(senders) == 0 {
		box.Add(wrapped(lang.L("settings.trusted.none")))
	}
	for _, addr := range senders {
		remove := widget.NewButtonWithIcon(lang.L("Remove"), theme.DeleteIcon(), func() {
			sw.settings.UntrustSender(addr)
			sw.build()
		})
		box.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(addr)))
	}
	if len(senders) > 0 {
		box.Add(wrapped(lang.L("settings.trusted.note")))
	}
	return box
}

// groupedFingerprint writes a hex fingerprint in colon-separated pairs, the
// way certificate viewers show it, so it can be compared by eye.
func groupedFingerprint(hex string) string {
	hex = strings.ToUpper(hex)
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i:min(i+2, len(hex))])
	}
	return b.String()
}
