package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/app/oauth"
	"mailsafe/mailview"
)

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
	folderList *keyList
	// list is the open folder's messages, loaded a page at a time as the
	// list scrolls (the rows of envs, newest first).
	list     *app.FolderList
	shown    []int // indexes of envs the list shows (all, or those the search matches)
	selected int   // index into shown, -1 when none
	msgList  *keyList
	search   *searchEntry
	listNote *widget.Label // over the list: the folder is empty, or nothing matches
	quiet    bool          // the list's selection is being restored, not chosen by the reader
	*readingPane
	status     *widget.Label
	statusSays func() string // what the status line says, in the current language
	// accountName names the account over the folders; nameSays, when set,
	// gives it in the current language (the demo mailbox).
	accountName *widget.Label
	nameSays    func() string

	// All of it is the UI goroutine's: the model calls back there.
	folder string
	wanted uint32 // the UID the reader opened last; only it is shown
	gen    int    // counts folder openings: UIDs of an earlier opening mean nothing now
	// verdicts computes the list's badges (from each header, then from
	// bodies read ahead) and keeps the analyses: the window only shows them.
	verdicts *app.ListVerdicts
}

// NewMailboxWindow builds the window for the account named account over
// its worker, which it owns from now on: closing the window stops it.
// do runs a function on the UI goroutine without waiting (fyne.Do).
// onTrust is called when the server's certificate fails verification
// (nil: only shown).
func NewMailboxWindow(a fyne.App, account string, w *app.Worker, do func(func()), actx mailview.Reader, onTrust func(*app.CertificateError), pane PaneOptions) *MailboxWindow {
	mw := &MailboxWindow{Window: a.NewWindow("mailsafe — " + account), actx: actx, onTrust: onTrust, do: do}
	mw.mb = app.NewMailbox(w, do, mw.report)
	mw.verdicts = app.NewListVerdicts(mw.mb, mw.reader, mw.analysed)
	mw.list = app.NewFolderList(mw.mb, mw.verdicts, mw.listChanged)
	mw.Window.SetOnClosed(mw.Close)
	mw.readingPane = newReadingPane(a, mw.Window, pane)
	mw.status = widget.NewLabel("")
	mw.say(func() string { return lang.L("Connecting…") })
	mw.folderList = newKeyList(
		func() int { return len(mw.folders) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(folderLabel(mw.folders[i])) },
	)
	mw.folderList.OnSelected = func(i widget.ListItemID) {
		mw.setJunk(mw.folders[i].Use == "junk")
		mw.openFolder(mw.folders[i].Name)
	}
	mw.selected = -1
	mw.msgList = newKeyList(
		func() int { return len(mw.shown) },
		newListRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := mw.envs()[mw.shown[i]]
			r := listRow{name: e.FromName, addr: e.FromAddr, date: e.Date, subject: e.Subject}
			r.badge, r.hasBadge = mw.verdicts.Badge(e.UID)
			fillListRow(o, r)
			// Pages come as the list scrolls: a row near the end of those
			// loaded asks for the next (the end of a search's matches too).
			mw.list.Show(mw.shown[i])
			if i == len(mw.shown)-1 {
				mw.list.Show(len(mw.envs()) - 1)
			}
		},
	)
	mw.msgList.OnSelected = func(i widget.ListItemID) {
		if mw.quiet {
			return
		}
		mw.selected = i
		mw.openMessage(mw.envs()[mw.shown[i]].UID)
	}
	mw.search = newSearchEntry()
	mw.search.SetPlaceHolder(lang.L("Search subject or sender (Ctrl+F)"))
	mw.search.OnChanged = func(string) { mw.filter() }
	mw.search.Hide()
	mw.listNote = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	mw.listNote.Wrapping = fyne.TextWrapWord
	mw.listNote.Hide()

	list := container.NewBorder(mw.search, nil, nil, nil,
		container.NewStack(mw.msgList, container.NewVBox(mw.listNote)))
	middle := container.NewHSplit(list, mw.readingPane.object())
	middle.Offset = 0.32
	mw.accountName = widget.NewLabelWithStyle(account, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	mw.accountName.Truncation = fyne.TextTruncateEllipsis
	outer := container.NewHSplit(container.NewBorder(mw.accountName, nil, nil, nil, mw.folderList), middle)
	outer.Offset = 0.14
	keepSplit(middle, pane.Settings, "mailbox.list")
	keepSplit(outer, pane.Settings, "mailbox.folders")
	setMailContent(a, mw.Window, container.NewBorder(nil, mw.status, nil, nil, outer), pane.Settings)
	mw.readingPane.showEmpty(noMessageSelected)

	keys := listKeys(mw.Window, func() int { return len(mw.shown) }, func() int { return mw.selected },
		mw.openShown,
		func() { mw.search.Show(); mw.Window.Canvas().Focus(mw.search) },
		mw.endSearch)
	mw.msgList.keys, mw.folderList.keys, mw.search.keys = keys, keys, keys
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
	mw.shown, mw.selected, mw.wanted = nil, -1, 0
	mw.gen++
	mw.list.Reset(mw.mb)
	mw.folderList.UnselectAll()
	mw.folderList.Refresh()
	mw.msgList.UnselectAll()
	mw.msgList.Refresh()
	mw.say(func() string { return lang.L("Connecting…") })
	mw.mb.ListFolders(mw.listed)
}

// Retranslate shows the window in the current language, keeping the
// folder, the list and the open message.
func (mw *MailboxWindow) Retranslate() {
	mw.retranslate()
	if v := mw.verdicts.View(mw.wanted); v != nil && mw.selected >= 0 {
		mw.show(v)
	}
	mw.search.SetPlaceHolder(lang.L("Search subject or sender (Ctrl+F)"))
	mw.folderList.Refresh()
	mw.msgList.Refresh()
	mw.updateListNote()
	mw.status.SetText(mw.statusSays())
	if mw.nameSays != nil {
		mw.accountName.SetText(mw.nameSays())
	}
}

// say sets the status line; text is asked again when the language changes.
func (mw *MailboxWindow) say(text func() string) {
	mw.statusSays = text
	mw.status.SetText(text())
}

// envs are the messages of the open folder loaded so far, newest first.
func (mw *MailboxWindow) envs() []app.Envelope { return mw.list.Rows() }

// filter shows the loaded messages whose subject or sender holds the search text.
func (mw *MailboxWindow) filter() {
	q := mw.search.Text
	mw.shown = mw.shown[:0]
	keep := -1
	for i, e := range mw.envs() {
		if q == "" || e.Matches(q) {
			if e.UID == mw.wanted && mw.wanted != 0 {
				keep = len(mw.shown)
			}
			mw.shown = append(mw.shown, i)
		}
	}
	mw.quiet = true
	if keep >= 0 {
		mw.selected = keep
		mw.msgList.Select(keep)
	} else {
		mw.selected = -1
		mw.msgList.UnselectAll()
		if mw.wanted != 0 {
			// The open message is not in the list any more: it leaves the pane too.
			mw.wanted = 0
			mw.mb.LeaveMessage()
			mw.readingPane.showEmpty(noMessageSelected)
		}
	}
	mw.quiet = false
	mw.msgList.Refresh()
	mw.updateListNote()
}

// updateListNote says over the list why it is empty: the folder holds no
// message, or the search matches none.
func (mw *MailboxWindow) updateListNote() {
	switch {
	case len(mw.shown) > 0 || !mw.list.Loaded():
		mw.listNote.Hide()
		return
	case len(mw.envs()) == 0:
		mw.listNote.SetText(lang.L("This folder is empty."))
	default:
		mw.listNote.SetText(lang.L("No matches"))
	}
	mw.listNote.Show()
}

// openShown selects the message the list shows at i and opens it (again,
// when it is the selected one).
func (mw *MailboxWindow) openShown(i int) {
	if i < 0 || i >= len(mw.shown) {
		return
	}
	if i == mw.selected {
		mw.openMessage(mw.envs()[mw.shown[i]].UID)
	} else {
		mw.msgList.Select(i)
	}
	mw.msgList.ScrollTo(i)
}

// endSearch clears the search, hides its box and gives the keys back to the list.
func (mw *MailboxWindow) endSearch() {
	if !mw.search.Visible() && mw.search.Text == "" {
		return
	}
	mw.search.SetText("")
	mw.search.Hide()
	mw.Window.Canvas().Focus(mw.msgList)
}

// noMessageSelected is the reading pane's text when no message is open.
func noMessageSelected() string { return lang.L("No message selected.") }

// reader is the analysis settings of the window: its own (the account's
// or the demo's) with the reader's identity from Settings as it is now.
func (mw *MailboxWindow) reader() mailview.Reader {
	return app.WithIdentity(mw.actx, mw.readingPane.opts.Settings)
}

func (mw *MailboxWindow) openFolder(name string) {
	mw.say(func() string { return lang.L("status.openingfolder", map[string]any{"Folder": name}) })
	mw.folder = name
	mw.gen++
	mw.wanted = 0 // the model drops what was on its way for the folder left
	mw.shown, mw.selected = nil, -1
	mw.list.Open(name, mw.opened) // forgets the rows and badges of the folder left
	mw.msgList.UnselectAll()
	mw.msgList.Refresh()
	mw.updateListNote()
	// The message of the folder left goes with it: nothing of it stays
	// on screen, nor can be loaded, under another folder's name.
	mw.readingPane.showEmpty(noMessageSelected)
}

// openMessage shows a message, fetching it unless analysed already. The
// message the reader leaves stops downloading (unless shared).
func (mw *MailboxWindow) openMessage(uid uint32) {
	mw.wanted = uid
	if v := mw.verdicts.View(uid); v != nil {
		mw.mb.LeaveMessage()
		mw.mb.MarkOpened(uid)
		mw.show(v)
		return
	}
	if mw.verdicts.Analysing(uid) {
		// Its body is in and being analysed (read ahead): the analysis
		// shows it, as the message the reader opened.
		mw.mb.LeaveMessage()
		mw.mb.MarkOpened(uid)
		mw.say(func() string { return lang.L("Checking the message…") })
		return
	}
	mw.say(func() string { return lang.L("Opening the message…") })
	mw.mb.OpenMessage(uid, func(r app.ResBody) { mw.arrived(uid, r) }, mw.progress)
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
		if r.State == app.StatusOffline && (errors.Is(r.Err, app.ErrLoginFailed) || errors.As(r.Err, new(*oauth.Error))) && mw.OnLoginFailed != nil {
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
			mw.list.NewMail(r.Count) // on top
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
	mw.say(func() string {
		return fmt.Sprintf("%s: %s", r.Folder, lang.L("folder.count", map[string]any{"Count": r.State.Count}))
	})
}

// listChanged follows the folder's list: a page came in (the first, more
// as the list scrolled, or new mail on top), or failed.
func (mw *MailboxWindow) listChanged(c app.ListChange) {
	if c.Err != nil {
		mw.say(func() string { return errorLine(c.Err) })
		return
	}
	mw.filter()
	if c.First && len(mw.shown) > 0 {
		mw.msgList.Select(0)
	}
	if len(mw.envs()) == 0 {
		mw.readingPane.showEmpty(func() string { return lang.L("This folder is empty.") })
	}
}

// arrived takes the body of a message the reader opened (the model drops
// bodies of a folder left): the model analyses it, once, off the UI
// goroutine, and analysed shows it.
func (mw *MailboxWindow) arrived(uid uint32, r app.ResBody) {
	if r.Err != nil {
		mw.say(func() string { return errorLine(r.Err) })
		return
	}
	// Analysis takes most of a second for a message with a 50 MB
	// attachment: it runs off the UI goroutine, which shows progress.
	mw.say(func() string { return lang.L("Checking the message…") })
	mw.verdicts.Analyse(uid, r.Raw)
}

// analysed follows the model: a message's badge or analysis is new (uid 0:
// several badges). The list shows the badges; the message the reader
// opened is shown once its analysis is in.
func (mw *MailboxWindow) analysed(uid uint32) {
	mw.msgList.Refresh()
	if uid == 0 || uid != mw.wanted {
		return
	}
	if v := mw.verdicts.View(uid); v != nil && (!mw.readingPane.showing() || mw.message.view != v) {
		mw.show(v)
		mw.say(func() string { return lang.L("Message checked.") })
	}
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
