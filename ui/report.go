package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
)

// reportToIT asks where to put the report folder for the security team,
// then writes it.
func (mv *messageView) reportToIT() {
	w := mv.window
	if mv.view == nil || w == nil {
		return
	}
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(readerError{err}, w)
			return
		}
		if dir != nil {
			mv.writeReport(dir.Path())
		}
	}, w)
	d.Show()
}

// writeReport writes the report folder into dir off the UI goroutine, then
// says where it is; with a security team address in the settings it offers
// to prepare the mail. A failure is shown in the window.
func (mv *messageView) writeReport(dir string) {
	var lookups []app.LookupResult
	if mv.lookups != nil {
		lookups = mv.lookups()
	}
	to := ""
	if mv.settings != nil {
		to = mv.settings.ReportAddress()
	}
	source, v, language := mv.source, mv.view, readerLanguage()
	go func() {
		folder, err := app.WriteReport(dir, source, v, language, lookups)
		mv.do(func() {
			if err != nil {
				mv.wrote(lang.L("report.failed", map[string]any{"Reason": errorText(err)}), err)
				return
			}
			mv.reportWritten(folder, subjectText(v), to)
			mv.wrote("", nil)
		})
	}()
}

// reportWritten says where the report folder is, and offers to prepare the
// mail to the security team address to when there is one.
func (mv *messageView) reportWritten(folder, subject, to string) {
	w := mv.window
	if w == nil {
		return
	}
	text := widget.NewLabel(lang.L("report.written", map[string]any{"Folder": folder}))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	if to == "" || mv.app == nil {
		d := dialog.NewCustom(lang.L("Report to IT"), lang.L("Close"), text, w)
		d.Resize(fyne.NewSize(520, 240))
		d.Show()
		return
	}
	d := dialog.NewCustomConfirm(lang.L("Report to IT"), lang.L("report.prepare", map[string]any{"To": to}), lang.L("Close"), text, func(ok bool) {
		if ok {
			mv.app.OpenURL(reportMailto(to, subject, folder))
		}
	}, w)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// reportMailto is the mail to the security team, for the reader's mail
// program to open; the folder is named so the reader can attach it.
func reportMailto(to, subject, folder string) *url.URL {
	q := url.Values{}
	q.Set("subject", lang.L("report.mail.subject", map[string]any{"Subject": subject}))
	q.Set("body", lang.L("report.mail.body", map[string]any{"Folder": folder}))
	return &url.URL{Scheme: "mailto", Opaque: to, RawQuery: q.Encode()}
}
