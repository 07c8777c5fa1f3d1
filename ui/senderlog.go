package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
)

// senderLog is "What the sender saw": the requests the demo's beacon server
// recorded, as a sender's server would log them. A trainer loads images and
// the record appears.
type senderLog struct {
	hits  func() []app.Hit
	lines *widget.Label
	root  fyne.CanvasObject
}

func newSenderLog(hits func() []app.Hit) *senderLog {
	l := &senderLog{hits: hits}
	title := container.NewHBox(widget.NewIcon(theme.VisibilityIcon()),
		widget.NewLabelWithStyle(lang.L("What the sender saw"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	intro := widget.NewLabel(lang.L("senderlog.intro"))
	intro.Wrapping = fyne.TextWrapWord
	l.lines = widget.NewLabel("")
	l.lines.Wrapping = fyne.TextWrapWord
	l.lines.Selectable = true
	l.root = container.NewVScroll(container.NewVBox(title, intro, l.lines))
	l.refresh()
	return l
}

func (l *senderLog) object() fyne.CanvasObject { return l.root }

// refresh shows the record as it is now, newest first.
func (l *senderLog) refresh() {
	hits := l.hits()
	if len(hits) == 0 {
		l.lines.SetText(lang.L("senderlog.none"))
		return
	}
	var b strings.Builder
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		fmt.Fprintf(&b, "%s  %s %s\n", h.Time.Local().Format("15:04:05"), h.Method, h.URL)
		b.WriteString("    " + lang.L("senderlog.from", map[string]any{"IP": h.RemoteIP, "Agent": h.UserAgent}) + "\n")
		if h.Recipient != "" {
			b.WriteString("    " + lang.L("senderlog.recipient", map[string]any{"ID": h.Recipient}) + "\n")
		}
		if h.Cookie != "" || h.Referer != "" || h.Language != "" {
			b.WriteString("    " + lang.L("senderlog.extra", map[string]any{"Cookie": h.Cookie, "Referer": h.Referer, "Language": h.Language}) + "\n")
		}
	}
	l.lines.SetText(strings.TrimRight(b.String(), "\n"))
}
