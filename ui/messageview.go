package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
)

// messageView is the centre pane: the header block, what is attached, a note
// that remote content is blocked, and the body as text.
type messageView struct {
	from, to, cc, date, subject *widget.Label
	ccRow                       []fyne.CanvasObject
	attachments                 *widget.Label
	attachmentsBox              *fyne.Container
	body                        *fyne.Container // the rendered document
	bodyScroll                  *container.Scroll
	root                        fyne.CanvasObject
	onLink                      func(target string)
}

// newMessageView builds the centre pane; onLink is called when the reader
// taps a link in a message, with the link's real target.
func newMessageView(onLink func(target string)) *messageView {
	mv := &messageView{onLink: onLink}
	value := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	mv.from, mv.to, mv.cc, mv.date, mv.subject = value(), value(), value(), value(), value()
	mv.subject.TextStyle = fyne.TextStyle{Bold: true}
	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(lang.L(k), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	ccKey := key("Cc")
	mv.ccRow = []fyne.CanvasObject{ccKey, mv.cc}
	header := container.New(newFormLayout(),
		key("From"), mv.from,
		key("To"), mv.to,
		ccKey, mv.cc,
		key("Date"), mv.date,
		key("Subject"), mv.subject,
	)
	mv.attachments = widget.NewLabel("")
	mv.attachments.Wrapping = fyne.TextWrapWord
	mv.attachmentsBox = container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, mv.attachments)
	blocked := widget.NewLabel(lang.L("body.blocked"))
	blocked.Wrapping = fyne.TextWrapWord
	blocked.Importance = widget.LowImportance
	banner := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, blocked)

	mv.body = container.NewVBox()
	mv.bodyScroll = container.NewVScroll(mv.body)
	top := container.NewVBox(header, mv.attachmentsBox, widget.NewSeparator(), banner)
	mv.root = container.NewBorder(top, nil, nil, nil, mv.bodyScroll)
	return mv
}

func (mv *messageView) object() fyne.CanvasObject { return mv.root }

func (mv *messageView) show(e Entry) {
	v := e.View
	mv.from.SetText(addressList(v.From))
	mv.to.SetText(addressList(v.To))
	mv.cc.SetText(addressList(v.Cc))
	for _, o := range mv.ccRow {
		if len(v.Cc) == 0 {
			o.Hide()
		} else {
			o.Show()
		}
	}
	if v.Date.IsZero() {
		mv.date.SetText(lang.L("(no date)"))
	} else {
		mv.date.SetText(v.Date.Local().Format("2006-01-02 15:04 (Mon)"))
	}
	mv.subject.SetText(subjectText(v))
	if len(v.Attachments) == 0 {
		mv.attachmentsBox.Hide()
	} else {
		mv.attachments.SetText(attachmentSummary(v.Attachments))
		mv.attachmentsBox.Show()
	}
	mv.body.Objects = renderDocument(v.Document, mv.onLink)
	mv.body.Refresh()
	mv.bodyScroll.ScrollToTop()
}

func addressList(list []mailview.Address) string {
	s := ""
	for i, a := range list {
		if i > 0 {
			s += ", "
		}
		s += a.String()
	}
	return s
}

func attachmentSummary(list []mailview.Attachment) string {
	s := ""
	for i, a := range list {
		if i > 0 {
			s += "\n"
		}
		name := a.Filename
		if name == "" {
			name = a.ContentType
		}
		s += name + "  (" + app.HumanSize(a.Size)
		if a.Inline {
			s += ", " + lang.L("inline")
		}
		s += ")"
	}
	return s
}
