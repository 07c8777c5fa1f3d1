package ui

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// listRow is what one row of a message list shows: the sender's name and
// the date, the sender's full address on a line of its own (two senders
// under the same name must look different), the subject and the badge.
type listRow struct {
	name, addr string
	date       time.Time
	subject    string
	view       *mailview.View // the analysis, once there is one: the badge
}

// newListRow is the row template of every message list.
func newListRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	date := widget.NewLabel("")
	addr := widget.NewLabel("")
	addr.SizeName = theme.SizeNameCaptionText
	addr.Truncation = fyne.TextTruncateEllipsis
	subject := widget.NewLabel("")
	subject.Truncation = fyne.TextTruncateEllipsis
	badge := widget.NewLabel("")
	badge.Importance = widget.DangerImportance
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, date, name),
		addr,
		container.NewBorder(nil, nil, nil, badge, subject))
}

// fillListRow writes r into a row made by newListRow.
func fillListRow(o fyne.CanvasObject, r listRow) {
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	name, addr := r.name, r.addr
	switch {
	case name == "" && addr == "":
		name = lang.L("(unknown sender)")
	case name == "":
		name = addr
	}
	top.Objects[0].(*widget.Label).SetText(clipShown(name))
	date := ""
	if !r.date.IsZero() {
		date = r.date.Local().Format("2006-01-02")
	}
	top.Objects[1].(*widget.Label).SetText(date)
	box.Objects[1].(*widget.Label).SetText(clipShown(addr))
	subject := clipShown(r.subject)
	if subject == "" {
		subject = lang.L("(no subject)")
	}
	bottom := box.Objects[2].(*fyne.Container)
	bottom.Objects[0].(*widget.Label).SetText(subject)
	badge := bottom.Objects[1].(*widget.Label)
	badge.Importance = badgeImportance(r.view)
	badge.SetText(badgeText(r.view))
}

// messageList is the left pane of a file's window: one row per message.
type messageList struct {
	list    *keyList
	entries []Entry
}

func newMessageList(entries []Entry, onSelect func(int)) *messageList {
	ml := &messageList{entries: entries}
	ml.list = newKeyList(
		func() int { return len(ml.entries) },
		newListRow,
		func(id widget.ListItemID, o fyne.CanvasObject) { fillListRow(o, entryRow(ml.entries[id].View)) },
	)
	ml.list.OnSelected = onSelect
	return ml
}

func (ml *messageList) object() fyne.CanvasObject { return ml.list }

func (ml *messageList) selectIndex(i int) { ml.list.Select(i); ml.list.ScrollTo(i) }

// entryRow is the list row of an analysed message.
func entryRow(v *mailview.View) listRow {
	r := listRow{date: v.Date, subject: v.Subject, view: v}
	if len(v.From) > 0 {
		r.name, r.addr = strings.TrimSpace(v.From[0].Name), strings.TrimSpace(v.From[0].Addr)
	}
	return r
}

// sortEntries orders messages by date, newest first; undated ones last.
func sortEntries(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		return newer(entries[i].View.Date, entries[j].View.Date)
	})
}

// newer tells whether a sorts before b in a list newest first (undated last).
func newer(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return !a.IsZero() && b.IsZero()
	}
	return a.After(b)
}

// badgeText marks a message in the list once it has been analysed: the
// message's verdict first, then whether anything in it tracks.
func badgeText(v *mailview.View) string {
	if v == nil {
		return ""
	}
	tracking := false
	for _, r := range v.Resources {
		tracking = tracking || r.Tracks
	}
	var parts []string
	switch v.Verdict.Level {
	case check.LevelDanger:
		parts = append(parts, "⚠ "+lang.L("severity.danger"))
	case check.LevelCaution:
		parts = append(parts, "⚠ "+lang.L("Caution"))
	}
	if tracking {
		parts = append(parts, "◉ "+lang.L("Tracking"))
	}
	return strings.Join(parts, " ")
}

// badgeImportance colours the badge by the verdict.
func badgeImportance(v *mailview.View) widget.Importance {
	if v != nil && v.Verdict.Level == check.LevelCaution {
		return widget.WarningImportance
	}
	return widget.DangerImportance
}

func subjectText(v *mailview.View) string {
	if v.Subject == "" {
		return lang.L("(no subject)")
	}
	return clipShown(v.Subject)
}

// weekdayKeys name each weekday's translation, Sunday first like time.Weekday.
var weekdayKeys = [...]string{"weekday.sun", "weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu", "weekday.fri", "weekday.sat"}

// longDate is the header's date: day, time and the weekday in the reader's language.
func longDate(t time.Time) string {
	return t.Format("2006-01-02 15:04") + " (" + lang.L(weekdayKeys[t.Weekday()]) + ")"
}
