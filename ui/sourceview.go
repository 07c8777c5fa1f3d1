package ui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
)

// maxSourceShown caps the raw source shown in the window; the rest is noted.
const maxSourceShown = 512 << 10

// maxHeaderFieldShown is how much of one header field the Headers window shows.
const maxHeaderFieldShown = 16 << 10

// showText opens a window with read-only, selectable monospace text, a
// copy button and a Close button (Escape closes it too): the header view
// and the raw source view.
func showText(a fyne.App, title, text string) fyne.Window {
	w := a.NewWindow(title)
	l := widget.NewLabel(text)
	l.Selectable = true
	l.TextStyle = fyne.TextStyle{Monospace: true}
	l.Wrapping = fyne.TextWrapBreak
	copyBtn := widget.NewButton(lang.L("Copy"), func() { a.Clipboard().SetContent(text) })
	closeBtn := widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), w.Close)
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	buttons := container.NewBorder(nil, nil, copyBtn, closeBtn)
	w.SetContent(container.NewBorder(nil, buttons, nil, nil, container.NewScroll(l)))
	w.Resize(fyne.NewSize(820, 600))
	w.Show()
	return w
}

// headerText lists every header field as received, unfolded, one per line.
func headerText(v *mailview.View) string {
	var b strings.Builder
	for _, f := range v.Message.Header.Fields {
		value, note := f.Value, ""
		if len(value) > maxHeaderFieldShown {
			// A 5 MB Subject would freeze the window that shows it.
			cut := maxHeaderFieldShown
			for cut > 0 && !utf8.RuneStart(value[cut]) {
				cut--
			}
			value, note = value[:cut], " "+lang.L("header.cut", map[string]any{"Size": app.HumanSize(int64(len(f.Value) - cut))})
		}
		b.WriteString(f.Name + ": " + strings.ToValidUTF8(value, "\uFFFD") + note + "\n")
	}
	return b.String()
}

// sourceText is the raw message as text (invalid UTF-8 shown as U+FFFD),
// cut at maxSourceShown.
func sourceText(v *mailview.View) string {
	raw := v.Message.Raw
	note := ""
	if len(raw) > maxSourceShown {
		raw, note = raw[:maxSourceShown], "\n"+lang.L("source.cut")
	}
	s := string(raw)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ReplaceAll(s, "\r\n", "\n") + note
}
