package ui

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// listRow is what one row of a message list shows, on two lines: the
// sender's name and address (two senders under the same name must look
// different), then the subject, the badge and the date.
type listRow struct {
	name, addr string
	date       time.Time
	subject    string
	badge      app.Badge // the verdict as far as known
	hasBadge   bool      // false: nothing is known yet
}

// newListRow is the row template of every message list: two lines, the
// labels' padding shared between them so that a row is two lines of text
// tall.
func newListRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	addr := widget.NewLabel("")
	addr.Truncation = fyne.TextTruncateEllipsis
	date := widget.NewLabel("")
	subject := widget.NewLabel("")
	subject.Truncation = fyne.TextTruncateEllipsis
	badge := widget.NewLabel("")
	badge.Importance = widget.DangerImportance
	return container.New(layout.NewCustomPaddedVBoxLayout(-theme.InnerPadding()),
		container.New(senderLayout{}, name, addr),
		container.NewBorder(nil, nil, nil, container.NewHBox(badge, date), subject))
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
		name, addr = addr, ""
	}
	top.Objects[0].(*widget.Label).SetText(clipShown(name))
	top.Objects[1].(*widget.Label).SetText(clipShown(addr))
	top.Layout.Layout(top.Objects, top.Size()) // the name's share follows its text
	date := ""
	if !r.date.IsZero() {
		date = listDate(r.date.Local(), time.Now())
	}
	bottom := box.Objects[1].(*fyne.Container)
	subject := clipShown(r.subject)
	if subject == "" {
		subject = lang.L("(no subject)")
	}
	bottom.Objects[0].(*widget.Label).SetText(subject)
	right := bottom.Objects[1].(*fyne.Container)
	badge := right.Objects[0].(*widget.Label)
	badge.Importance = badgeImportance(r.badge)
	badge.SetText(badgeText(r.badge, r.hasBadge))
	right.Objects[1].(*widget.Label).SetText(date)
}

// listDate is a row's date, short: month and day in the current year
// (the list is narrow, and the year is the reader's own), the full date
// otherwise.
func listDate(t, now time.Time) string {
	if t.Year() == now.Year() {
		return t.Format("01-02")
	}
	return t.Format("2006-01-02")
}

// senderLayout puts a row's sender name and address side by side: the
// name as wide as it needs up to half the row, the address the rest (both
// cut with an ellipsis when they do not fit), so the address always shows
// enough to tell two senders with one name apart.
type senderLayout struct{}

func (senderLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	name, addr := objects[0].(*widget.Label), objects[1].(*widget.Label)
	nameW := size.Width
	if addr.Text != "" {
		pad := 2*theme.InnerPadding() + 2
		textSize := theme.SizeForWidget(theme.SizeNameText, name)
		natural := fyne.MeasureText(name.Text, textSize, name.TextStyle).Width + pad
		wantAddr := fyne.MeasureText(addr.Text, textSize, addr.TextStyle).Width + pad
		nameW = min(natural, max(size.Width/2, size.Width-wantAddr))
	}
	name.Move(fyne.NewPos(0, 0))
	name.Resize(fyne.NewSize(nameW, size.Height))
	addr.Move(fyne.NewPos(nameW-theme.InnerPadding(), 0))
	addr.Resize(fyne.NewSize(max(0, size.Width-nameW+theme.InnerPadding()), size.Height))
}

func (senderLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(objects[0].MinSize().Width, max(objects[0].MinSize().Height, objects[1].MinSize().Height))
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
	r := listRow{date: v.Date, subject: v.Subject, badge: app.BadgeOf(v, true), hasBadge: true}
	if len(v.From) > 0 {
		r.name, r.addr = strings.TrimSpace(v.From[0].Name), strings.TrimSpace(v.From[0].Addr)
	}
	return r
}

// sortEntries orders messages by date, newest first; undated ones last.
func sortEntries(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		return app.Newer(entries[i].View.Date, entries[j].View.Date)
	})
}

// badgeText marks a message in the list: its verdict first (from its
// header until its body is in), then whether anything in it tracks.
func badgeText(b app.Badge, known bool) string {
	if !known {
		return ""
	}
	var parts []string
	switch b.Level {
	case check.LevelDanger:
		parts = append(parts, "⚠ "+lang.L("severity.danger"))
	case check.LevelCaution:
		parts = append(parts, "⚠ "+lang.L("Caution"))
	}
	if b.Tracking {
		parts = append(parts, "◉ "+lang.L("Tracking"))
	}
	return strings.Join(parts, " ")
}

// badgeImportance colours the badge by the verdict.
func badgeImportance(b app.Badge) widget.Importance {
	if b.Level == check.LevelCaution {
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
