package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// verdictBanner is the line over a message that says, in words, colour and
// an icon, what the analysis concluded about the whole message. It reads
// the verdict of the View and never re-derives it.
type verdictBanner struct {
	tint  *canvas.Rectangle
	icon  *widget.Icon
	text  *flowText
	level check.Level
	root  *fyne.Container
}

func newVerdictBanner() *verdictBanner {
	b := &verdictBanner{tint: canvas.NewRectangle(color.Transparent), icon: widget.NewIcon(nil),
		text: newStyledWrapLabel("", fyne.TextStyle{Bold: true}, widget.MediumImportance)}
	b.tint.CornerRadius = theme.InputRadiusSize()
	b.root = container.NewStack(b.tint, container.NewBorder(nil, nil, container.NewPadded(b.icon), nil, b.text))
	return b
}

// verdictText is what the banner says about v in the reader's language.
func verdictText(v *mailview.View, language string) string {
	reason := ""
	if len(v.Verdict.Reasons) > 0 {
		if f, ok := v.Finding(v.Verdict.Reasons[0]); ok { // its own, or a forwarded message's
			reason = f.Title.In(language)
		}
	}
	more := len(v.Verdict.Reasons) - 1
	switch v.Verdict.Level {
	case check.LevelDanger:
		return lang.L("verdict.danger", map[string]any{"Reason": reason, "More": more})
	case check.LevelCaution:
		return lang.L("verdict.caution", map[string]any{"Reason": reason, "More": more})
	}
	return lang.L("verdict.safe")
}

// show sets the banner for v. The words carry the verdict on their own; the
// tint and the icon repeat it. The text keeps the foreground colour so that
// it reads at full contrast on the tint in light and dark themes.
func (b *verdictBanner) show(v *mailview.View) {
	b.level = v.Verdict.Level
	b.text.SetText(verdictText(v, readerLanguage()))
	// A warning in bold; "no sign of a scam" in plain text, shorter, so
	// that a safe message's load bar stays in view at 1024×700.
	b.text.SetTextStyle(fyne.TextStyle{Bold: b.level != check.LevelSafe})
	var tint color.Color = color.Transparent
	switch b.level {
	case check.LevelDanger:
		b.icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		tint = withAlpha(theme.Color(theme.ColorNameError), 0x33)
	case check.LevelCaution:
		b.icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		tint = withAlpha(theme.Color(theme.ColorNameWarning), 0x33)
	default:
		b.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	}
	b.tint.FillColor = tint
	b.tint.Refresh()
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, bl, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: a}
}

// bidiMarks names the invisible characters that change the direction of
// text. A file name shows them as these visible marks instead of obeying
// them, so "invoice\u202Egpj.exe" cannot pass for "invoiceexe.jpg".
var bidiMarks = map[rune]string{
	'\u202a': "⟨LRE⟩", '\u202b': "⟨RLE⟩", '\u202c': "⟨PDF⟩", '\u202d': "⟨LRO⟩", '\u202e': "⟨RLO⟩",
	'\u2066': "⟨LRI⟩", '\u2067': "⟨RLI⟩", '\u2068': "⟨FSI⟩", '\u2069': "⟨PDI⟩",
	'\u200e': "⟨LRM⟩", '\u200f': "⟨RLM⟩", '\u061c': "⟨ALM⟩",
}

// visibleName shows a file name with its direction controls as visible
// marks, never applied.
func visibleName(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { _, ok := bidiMarks[r]; return ok }) {
		return name
	}
	var b strings.Builder
	for _, r := range name {
		if m, ok := bidiMarks[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// confirmRisk asks before a risky step. The safe choice (Cancel) is the
// default button, the risky one is plain, and a warning icon says the dialog
// warns. onRisk runs only when the reader chose the risky step. The dialog
// is shown.
func confirmRisk(title, text, risky string, onRisk func(), win fyne.Window) *dialog.CustomDialog {
	body := newWrapLabel(text)
	d := dialog.NewCustomWithoutButtons(title, body, win)
	d.SetIcon(theme.WarningIcon())
	cancel := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), Importance: widget.HighImportance, OnTapped: d.Hide}
	proceed := &widget.Button{Text: risky, Importance: widget.MediumImportance, OnTapped: func() {
		d.Hide()
		onRisk()
	}}
	d.SetButtons([]fyne.CanvasObject{cancel, proceed})
	width := fyne.Min(560, win.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
	d.Show()
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
	return d
}
