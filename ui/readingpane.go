package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
)

// PaneOptions is everything a reading pane needs besides its window. It is
// given once, when the pane is built, by the mailbox window and the file
// window alike: there is no setter to forget.
type PaneOptions struct {
	// Loader fetches the images the reader allowed (app.HTTPLoader in the
	// application). nil: Load images explains that nothing can be fetched.
	Loader app.ImageLoader
	// Settings give the proxy, the trusted senders and the security team's
	// address. nil: none of them.
	Settings *app.Settings
	// Lookup answers "Look up sender domain". nil: the button is hidden.
	Lookup *app.DomainLookup
	// HitLog is the record of the demo's beacon server. Set: "What the
	// sender saw" shows the requests for the message on screen in its own
	// section under the findings, refreshed after every load.
	HitLog func() []app.Hit
	// Do runs a function on the UI goroutine for the pane's own goroutines
	// (an image load, a saved attachment, a domain lookup). nil: fyne.Do.
	Do func(func())
}

// readingPane is the one reading pane of every window: the message (header
// block, attachments, load bar, body) and beside it the findings sidebar
// with the lookups, and the sender log when there is a hit log.
type readingPane struct {
	app    fyne.App
	window fyne.Window
	opts   PaneOptions

	message   *messageView
	sidebar   *sidebar
	senderLog *senderLog       // nil without opts.HitLog
	split     *container.Split // the message and the side

	// The empty state, shown instead of the split when there is no message
	// to show (an empty folder, no selection): never a stale message.
	empty     *widget.Label
	emptySays func() string // its text in the current language; nil while a message is shown
	root      *fyne.Container
}

// newReadingPane builds the pane for window w with everything it needs.
func newReadingPane(a fyne.App, w fyne.Window, opts PaneOptions) *readingPane {
	p := &readingPane{app: a, window: w, opts: opts}
	p.build(false)
	p.split = container.NewHSplit(p.message.object(), p.side())
	p.split.Offset = 0.7
	p.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	p.empty.Wrapping = fyne.TextWrapWord
	emptyBox := container.NewVBox(layout.NewSpacer(), p.empty, layout.NewSpacer())
	emptyBox.Hide()
	p.root = container.NewStack(p.split, emptyBox)
	return p
}

// build makes the parts in the current language; junk carries over the
// Junk state of the parts it replaces.
func (p *readingPane) build(junk bool) {
	p.sidebar = newSidebar(p.app)
	p.sidebar.lookup.lookup = p.opts.Lookup
	p.sidebar.lookup.settings = p.opts.Settings
	p.sidebar.lookup.do = p.opts.Do
	var afterLoad func()
	p.senderLog = nil
	if p.opts.HitLog != nil {
		p.senderLog = newSenderLog(p.opts.HitLog)
		afterLoad = p.senderLog.refresh
	}
	p.message = newMessageView(messageDeps{
		app:       p.app,
		window:    p.window,
		loader:    p.opts.Loader,
		settings:  p.opts.Settings,
		onLink:    func(target string) { confirmOpenLink(p.app, p.window, target, p.message.view) },
		lookups:   func() []app.LookupResult { return p.sidebar.lookup.resultsFor(p.message.view) },
		afterLoad: afterLoad,
		junk:      junk,
		do:        p.opts.Do,
	})
}

// side is the sidebar, with the sender log under it when there is one.
func (p *readingPane) side() fyne.CanvasObject {
	if p.senderLog == nil {
		return p.sidebar.object()
	}
	split := container.NewVSplit(p.sidebar.object(), p.senderLog.object())
	split.Offset = 0.65
	return split
}

// object is the pane as the window lays it out.
func (p *readingPane) object() fyne.CanvasObject { return p.root }

// showEmpty shows the empty state saying says (asked again when the
// language changes) instead of a message: the message shown before goes,
// its loads stop, and nothing of it can be loaded any more.
func (p *readingPane) showEmpty(says func() string) {
	p.message.stop()
	p.message.view = nil
	if p.senderLog != nil {
		p.senderLog.show(nil)
	}
	p.emptySays = says
	p.empty.SetText(says())
	p.split.Hide()
	p.root.Objects[1].Show()
}

// showing tells whether the pane shows a message (not the empty state).
func (p *readingPane) showing() bool { return p.emptySays == nil && p.message.view != nil }

// showEntry shows a message in the pane and its findings in the sidebar.
func (p *readingPane) showEntry(e Entry) {
	if p.emptySays != nil {
		p.emptySays = nil
		p.root.Objects[1].Hide()
		p.split.Show()
	}
	p.message.show(e)
	p.sidebar.show(e.View)
	if p.senderLog != nil {
		p.senderLog.show(e.View)
	}
}

// setJunk tells the pane whether the message comes from the Junk folder.
func (p *readingPane) setJunk(junk bool) { p.message.setJunk(junk) }

// retranslate rebuilds the pane in the current language with the same
// options and Junk state; the window shows its open message again (loaded
// images are not kept: the reader loads them again if wanted).
func (p *readingPane) retranslate() {
	old := p.message
	old.stop()
	p.build(old.junk)
	if p.senderLog != nil && p.emptySays == nil {
		p.senderLog.show(old.view)
	}
	p.message.onLoaded, p.message.afterWrite = old.onLoaded, old.afterWrite
	p.split.Leading, p.split.Trailing = p.message.object(), p.side()
	p.split.Refresh()
	if p.emptySays != nil {
		p.empty.SetText(p.emptySays())
	}
}
