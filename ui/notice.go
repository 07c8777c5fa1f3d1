package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// NewNoticeWindow is a small window that explains why there is nothing to
// show yet and what to do instead; Close quits the app.
func NewNoticeWindow(a fyne.App, title, text string) fyne.Window {
	w := a.NewWindow(title)
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	closeBtn := widget.NewButton(lang.L("Close"), func() { a.Quit() })
	closeBtn.Importance = widget.HighImportance
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewPadded(container.NewBorder(heading, container.NewHBox(closeBtn), nil, nil, msg)))
	w.Resize(fyne.NewSize(520, 220))
	return w
}
