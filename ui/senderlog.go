package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// senderLog is "What the sender saw": the requests the demo's beacon server
// recorded for the message on screen, as a sender's server would log them,
// one row a request naming who received it (the tracking vendor when the URL
// is a known tracker's) and what that server learned. A trainer loads images
// and the rows appear; another message shows its own requests. It exists only
// with a hit log, that is for the demo.
type senderLog struct {
	hits   func() []app.Hit
	view   *mailview.View // the message on screen; nil: none
	rows   *fyne.Container
	others *flowText // how many requests belong to other messages
	root   fyne.CanvasObject
}

func newSenderLog(hits func() []app.Hit) *senderLog {
	l := &senderLog{hits: hits}
	title := container.NewBorder(nil, nil, widget.NewIcon(theme.VisibilityIcon()), nil,
		newStyledWrapLabel(lang.L("What the sender saw"), fyne.TextStyle{Bold: true}, widget.MediumImportance))
	intro := newWrapLabel(lang.L("senderlog.intro"))
	l.rows = container.NewVBox()
	l.others = newWrapLabel("")
	l.others.SetImportance(widget.MediumImportance)
	// The rows come first, the explanation after: at 1024×700 the section
	// is short and what the server saw should be in view.
	l.root = newVScroll(container.NewVBox(title, l.rows, l.others, widget.NewSeparator(), intro))
	l.refresh()
	return l
}

func (l *senderLog) object() fyne.CanvasObject { return l.root }

// show makes v (nil: no message) the message whose requests are listed.
func (l *senderLog) show(v *mailview.View) {
	l.view = v
	l.refresh()
	if s, ok := l.root.(*container.Scroll); ok {
		s.ScrollToTop()
	}
}

// refresh lists the requests for the message on screen as they are now,
// newest first, and counts the others.
func (l *senderLog) refresh() {
	hits := l.hits()
	var rows []fyne.CanvasObject
	others := 0
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		r, ok := resourceOf(l.view, h)
		if !ok {
			others++
			continue
		}
		rows = append(rows, hitRow(h, r))
	}
	if len(rows) == 0 {
		none := newWrapLabel(lang.L("senderlog.none"))
		rows = append(rows, none)
	}
	l.rows.Objects = rows
	l.rows.Refresh()
	if others > 0 {
		l.others.SetText(lang.L("senderlog.others", map[string]any{"Count": others}))
		l.others.Show()
	} else {
		l.others.SetText("")
		l.others.Hide()
	}
}

// resourceOf finds the resource of v that h requested: the same path and
// query (the beacon records no scheme), on the same host when both say one.
func resourceOf(v *mailview.View, h app.Hit) (check.Resource, bool) {
	if v == nil {
		return check.Resource{}, false
	}
	for _, r := range v.Resources {
		u := r.Parsed
		if u == nil || u.RequestURI() != h.URL {
			continue
		}
		if h.Host != "" && u.Host != "" && h.Host != u.Host {
			continue
		}
		return r, true
	}
	return check.Resource{}, false
}

// hitRow is one request: who received it, when, and what it told them.
func hitRow(h app.Hit, r check.Resource) fyne.CanvasObject {
	var who string
	switch {
	case r.Tracker != "":
		who = lang.L("senderlog.vendor", map[string]any{"Vendor": r.Tracker})
	case r.Tracks:
		who = lang.L("senderlog.pixel")
	default:
		who = lang.L("senderlog.picture")
	}
	icon := theme.FileImageIcon()
	if r.Tracks {
		icon = theme.WarningIcon()
	}
	name := heading(who)
	name.Wrapping = fyne.TextWrapWord
	head := container.NewBorder(nil, nil, widget.NewIcon(icon), nil, name)
	lines := []fyne.CanvasObject{head,
		wrapped(lang.L("senderlog.learned", map[string]any{
			"Time": h.Time.Local().Format("15:04:05"), "IP": h.RemoteIP, "Agent": h.UserAgent}))}
	if h.Recipient != "" {
		lines = append(lines, wrapped(lang.L("senderlog.recipient", map[string]any{"ID": h.Recipient})))
	}
	if h.Cookie != "" || h.Referer != "" || h.Language != "" {
		lines = append(lines, wrapped(lang.L("senderlog.extra", map[string]any{"Cookie": h.Cookie, "Referer": h.Referer, "Language": h.Language})))
	}
	url := widget.NewLabel(h.Method + " " + h.URL)
	url.Wrapping = fyne.TextWrapBreak
	url.SizeName = theme.SizeNameCaptionText
	lines = append(lines, url, widget.NewSeparator())
	return container.NewVBox(lines...)
}
