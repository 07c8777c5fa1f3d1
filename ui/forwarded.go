package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
)

// forwardedCards shows, under the message's own findings, those of every
// message it carries (forwarded as an attachment), each under "Forwarded
// message from …", a forward inside a forward after it; nothing when it
// carries none.
func (s *sidebar) forwardedCards(v *mailview.View, language string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, fv := range v.Forwarded {
		from := clipShown(addressList(fv.From))
		if from == "" {
			from = lang.L("an unknown sender")
		}
		head := newStyledWrapLabel(lang.L("Forwarded message from {{.From}}", map[string]any{"From": from}),
			fyne.TextStyle{Bold: true}, widget.MediumImportance)
		out = append(out, widget.NewSeparator(), head)
		if fv.Subject != "" {
			subject := widget.NewLabel(clipShown(fv.Subject))
			subject.Truncation = fyne.TextTruncateEllipsis
			out = append(out, subject)
		}
		if len(fv.Findings) == 0 {
			out = append(out, newWrapLabel(lang.L("No findings in this forwarded message.")))
		}
		for _, f := range bySeverity(fv.Findings) {
			out = append(out, s.findingCard(f, language))
		}
		out = append(out, s.forwardedCards(fv, language)...)
	}
	return out
}
