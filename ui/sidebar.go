package ui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/assets"
	"mailsafe/mailview"
)

// maxSidebarEvidence is how many evidence lines a finding shows.
const maxSidebarEvidence = 5

// sidebar is the right pane, where the findings about the open message are
// explained, followed by notes on the message's form that the parser left.
type sidebar struct {
	findings *fyne.Container
	empty    *widget.Label
	notes    *widget.Label
	notesBox *fyne.Container
	root     fyne.CanvasObject
}

func newSidebar() *sidebar {
	s := &sidebar{}
	title := widget.NewLabelWithStyle(lang.L("Findings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.empty = widget.NewLabel(lang.L("sidebar.empty"))
	s.empty.Wrapping = fyne.TextWrapWord
	s.findings = container.NewVBox()
	s.notes = widget.NewLabel("")
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.Selectable = true
	s.notesBox = container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Notes on the message's form"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.notes)
	s.notesBox.Hide()
	s.root = container.NewVScroll(container.NewVBox(title, s.empty, s.findings, s.notesBox))
	return s
}

func (s *sidebar) object() fyne.CanvasObject { return s.root }

func (s *sidebar) show(v *mailview.View) {
	s.findings.Objects = nil
	// Danger first, then warnings, then information; within one, as found.
	rank := map[mailview.Severity]int{mailview.SeverityDanger: 0, mailview.SeverityWarn: 1, mailview.SeverityInfo: 2}
	ordered := append([]mailview.Finding(nil), v.Findings...)
	sort.SliceStable(ordered, func(i, j int) bool { return rank[ordered[i].Severity] < rank[ordered[j].Severity] })
	for _, f := range ordered {
		s.findings.Add(findingCard(f, readerLanguage()))
	}
	s.findings.Refresh()
	if len(v.Findings) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	if len(v.Message.Problems) == 0 {
		s.notesBox.Hide()
		return
	}
	var lines []string
	for _, p := range v.Message.Problems {
		line := p.Detail
		if p.Part != "" {
			line = "part " + p.Part + ": " + line
		}
		lines = append(lines, line)
	}
	s.notes.SetText(strings.Join(lines, "\n"))
	s.notesBox.Show()
}

// findingCard shows one finding: its severity as an icon and a word (so it
// reads without colour), the title, the detail and the first evidence lines.
func findingCard(f mailview.Finding, language string) fyne.CanvasObject {
	icon, word := theme.InfoIcon(), lang.L("severity.info")
	importance := widget.MediumImportance
	switch f.Severity {
	case mailview.SeverityWarn:
		icon, word, importance = theme.WarningIcon(), lang.L("severity.warn"), widget.WarningImportance
	case mailview.SeverityDanger:
		icon, word, importance = theme.ErrorIcon(), lang.L("severity.danger"), widget.DangerImportance
	}
	title := widget.NewLabelWithStyle(word+": "+f.Title.In(language), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	title.Importance = importance
	detail := widget.NewLabel(f.Detail.In(language))
	detail.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, title), detail)
	if len(f.Evidence) > 0 {
		ev := f.Evidence
		if len(ev) > maxSidebarEvidence {
			ev = append(append([]string(nil), ev[:maxSidebarEvidence]...), "…")
		}
		evidence := widget.NewLabel(strings.Join(ev, "\n"))
		evidence.Wrapping = fyne.TextWrapBreak
		evidence.Selectable = true
		evidence.TextStyle = fyne.TextStyle{Monospace: true}
		box.Add(evidence)
	}
	box.Add(widget.NewSeparator())
	return box
}

// readerLanguage is the language the interface speaks: "ja" or "en". It
// follows the same environment variables, in the same order, as Fyne's lang.
func readerLanguage() string { return assets.LocaleLanguage() }
