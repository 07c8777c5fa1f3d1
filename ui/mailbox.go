package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// pageSize is how many envelopes one page of the message list fetches.
const pageSize = 50

// MailboxWindow reads an IMAP account through an app.Mailbox (the model
// over the account's worker): folders on the left, the message list, the
// message and its findings. It asks the model and shows its answers, which
// the model delivers on the UI goroutine (through fyne.Do in the
// application); requests the reader has moved on from are cancelled there.
type MailboxWindow struct {
	Window  fyne.Window
	mb      *app.Mailbox
	actx    mailview.Reader
	onTrust func(*app.CertificateError) // the reader may trust a certificate that failed verification
	do      func(func())                // runs a function on the UI goroutine (fyne.Do)

	// OnLoginFailed, when set, is called when the server refused the user
	// name or password (the status line says so, with the server's words):
	// the session asks for the password again and calls Reconnect.
	OnLoginFailed func(error)
	// OnConnected, when set, is called each time the worker is connected.
	OnConnected func()
	offline     bool // the worker gave up connecting: the status line says why

	folders    []app.Folder
	folderList *widget.List
	envs       []app.Envelope
	shown      []int // indexes of envs the list shows (all, or those the search matches)
	selected   int   // index into shown, -1 when none
	count      uint32
	msgList    *widget.List
	search     *widget.Entry
	more       *widget.Button
	*readingPane
	status     *widget.Label
	statusSays func() string // what the status line says, in the current language

	// All of it is the UI goroutine's: the model calls back there.
	folder  string
	wanted  uint32 // the UID the reader opened last; only it is shown
	gen     int    // counts folder openings: UIDs of an earlier opening mean nothing now
	pending int    // messages being analysed off the UI goroutine
	views   map[uint32]*mailview.View
}

// NewMailboxWindow builds the window for the account named account over
// its worker, which it owns from now on: closing the window stops it.
// do runs a function on the UI goroutine without waiting (fyne.Do).
// onTrust is called when the server's certificate fails verification
// (nil: only shown).
func NewMailboxWindow(a fyne.App, account string, w *app.Worker, do func(func()), actx mailview.Reader, onTrust func(*app.CertificateError), pane PaneOptions) *MailboxWindow {
	mw := &MailboxWindow{Window: a.NewWindow("mailsafe — " + account), actx: actx, onTrust: onTrust, do: do,
		views: map[uint32]*mailview.View{}}
	mw.mb = app.NewMailbox(w, do, mw.report)
	mw.Window.SetOnClosed(mw.Close)
	mw.readingPane = newReadingPane(a, mw.Window, pane)
	mw.status = widget.NewLabel("")
	mw.say(func() string { return lang.L("Connecting…") })
	mw.folderList = widget.NewList(
		func() int { return len(mw.folders) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(folderLabel(mw.folders[i])) },
	)
	mw.folderList.OnSelected = func(i widget.ListItemID) {
		mw.setJunk(mw.folders[i].Use == "junk")
		mw.openFolder(mw.folders[i].Name)
	}
	mw.selected = -1
	mw.msgList = widget.NewList(
		func() int { return len(mw.shown) },
		func() fyne.CanvasObject {
			sender := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			sender.Truncation = fyne.TextTruncateEllipsis
			subject := widget.NewLabel("")
			subject.Truncation = fyne.TextTruncateEllipsis
			badge := widget.NewLabel("")
			badge.Importance = widget.DangerImportance
			return container.NewVBox(container.NewBorder(nil, nil, nil, widget.NewLabel(""), sender), container.NewBorder(nil, nil, nil, badge, subject))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := mw.envs[mw.shown[i]]
			box := o.(*fyne.Container)
			top := box.Objects[0].(*fyne.Container)
			top.Objects[0].(*widget.Label).SetText(e.From)
			top.Objects[1].(*widget.Label).SetText(e.Date.Local().Format("2006-01-02"))
			subject := e.Subject
			if subject == "" {
				subject = lang.L("(no subject)")
			}
			bottom := box.Objects[1].(*fyne.Container)
			bottom.Objects[0].(*widget.Label).SetText(subject)
			bottom.Objects[1].(*widget.Label).SetText(badgeText(mw.views[e.UID]))
		},
	)
	mw.msgList.OnSelected = func(i widget.ListItemID) {
		mw.selected = i
		mw.openMessage(mw.envs[mw.shown[i]].UID)
	}
	mw.search = widget.NewEntry()
	mw.search.SetPlaceHolder(lang.L("Search subject or sender (Ctrl+F)"))
	mw.search.OnChanged = func(string) { mw.filter() }
	mw.search.Hide()
	mw.more = widget.NewButton(lang.L("Load more messages"), mw.loadMore)
	mw.more.Hide()

	list := container.NewBorder(mw.search, mw.more, nil, nil, mw.msgList)
	middle := container.NewHSplit(list, mw.readingPane.object())
	middle.Offset = 0.3
	accountName := widget.NewLabelWithStyle(account, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	accountName.Truncation = fyne.TextTruncateEllipsis
	outer := container.NewHSplit(container.NewBorder(accountName, nil, nil, nil, mw.folderList), middle)
	outer.Offset = 0.14
	mw.Window.SetContent(container.NewBorder(nil, mw.status, nil, nil, outer))
	mw.Window.Resize(windowSize)

	listKeys(mw.Window, func() int { return len(mw.shown) }, func() int { return mw.selected },
		func(i int) { mw.msgList.Select(i); mw.msgList.ScrollTo(i) },
		func() { mw.search.Show(); mw.Window.Canvas().Focus(mw.search) },
		func() { mw.search.SetText(""); mw.search.Hide() })
	mw.mb.ListFolders(mw.listed)
	return mw
}

// Close stops the window's requests, its worker and their goroutines; the
// window's OnClosed calls it.
func (mw *MailboxWindow) Close() { mw.mb.Close() }

// Reconnect puts the window over a new worker (the same account with
// another password or settings): the old one stops, everything it was
// asked is dropped, and the folders are read again.
func (mw *MailboxWindow) Reconnect(w *app.Worker) {
	mw.mb.Close()
	mw.mb = app.NewMailbox(w, mw.do, mw.report)
	mw.folders, mw.folder = nil, ""
	mw.envs, mw.shown, mw.selected, mw.count, mw.wanted = nil, nil, -1, 0, 0
	mw.gen++
	mw.views = map[uint32]*mailview.View{}
	mw.folderList.UnselectAll()
	mw.folderList.Refresh()
	mw.msgList.UnselectAll()
	mw.msgList.Refresh()
	mw.more.Hide()
	mw.say(func() string { return lang.L("Connecting…") })
	mw.mb.ListFolders(mw.listed)
}

// Retranslate shows the window in the current language, keeping the
// folder, the list and the open message.
func (mw *MailboxWindow) Retranslate() {
	mw.retranslate()
	if v, ok := mw.views[mw.wanted]; ok {
		mw.show(v)
	}
	mw.search.SetPlaceHolder(lang.L("Search subject or sender (Ctrl+F)"))
	mw.more.SetText(lang.L("Load more messages"))
	mw.folderList.Refresh()
	mw.msgList.Refresh()
	mw.status.SetText(mw.statusSays())
}

// say sets the status line; text is asked again when the language changes.
func (mw *MailboxWindow) say(text func() string) {
	mw.statusSays = text
	mw.status.SetText(text())
}

// filter shows the loaded messages whose subject or sender holds the search text.
func (mw *MailboxWindow) filter() {
	q := strings.ToLower(strings.TrimSpace(mw.search.Text))
	mw.shown = mw.shown[:0]
	for i, e := range mw.envs {
		if q == "" || strings.Contains(strings.ToLower(e.Subject), q) || strings.Contains(strings.ToLower(e.From), q) {
			mw.shown = append(mw.shown, i)
		}
	}
	mw.selected = -1
	mw.msgList.UnselectAll()
	mw.msgList.Refresh()
}

func (mw *MailboxWindow) openFolder(name string) {
	mw.say(func() string { return lang.L("status.openingfolder", map[string]any{"Folder": name}) })
	mw.folder, mw.envs, mw.count = name, nil, 0
	mw.gen++
	mw.wanted = 0 // the model drops what was on its way for the folder left
	mw.shown, mw.selected = nil, -1
	mw.views = map[uint32]*mailview.View{}
	mw.msgList.UnselectAll()
	mw.msgList.Refresh()
	mw.more.Hide()
	mw.mb.OpenFolder(name, mw.opened)
}

func (mw *MailboxWindow) loadMore() {
	mw.mb.FetchPage(uint32(len(mw.envs)), pageSize, func(r app.ResPage) { mw.paged(r, false) })
}

// openMessage shows a message, fetching it unless analysed already. The
// message the reader leaves stops downloading (unless shared).
func (mw *MailboxWindow) openMessage(uid uint32) {
	mw.wanted = uid
	if v, ok := mw.views[uid]; ok {
		mw.mb.LeaveMessage()
		mw.show(v)
		return
	}
	mw.say(func() string { return lang.L("Opening the message…") })
	gen := mw.gen
	mw.mb.OpenMessage(uid, func(r app.ResBody) { mw.arrived(uid, gen, r) }, mw.progress)
}

func (mw *MailboxWindow) show(v *mailview.View) {
	mw.showEntry(Entry{ID: fmt.Sprintf("%s UID %d", mw.folder, mw.wanted), View: v})
}

// report shows what the worker reports of its own accord.
func (mw *MailboxWindow) report(r app.Result) {
	switch r := r.(type) {
	case app.ResStatus:
		mw.offline = r.State == app.StatusOffline
		mw.say(func() string { return statusText(r) })
		if ce, ok := certificateError(r.Err); ok && r.State == app.StatusOffline && mw.onTrust != nil {
			mw.onTrust(ce)
		}
		if r.State == app.StatusOffline && errors.Is(r.Err, app.ErrLoginFailed) && mw.OnLoginFailed != nil {
			mw.OnLoginFailed(r.Err)
		}
		if r.State == app.StatusConnected && mw.OnConnected != nil {
			mw.OnConnected()
		}
	case app.ResFolderChanged:
		if r.Folder == mw.folder {
			mw.openFolder(mw.folder) // the server renumbered the folder: its UIDs are void
		}
	case app.ResNewMail:
		if r.Folder == mw.folder {
			// New mail arrives on top: fetch what came in.
			n := r.Count - mw.count
			mw.count = r.Count
			mw.mb.FetchPage(0, n, func(r app.ResPage) { mw.paged(r, true) })
		}
	case app.ResExpunged:
		if r.Folder == mw.folder {
			mw.openFolder(mw.folder) // sequence numbers shift: read the list again
		}
	}
}

func (mw *MailboxWindow) listed(r app.ResFolders) {
	if r.Err != nil {
		if mw.offline {
			return // the status line already says why (a refused login, in the server's words)
		}
		mw.say(func() string { return errorLine(r.Err) })
		return
	}
	mw.folders = r.Folders
	mw.folderList.Refresh()
	if len(mw.folders) > 0 {
		mw.folderList.Select(0)
	}
}

// opened answers the last folder opening (the model drops earlier ones).
func (mw *MailboxWindow) opened(r app.ResOpened) {
	if r.Err != nil {
		mw.say(func() string { return errorLine(r.Err) })
		return
	}
	mw.count = r.State.Count
	mw.say(func() string {
		return fmt.Sprintf("%s: %s", r.Folder, lang.L("folder.count", map[string]any{"Count": r.State.Count}))
	})
	mw.loadMore()
}

// paged adds a page of the folder as now open; fresh pages hold new mail.
func (mw *MailboxWindow) paged(r app.ResPage, fresh bool) {
	if r.Err != nil {
		mw.say(func() string { return errorLine(r.Err) })
		return
	}
	first := len(mw.envs) == 0
	if fresh {
		mw.envs = append(append([]app.Envelope(nil), r.Envelopes...), mw.envs...) // new mail goes on top
		first = false
	} else {
		mw.envs = append(mw.envs, r.Envelopes...)
	}
	mw.filter()
	if uint32(len(mw.envs)) < mw.count {
		mw.more.Show()
	} else {
		mw.more.Hide()
	}
	if first && len(mw.shown) > 0 {
		mw.msgList.Select(0)
	}
}

// arrived takes the body of a message the reader opened in the folder
// opening gen.
func (mw *MailboxWindow) arrived(uid uint32, gen int, r app.ResBody) {
	if r.Err != nil {
		mw.say(func() string { return errorLine(r.Err) })
		return
	}
	// Analysis takes most of a second for a message with a 50 MB
	// attachment: it runs off the UI goroutine, which shows progress.
	mw.say(func() string { return lang.L("Checking the message…") })
	mw.pending++
	go func() {
		v := mailview.Analyze(r.Raw, mw.actx)
		mw.mb.Post(func() {
			mw.pending--
			if mw.gen != gen {
				return // the folder was opened again since: its UIDs mean nothing here
			}
			mw.views[uid] = v
			mw.msgList.Refresh() // its badges
			if uid == mw.wanted {
				mw.show(v)
				mw.say(func() string { return lang.L("Message checked.") })
			}
		})
	}()
}

func (mw *MailboxWindow) progress(r app.ResProgress) {
	mw.say(func() string {
		return lang.L("status.downloading", map[string]any{
			"Done": fmt.Sprintf("%.1f", float64(r.Done)/(1<<20)), "Total": fmt.Sprintf("%.1f", float64(r.Total)/(1<<20))})
	})
}

func folderLabel(f app.Folder) string {
	switch f.Use {
	case "inbox":
		return lang.L("Inbox")
	case "sent":
		return lang.L("Sent")
	case "junk":
		return lang.L("Junk")
	case "trash":
		return lang.L("Trash")
	case "archive":
		return lang.L("Archive")
	}
	return f.Name
}

func statusText(r app.ResStatus) string {
	switch r.State {
	case app.StatusConnected:
		return lang.L("Connected.")
	case app.StatusReconnecting:
		return lang.L("status.reconnecting", map[string]any{"Attempt": r.Attempt, "Wait": r.Wait.Round(time.Second).String(), "Error": errorLine(r.Err)})
	}
	return lang.L("status.offline", map[string]any{"Error": errorLine(r.Err)})
}

func certificateError(err error) (*app.CertificateError, bool) {
	var ce *app.CertificateError
	ok := errors.As(err, &ce)
	return ce, ok
}

// badgeText marks a message in the list once it has been analysed: the
// message's verdict first, then whether anything in it tracks.
func badgeText(v *mailview.View) string {
	if v == nil {
		return ""
	}
	danger, tracking := v.Verdict.Level == check.LevelDanger, false
	for _, r := range v.Resources {
		tracking = tracking || r.Tracks
	}
	var parts []string
	if danger {
		parts = append(parts, "⚠ "+lang.L("severity.danger"))
	}
	if tracking {
		parts = append(parts, "◉ "+lang.L("Tracking"))
	}
	return strings.Join(parts, " ")
}
