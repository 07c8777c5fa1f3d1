package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// NewWelcomeWindow is the first run: open the demo mailbox, or add an account.
func NewWelcomeWindow(a fyne.App, onDemo, onAdd func(w fyne.Window)) fyne.Window {
	w := a.NewWindow("mailsafe")
	heading := widget.NewLabelWithStyle(lang.L("Welcome to mailsafe"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(lang.L("welcome.text"))
	text.Wrapping = fyne.TextWrapWord
	demo := widget.NewButton(lang.L("Open the demo mailbox"), func() { onDemo(w) })
	demo.Importance = widget.HighImportance
	add := widget.NewButton(lang.L("Add an account"), func() { onAdd(w) })
	w.SetContent(container.NewPadded(container.NewBorder(heading, container.NewHBox(demo, add), nil, nil, text)))
	w.Resize(fyne.NewSize(560, 260))
	return w
}
