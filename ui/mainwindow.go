package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"mailsafe/mailview"
)

// Entry is one message as the window lists it.
type Entry struct {
	ID   string // where it came from: a path, path#N, or a mailbox and UID
	View *mailview.View
}

// MainWindow is the reading window: the message list, the message, and the
// findings sidebar side by side.
type MainWindow struct {
	Window  fyne.Window
	list    *messageList
	message *messageView
	sidebar *sidebar
	entries []Entry
}

// NewMainWindow builds the reading window over entries and shows the first one.
func NewMainWindow(a fyne.App, title string, entries []Entry) *MainWindow {
	w := &MainWindow{
		Window:  a.NewWindow(title),
		sidebar: newSidebar(),
		entries: entries,
	}
	w.message = newMessageView(func(target string) { confirmOpenLink(a, w.Window, target) })
	w.list = newMessageList(entries, w.show)
	right := container.NewHSplit(w.message.object(), w.sidebar.object())
	right.Offset = 0.7
	split := container.NewHSplit(w.list.object(), right)
	split.Offset = 0.25
	w.Window.SetContent(split)
	w.Window.Resize(fyne.NewSize(1200, 760))
	if len(entries) > 0 {
		w.list.selectIndex(0)
	} else {
		w.Window.SetTitle(title + " — " + lang.L("Messages"))
	}
	return w
}

// show displays entry i in the message view and the sidebar.
func (w *MainWindow) show(i int) {
	if i < 0 || i >= len(w.entries) {
		return
	}
	e := w.entries[i]
	w.message.show(e)
	w.sidebar.show(e.View)
}

// confirmOpenLink shows a link's real target and opens it in the system
// browser only when the reader agrees. Nothing is fetched by mailsafe itself.
func confirmOpenLink(a fyne.App, win fyne.Window, target string) {
	u, err := url.Parse(target)
	if err != nil {
		return
	}
	d := dialog.NewConfirm(lang.L("Open this link?"), lang.L("link.confirm", map[string]any{"Target": target}),
		func(ok bool) {
			if ok {
				_ = a.OpenURL(u)
			}
		}, win)
	d.SetConfirmText(lang.L("Open"))
	d.SetDismissText(lang.L("Cancel"))
	d.Show()
}
