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

// writeReport writes the report folder into dir and says where it is; with
// a security team address in the settings it offers to prepare the mail.
func (mv *messageView) writeReport(dir string) {
	w := mv.window
	var lookups []app.LookupResult
	if mv.lookups != nil {
		lookups = mv.lookups()
	}
	folder, err := app.WriteReport(dir, mv.source, mv.view, readerLanguage(), lookups)
	if err != nil {
		dialog.ShowError(readerError{err}, w)
		return
	}
	text := widget.NewLabel(lang.L("report.written", map[string]any{"Folder": folder}))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	to := ""
	if mv.settings != nil {
		to = mv.settings.ReportAddress()
	}
	if to == "" || mv.app == nil {
		d := dialog.NewCustom(lang.L("Report to IT"), lang.L("Close"), text, w)
		d.Resize(fyne.NewSize(520, 240))
		d.Show()
		return
	}
	d := dialog.NewCustomConfirm(lang.L("Report to IT"), lang.L("report.prepare", map[string]any{"To": to}), lang.L("Close"), text, func(ok bool) {
		if ok {
			mv.app.OpenURL(reportMailto(to, subjectText(mv.view), folder))
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
