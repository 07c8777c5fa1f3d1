package ui

import (
	"net/url"
	"strings"

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

// MainWindow is the reading window of a file: the message list, and the
// reading pane (the message and the findings sidebar) beside it.
type MainWindow struct {
	Window fyne.Window
	*readingPane
	list    *messageList
	entries []Entry
	shown   int // index of the message shown, -1 before the first
}

// NewMainWindow builds the reading window over entries, with a reading pane
// built from opts, and shows the first one.
func NewMainWindow(a fyne.App, title string, entries []Entry, opts PaneOptions) *MainWindow {
	w := &MainWindow{
		Window:  a.NewWindow(title),
		entries: entries,
		shown:   -1,
	}
	w.readingPane = newReadingPane(a, w.Window, opts)
	w.list = newMessageList(entries, w.show)
	split := container.NewHSplit(w.list.object(), w.readingPane.object())
	split.Offset = 0.25
	w.Window.SetContent(split)
	w.Window.Resize(fyne.NewSize(1200, 760))
	listKeys(w.Window, func() int { return len(w.entries) }, func() int { return w.shown }, w.list.selectIndex, func() {}, func() {})
	if len(entries) > 0 {
		w.list.selectIndex(0)
	} else {
		w.Window.SetTitle(title + " — " + lang.L("Messages"))
	}
	return w
}

// Retranslate shows the window in the current language, keeping the open message.
func (w *MainWindow) Retranslate() {
	w.retranslate()
	w.list.list.Refresh()
	w.show(w.shown)
}

// show displays entry i in the reading pane.
func (w *MainWindow) show(i int) {
	if i < 0 || i >= len(w.entries) {
		return
	}
	w.shown = i
	w.showEntry(w.entries[i])
}

// confirmOpenLink shows a link's real target and what is wrong with it, and
// opens it in the system browser only when the reader agrees. Nothing is
// fetched by mailsafe itself.
func confirmOpenLink(a fyne.App, win fyne.Window, target string, v *mailview.View) {
	u, err := url.Parse(target)
	if err != nil {
		return
	}
	text := lang.L("link.confirm", map[string]any{"Target": target})
	if warnings := linkWarnings(target, v); len(warnings) > 0 {
		text = strings.Join(warnings, "\n") + "\n\n" + text
	}
	d := dialog.NewConfirm(lang.L("Open this link?"), text,
		func(ok bool) {
			if ok {
				_ = a.OpenURL(u)
			}
		}, win)
	d.SetConfirmText(lang.L("Open"))
	d.SetDismissText(lang.L("Cancel"))
	d.Show()
}

// linkWarnings lists, in the reader's language, the findings about a link.
func linkWarnings(target string, v *mailview.View) []string {
	if v == nil {
		return nil
	}
	var out []string
	language := readerLanguage()
	for _, l := range v.Links {
		if l.URL != target {
			continue
		}
		for _, issue := range l.Issues {
			for _, f := range v.Findings {
				if f.ID == issue {
					_, word, _ := severityLook(f.Severity)
					out = append(out, "• "+word+": "+f.Title.In(language))
				}
			}
		}
		break
	}
	return out
}
