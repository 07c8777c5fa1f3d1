package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// WelcomeWindow is the first run: open the demo mailbox, add an account,
// or change settings (the language first of all).
type WelcomeWindow struct {
	Window                    fyne.Window
	onDemo, onAdd, onSettings func(w fyne.Window)
}

// NewWelcomeWindow builds the first-run window.
func NewWelcomeWindow(a fyne.App, onDemo, onAdd, onSettings func(w fyne.Window)) *WelcomeWindow {
	ww := &WelcomeWindow{Window: a.NewWindow("mailsafe"), onDemo: onDemo, onAdd: onAdd, onSettings: onSettings}
	ww.Retranslate()
	ww.Window.Resize(fyne.NewSize(600, 280))
	return ww
}

// Retranslate lays the window out in the current language.
func (ww *WelcomeWindow) Retranslate() {
	w := ww.Window
	heading := widget.NewLabelWithStyle(lang.L("Welcome to mailsafe"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := newWrapLabel(lang.L("welcome.text"))
	demo := widget.NewButton(lang.L("Open the demo mailbox"), func() { ww.onDemo(w) })
	demo.Importance = widget.HighImportance
	add := widget.NewButton(lang.L("Add an account"), func() { ww.onAdd(w) })
	settings := widget.NewButtonWithIcon(lang.L("Settings…"), theme.SettingsIcon(), func() { ww.onSettings(w) })
	buttons := container.NewHBox(demo, add, layout.NewSpacer(), settings)
	w.SetContent(container.NewPadded(container.NewBorder(heading, buttons, nil, nil, text)))
}
