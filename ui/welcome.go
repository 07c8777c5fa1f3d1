package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// NewWelcomeWindow is the first run: open the demo mailbox, add an account,
// or change settings (the language first of all).
func NewWelcomeWindow(a fyne.App, onDemo, onAdd, onSettings func(w fyne.Window)) fyne.Window {
	w := a.NewWindow("mailsafe")
	heading := widget.NewLabelWithStyle(lang.L("Welcome to mailsafe"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(lang.L("welcome.text"))
	text.Wrapping = fyne.TextWrapWord
	demo := widget.NewButton(lang.L("Open the demo mailbox"), func() { onDemo(w) })
	demo.Importance = widget.HighImportance
	add := widget.NewButton(lang.L("Add an account"), func() { onAdd(w) })
	settings := widget.NewButtonWithIcon(lang.L("Settings…"), theme.SettingsIcon(), func() { onSettings(w) })
	buttons := container.NewHBox(demo, add, layout.NewSpacer(), settings)
	w.SetContent(container.NewPadded(container.NewBorder(heading, buttons, nil, nil, text)))
	w.Resize(fyne.NewSize(600, 280))
	return w
}
