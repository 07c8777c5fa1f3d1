package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
)

// failureKeys name the sentence of each kind of network failure app/ classifies.
var failureKeys = map[error]string{
	app.ErrProxyUnreachable: "failure.proxy.unreachable",
	app.ErrProxyRefused:     "failure.proxy.refused",
	app.ErrHostNotFound:     "failure.host.notfound",
	app.ErrConnRefused:      "failure.refused",
	app.ErrConnTimeout:      "failure.timeout",
	app.ErrTLSFailed:        "failure.tls",
	app.ErrHTTPStatus:       "failure.status",
	app.ErrConnFailed:       "failure.other",
}

// failureSentence says in one translated sentence why a load or a lookup
// failed, and returns apart the technical detail (the network library's
// words) for a folded "Details".
func failureSentence(err error) (sentence, detail string) {
	if err == nil {
		return "", ""
	}
	var f *app.Failure
	if errors.As(err, &f) {
		if key, ok := failureKeys[f.Kind]; ok {
			return lang.L(key, map[string]any{"Host": f.Host, "Proxy": f.Proxy, "Status": f.Status}), f.Detail()
		}
	}
	if errors.Is(err, app.ErrNoProxyRoute) {
		return lang.L("failure.noproxyroute"), err.Error()
	}
	for _, k := range errorKeys {
		if errors.Is(err, k.err) {
			if d := err.Error(); d != k.err.Error() {
				return lang.L(k.key), d
			}
			return lang.L(k.key), ""
		}
	}
	return lang.L("failure.unknown"), err.Error()
}

// foldedDetail is the technical detail behind a closed "Details" fold, or
// nil when there is none.
func foldedDetail(detail string) *widget.Accordion {
	detail = strings.TrimSpace(detail)
	if detail == "" {
		return nil
	}
	text := widget.NewLabel(detail)
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	text.Importance = widget.LowImportance
	return widget.NewAccordion(widget.NewAccordionItem(lang.L("Details"), text))
}

// sentenceWithDetail is a wrapped sentence with its detail folded below it.
func sentenceWithDetail(sentence, detail string, importance widget.Importance) fyne.CanvasObject {
	l := widget.NewLabel(sentence)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = importance
	if fold := foldedDetail(detail); fold != nil {
		return container.NewVBox(l, fold)
	}
	return l
}
