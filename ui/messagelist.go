package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
)

// messageList is the left pane: one row per message, sender and date over the subject.
type messageList struct {
	list    *widget.List
	entries []Entry
}

func newMessageList(entries []Entry, onSelect func(int)) *messageList {
	ml := &messageList{entries: entries}
	ml.list = widget.NewList(
		func() int { return len(ml.entries) },
		func() fyne.CanvasObject {
			sender := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			sender.Truncation = fyne.TextTruncateEllipsis
			date := widget.NewLabel("")
			subject := widget.NewLabel("")
			subject.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(container.NewBorder(nil, nil, nil, date, sender), subject)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			v := ml.entries[id].View
			box := o.(*fyne.Container)
			top := box.Objects[0].(*fyne.Container)
			top.Objects[0].(*widget.Label).SetText(senderText(v))
			top.Objects[1].(*widget.Label).SetText(shortDate(v))
			box.Objects[1].(*widget.Label).SetText(subjectText(v))
		},
	)
	ml.list.OnSelected = onSelect
	return ml
}

func (ml *messageList) object() fyne.CanvasObject { return ml.list }

func (ml *messageList) selectIndex(i int) { ml.list.Select(i) }

func senderText(v *mailview.View) string {
	if len(v.From) == 0 {
		return lang.L("(unknown sender)")
	}
	if v.From[0].Name != "" {
		return v.From[0].Name
	}
	return v.From[0].Addr
}

func subjectText(v *mailview.View) string {
	if v.Subject == "" {
		return lang.L("(no subject)")
	}
	return v.Subject
}

func shortDate(v *mailview.View) string {
	if v.Date.IsZero() {
		return ""
	}
	return v.Date.Local().Format("2006-01-02")
}

// weekdayKeys name each weekday's translation, Sunday first like time.Weekday.
var weekdayKeys = [...]string{"weekday.sun", "weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu", "weekday.fri", "weekday.sat"}

// longDate is the header's date: day, time and the weekday in the reader's language.
func longDate(t time.Time) string {
	return t.Format("2006-01-02 15:04") + " (" + lang.L(weekdayKeys[t.Weekday()]) + ")"
}
