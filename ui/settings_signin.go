package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app/oauth"
)

// signInSection is Settings → Work sign-in: the client IDs an organization
// registered with Microsoft and Google, the default of every account that
// names none of its own (and Google's client "secret", which desktop
// clients are given in the open).
func (sw *SettingsWindow) signInSection() fyne.CanvasObject {
	ms, google, secret := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	ms.SetText(sw.settings.DefaultClientID(oauth.Microsoft))
	google.SetText(sw.settings.DefaultClientID(oauth.Google))
	secret.SetText(sw.settings.DefaultClientSecret(oauth.Google))
	ms.SetPlaceHolder("00000000-0000-0000-0000-000000000000")
	google.SetPlaceHolder("….apps.googleusercontent.com")
	note := widget.NewLabel("")
	save := widget.NewButton(lang.L("Save the client IDs"), func() {
		sw.settings.SetDefaultClientID(oauth.Microsoft, strings.TrimSpace(ms.Text))
		sw.settings.SetDefaultClientID(oauth.Google, strings.TrimSpace(google.Text))
		sw.settings.SetDefaultClientSecret(oauth.Google, strings.TrimSpace(secret.Text))
		note.SetText(lang.L("Saved."))
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Microsoft client ID"), ms),
		widget.NewFormItem(lang.L("Google client ID"), google),
		widget.NewFormItem(lang.L("Google client secret"), secret),
	)
	return container.NewVBox(heading(lang.L("Work sign-in (OAuth2)")), wrapped(lang.L("settings.signin.note")), form,
		container.NewHBox(save), note, widget.NewSeparator())
}
