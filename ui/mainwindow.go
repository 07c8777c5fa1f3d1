package ui

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// Entry is one message as the window lists it.
type Entry struct {
	ID   string // where it came from: a path, path#N, or a mailbox and UID
	View *mailview.View
	// Assumed is the address read as the reader's when none is set in
	// Settings → My addresses (the message's own recipient); "" otherwise.
	Assumed string
}

// MainWindow is the reading window of a file: the message list, and the
// reading pane (the message and the findings sidebar) beside it.
type MainWindow struct {
	Window fyne.Window
	*readingPane
	list    *messageList
	entries []Entry // newest first
	shown   int     // index of the message shown, -1 before the first
	// identity says whose mail this is read as: the address assumed
	// from the message when My addresses is not set.
	identity *flowText
}

// NewMainWindow builds the reading window over entries, with a reading pane
// built from opts, and shows the first one.
func NewMainWindow(a fyne.App, title string, entries []Entry, opts PaneOptions) *MainWindow {
	entries = append([]Entry(nil), entries...)
	sortEntries(entries)
	w := &MainWindow{
		Window:  a.NewWindow(title),
		entries: entries,
		shown:   -1,
	}
	w.readingPane = newReadingPane(a, w.Window, opts)
	w.list = newMessageList(entries, w.show)
	w.identity = newWrapLabel("")
	w.identity.Hide()
	split := container.NewHSplit(w.list.object(), w.readingPane.object())
	split.Offset = 0.25
	keepSplit(split, opts.Settings, "file.list")
	setMailContent(a, w.Window, container.NewBorder(nil, w.identity, nil, nil, split), opts.Settings)
	keys := listKeys(w.Window, func() int { return len(w.entries) }, func() int { return w.shown }, w.open, func() {}, func() {})
	w.list.list.keys = keys
	if len(entries) > 0 {
		w.list.selectIndex(0)
	} else {
		w.Window.SetTitle(title + " — " + lang.L("Messages"))
		w.readingPane.showEmpty(noMessageSelected)
	}
	return w
}

// Retranslate shows the window in the current language, keeping the open message.
func (w *MainWindow) Retranslate() {
	w.retranslate()
	w.list.list.Refresh()
	w.show(w.shown)
}

// open selects entry i and shows it (again, when it is the one shown).
func (w *MainWindow) open(i int) {
	if i == w.shown {
		w.show(i)
	}
	w.list.selectIndex(i)
}

// show displays entry i in the reading pane.
func (w *MainWindow) show(i int) {
	if i < 0 || i >= len(w.entries) {
		return
	}
	w.shown = i
	e := w.entries[i]
	w.showEntry(e)
	if e.Assumed == "" {
		w.identity.Hide()
	} else {
		w.identity.SetText("ⓘ " + lang.L("identity.assumed", map[string]any{"Addr": e.Assumed}))
		w.identity.Show()
	}
}

// confirmOpenLink shows where a link really goes (the target a known
// wrapper carries, read offline), what is wrong with it and which of its
// parameters only track the click, and opens it in the system browser only
// when the reader agrees: as it is, or as the bare target without its
// tracking parameters. Cancel is the default. Nothing is fetched by
// mailsafe itself.
func confirmOpenLink(a fyne.App, win fyne.Window, target string, v *mailview.View) {
	u, err := url.Parse(target)
	if err != nil {
		return
	}
	var parts []string
	warnings := linkWarnings(target, v)
	if len(warnings) > 0 {
		parts = append(parts, strings.Join(warnings, "\n"))
	}
	shown, clean := target, ""
	var through []string
	opaque, opaqueDomain := "", ""
	var params []string
	if l, ok := linkOf(target, v); ok {
		t := l.Target
		shown, through, opaque, opaqueDomain, params = t.URL, t.Wrappers, t.Opaque, t.OpaqueDomain, t.TrackingParams
		clean = t.Clean()
	}
	parts = append(parts, lang.L("link.target", map[string]any{"Target": shown}))
	if opaque != "" {
		parts = append(parts, lang.L("link.opaque", map[string]any{"Wrapper": opaque, "Domain": opaqueDomain}))
	} else if len(through) > 0 {
		parts = append(parts, lang.L("link.through", map[string]any{"Wrappers": strings.Join(through, " → ")}))
	}
	if len(params) > 0 {
		parts = append(parts, lang.L("link.params", map[string]any{"Params": strings.Join(params, ", ")}))
	}
	if clean != "" {
		parts = append(parts, lang.L("link.clean", map[string]any{"Clean": clean}))
	}
	parts = append(parts, lang.L("Open it in your web browser?"))
	text := newWrapLabel(strings.Join(parts, "\n\n"))
	d := dialog.NewCustomWithoutButtons(lang.L("Open this link?"), text, win)
	if len(warnings) > 0 {
		d.SetIcon(theme.WarningIcon()) // the dialog warns: no question mark, a warning
	}
	cancel := &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), Importance: widget.HighImportance, OnTapped: d.Hide}
	open := &widget.Button{Text: lang.L("Open"), OnTapped: func() {
		d.Hide()
		_ = a.OpenURL(u)
	}}
	buttons := []fyne.CanvasObject{cancel, open}
	if clean != "" {
		if cu, err := url.Parse(clean); err == nil {
			buttons = append(buttons, &widget.Button{Text: lang.L("Open without tracking parameters"), OnTapped: func() {
				d.Hide()
				_ = a.OpenURL(cu)
			}})
		}
	}
	d.SetButtons(buttons)
	width := fyne.Min(640, win.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
	d.Show()
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
}

// linkOf finds the link of the message shown whose URL is target.
func linkOf(target string, v *mailview.View) (check.Link, bool) {
	if v == nil {
		return check.Link{}, false
	}
	for _, l := range v.Links {
		if l.URL == target {
			return l, true
		}
	}
	return check.Link{}, false
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
