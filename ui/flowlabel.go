package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newWrapLabel is a label whose text wraps the way the message body does
// (flowText): between CJK characters with the basic kinsoku rules, at
// spaces, and inside a word only when it alone is wider than the space. A
// Fyne label with TextWrapWord breaks only at spaces, so Japanese prose
// breaks wherever a line happens to end ("⏎。", "⏎）"). Every wrapped text
// that can hold Japanese (finding titles, the verdict banner, notes,
// dialogs) is one of these.
func newWrapLabel(text string) *flowText {
	return newStyledWrapLabel(text, fyne.TextStyle{}, widget.MediumImportance)
}

// newStyledWrapLabel is newWrapLabel in a text style, coloured like a
// label of that importance.
func newStyledWrapLabel(text string, style fyne.TextStyle, importance widget.Importance) *flowText {
	st := widget.RichTextStyleParagraph
	st.TextStyle = style
	st.ColorName = importanceColor(importance)
	return newFlowText([]flowRun{{text: text, style: st}})
}

// SetText replaces the text, keeping its style; line breaks in it stay.
func (f *flowText) SetText(text string) {
	st := widget.RichTextStyleParagraph
	if len(f.runs) > 0 {
		st = f.runs[0].style
	}
	f.runs = []flowRun{{text: text, style: st}}
	f.Refresh()
}

// Resize lays the text out at the new size. When that changes its height
// (more or fewer lines at the new width), the window is asked to draw again,
// and so to lay out what holds the text at its new minimum height, as a
// Fyne label does: otherwise a box sized for one line keeps cutting two.
func (f *flowText) Resize(size fyne.Size) {
	h := f.height
	f.BaseWidget.Resize(size)
	if f.height != h {
		canvas.Refresh(f)
	}
}

// SetImportance colours the text like a label of that importance.
func (f *flowText) SetImportance(importance widget.Importance) {
	for i := range f.runs {
		f.runs[i].style.ColorName = importanceColor(importance)
	}
	f.Refresh()
}

// SetTextStyle sets the text's style (bold, italic).
func (f *flowText) SetTextStyle(style fyne.TextStyle) {
	for i := range f.runs {
		f.runs[i].style.TextStyle = style
	}
	f.Refresh()
}

// importanceColor is the text colour a Fyne label of that importance uses.
func importanceColor(importance widget.Importance) fyne.ThemeColorName {
	switch importance {
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	case widget.HighImportance:
		return theme.ColorNamePrimary
	}
	return theme.ColorNameForeground
}
