package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
)

// sidebar is the right pane, where the findings about the open message are
// explained. Until the analysis issues land it shows that none were made, and
// the notes on the message's form that the parser left.
type sidebar struct {
	findings *widget.Label
	notes    *widget.Label
	notesBox *fyne.Container
	root     fyne.CanvasObject
}

func newSidebar() *sidebar {
	s := &sidebar{}
	title := widget.NewLabelWithStyle(lang.L("Findings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.findings = widget.NewLabel(lang.L("sidebar.empty"))
	s.findings.Wrapping = fyne.TextWrapWord
	s.notes = widget.NewLabel("")
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.Selectable = true
	s.notesBox = container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Notes on the message's form"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.notes)
	s.notesBox.Hide()
	s.root = container.NewVScroll(container.NewVBox(title, s.findings, s.notesBox))
	return s
}

func (s *sidebar) object() fyne.CanvasObject { return s.root }

func (s *sidebar) show(v *mailview.View) {
	if len(v.Message.Problems) == 0 {
		s.notesBox.Hide()
		return
	}
	text := ""
	for i, p := range v.Message.Problems {
		if i > 0 {
			text += "\n"
		}
		if p.Part != "" {
			text += "part " + p.Part + ": "
		}
		text += p.Detail
	}
	s.notes.SetText(text)
	s.notesBox.Show()
}
