package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// messageView is the centre pane: the header block, what is attached, a note
// that remote content is blocked, and the body as text.
type messageView struct {
	from, to, cc, date, subject *widget.Label
	replyTo                     *widget.Label
	ccRow                       []fyne.CanvasObject
	replyToRow                  []fyne.CanvasObject // shown when Reply-To is set and differs from From
	verdict                     *verdictBanner
	attachmentRows              *fyne.Container
	body                        *fyne.Container // the rendered document
	// scroll holds the whole message, the verdict, header, attachments
	// and bars over the body, in one scroll: the body never gets only what
	// the top leaves of a short window, the reader scrolls the top away.
	scroll *container.Scroll
	top    *fyne.Container // the verdict, header, attachments and bars over the body
	root   fyne.CanvasObject
	header *fyne.Container // From, Reply-To, To, Cc, Date, Subject
	onLink func(target string)

	// The load bar: the reader's choice about remote images.
	loadBar    *fyne.Container
	loadInfo   *flowText
	keepBtn    *widget.Button
	allBtn     *widget.Button
	trustBtn   *widget.Button
	viaProxy   *widget.Check   // "through the proxy", shown when one is set
	blocked    *flowText       // says whether anything of the message was loaded
	proxyLine  *fyne.Container // names a failing proxy once, at the top of the load result
	trustNote  *widget.Label   // why a trusted sender's images did not load by themselves
	junkBanner *fyne.Container
	junk       bool
	do         func(func())               // runs a function on the UI goroutine: fyne.Do, or the session's
	slots      map[string]*fyne.Container // blocked image URL -> where it sits
	view       *mailview.View

	loader     app.ImageLoader           // nil: none (the reader is told so)
	onLoaded   func()                    // called once a load has been applied (tests wait on it)
	afterWrite func(error)               // called once a save or report has finished and been shown (tests wait on it)
	stopLoad   func()                    // cancels the images still loading for the open message
	stopDecode func()                    // cancels the decoding of the open message's own images
	afterLoad  func()                    // called after each load, e.g. to refresh the sender log
	loadSeq    int                       // counts loads: only the newest may change the view
	source     string                    // where the open message was read, for reports
	lookups    func() []app.LookupResult // the registry answers the reader asked for, for reports
	settings   *app.Settings             // for the sender trust list; may be nil
	window     fyne.Window
	app        fyne.App
}

// messageDeps is what the reading pane gives its message view.
type messageDeps struct {
	app       fyne.App
	window    fyne.Window
	loader    app.ImageLoader
	settings  *app.Settings
	onLink    func(target string)       // the reader tapped a link; target is its real target
	lookups   func() []app.LookupResult // the registry answers about the open message
	afterLoad func()                    // after each load (nil: nothing)
	junk      bool                      // the message comes from the Junk folder
	do        func(func())              // runs a function on the UI goroutine (nil: fyne.Do)
}

// newMessageView builds the centre pane of a reading pane.
func newMessageView(d messageDeps) *messageView {
	mv := &messageView{onLink: d.onLink, app: d.app, window: d.window, loader: d.loader, settings: d.settings,
		lookups: d.lookups, afterLoad: d.afterLoad, junk: d.junk, do: d.do}
	if mv.do == nil {
		mv.do = fyne.Do
	}
	value := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	mv.from, mv.to, mv.cc, mv.date, mv.subject, mv.replyTo = value(), value(), value(), value(), value(), value()
	mv.subject.TextStyle = fyne.TextStyle{Bold: true}
	key := func(k string) *widget.Label {
		return widget.NewLabelWithStyle(lang.L(k), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	ccKey := key("Cc")
	mv.ccRow = []fyne.CanvasObject{ccKey, mv.cc}
	replyToKey := key("Reply-To")
	mv.replyToRow = []fyne.CanvasObject{replyToKey, mv.replyTo}
	header := container.New(newFormLayout(),
		key("From"), mv.from,
		replyToKey, mv.replyTo,
		key("To"), mv.to,
		ccKey, mv.cc,
		key("Date"), mv.date,
		key("Subject"), mv.subject,
	)
	mv.header = header
	mv.attachmentRows = container.NewVBox()
	headersBtn := widget.NewButton(lang.L("Headers"), func() {
		if mv.view != nil && mv.app != nil {
			showText(mv.app, lang.L("Headers")+" — "+subjectText(mv.view), headerText(mv.view))
		}
	})
	sourceBtn := widget.NewButton(lang.L("Source"), func() {
		if mv.view != nil && mv.app != nil {
			showText(mv.app, lang.L("Source")+" — "+subjectText(mv.view), sourceText(mv.view))
		}
	})
	reportBtn := widget.NewButton(lang.L("Report to IT…"), mv.reportToIT)
	headersBtn.Importance, sourceBtn.Importance, reportBtn.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
	mv.blocked = newWrapLabel(lang.L("body.blocked"))
	mv.blocked.SetImportance(widget.MediumImportance) // the product's promise, at full contrast
	banner := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, mv.blocked)

	mv.body = container.NewVBox()
	mv.loadInfo = newWrapLabel("")
	mv.keepBtn = widget.NewButtonWithIcon(lang.L("Load images, keep trackers blocked"), theme.DownloadIcon(), func() { mv.load(app.LoadKeepTrackersBlocked) })
	mv.allBtn = widget.NewButton(lang.L("Load everything"), func() { mv.load(app.LoadEverything) })
	mv.trustBtn = widget.NewButton(lang.L("Always load images from this sender"), mv.trustSender)
	mv.viaProxy = widget.NewCheck("", nil)
	mv.viaProxy.SetChecked(true)
	mv.viaProxy.Hide()
	mv.proxyLine = container.NewVBox()
	mv.proxyLine.Hide()
	mv.trustNote = widget.NewLabel("")
	mv.trustNote.Wrapping = fyne.TextWrapWord
	mv.trustNote.Importance = widget.WarningImportance
	mv.trustNote.Hide()
	// The buttons wrap onto as many rows as the pane's width needs: the
	// widest of them, not their row, sets the pane's minimum width, so the
	// message list beside it stays readable.
	mv.loadBar = container.NewVBox(mv.proxyLine, mv.loadInfo, mv.trustNote, container.New(layout.NewRowWrapLayout(), mv.keepBtn, mv.allBtn, mv.trustBtn, mv.viaProxy))
	mv.loadBar.Hide()
	junkText := newWrapLabel(lang.L("junk.caution"))
	junkText.SetImportance(widget.WarningImportance)
	mv.junkBanner = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, junkText)
	mv.junkBanner.Hide()
	mv.verdict = newVerdictBanner()
	mv.top = container.NewVBox(mv.verdict.root, header, container.NewHBox(headersBtn, sourceBtn, reportBtn), mv.attachmentRows, widget.NewSeparator(), mv.junkBanner, banner, mv.loadBar)
	mv.scroll = newVScroll(container.NewVBox(mv.top, mv.body))
	mv.root = mv.scroll
	return mv
}

func (mv *messageView) object() fyne.CanvasObject { return mv.root }

func (mv *messageView) show(e Entry) {
	mv.stop() // the reader moved on: what the last message was loading is not wanted
	v := e.View
	mv.source = e.ID
	mv.blocked.SetText(lang.L("body.blocked"))
	mv.from.SetText(clipShown(addressList(v.From)))
	mv.to.SetText(clipShown(addressList(v.To)))
	mv.cc.SetText(clipShown(addressList(v.Cc)))
	showRow(mv.ccRow, len(v.Cc) > 0)
	mv.replyTo.SetText(clipShown(addressList(v.ReplyTo)))
	showRow(mv.replyToRow, repliesElsewhere(v))
	mv.verdict.show(v)
	if v.Date.IsZero() {
		mv.date.SetText(lang.L("(no date)"))
	} else {
		mv.date.SetText(longDate(v.Date.Local()))
	}
	mv.subject.SetText(subjectText(v))
	// The rows take the heights of their new values (one line or two)
	// at once: the labels' heights change, the header's total may not,
	// and the window would not lay the rows out again.
	mv.header.Refresh()
	mv.showAttachments(v, false)
	if len(v.Attachments) == 0 {
		mv.attachmentRows.Hide()
	} else {
		mv.attachmentRows.Show()
	}
	mv.view = v
	ctx, cancel := context.WithCancel(context.Background())
	mv.stopDecode = cancel
	mv.body.Objects, mv.slots = renderDocument(ctx, v, mv.onLink, mv.do)
	mv.body.Refresh()
	mv.scroll.ScrollToTop()
	mv.showLoadBar(v)
}

// setJunk tells the view whether the open folder is Junk: loading is then
// never the default, and a banner says why.
func (mv *messageView) setJunk(junk bool) {
	mv.junk = junk
	if mv.view != nil {
		mv.showLoadBar(mv.view)
	}
}

func (mv *messageView) showLoadBar(v *mailview.View) {
	mv.showProxyFailure(nil)
	images := app.AllowedResources(v.Resources, app.LoadEverything)
	if len(images) == 0 {
		mv.loadBar.Hide()
		mv.junkBanner.Hide()
		return
	}
	trackers := len(images) - len(app.AllowedResources(v.Resources, app.LoadKeepTrackersBlocked))
	mv.loadInfo.SetText(lang.L("load.info", map[string]any{"Images": len(images), "Trackers": trackers}))
	// In Junk, or on a message the verdict warns about, loading is offered
	// but never as the default. Trusting the sender is offered only when
	// the trust could apply to the message (not warned: app.SenderTrust)
	// and the sender is not on the list already.
	warned := v.Verdict.Level.Warns()
	var trust app.SenderTrust
	if mv.settings != nil {
		trust = mv.settings.TrustFor(v)
	}
	if mv.junk {
		mv.junkBanner.Show()
	} else {
		mv.junkBanner.Hide()
	}
	if mv.junk || warned {
		mv.keepBtn.Importance = widget.MediumImportance
	} else {
		mv.keepBtn.Importance = widget.HighImportance
	}
	mv.keepBtn.Refresh()
	if warned || mv.settings == nil || trust.Listed {
		mv.trustBtn.Hide()
	} else {
		mv.trustBtn.Show()
	}
	if p := mv.proxy(); p != nil {
		mv.viaProxy.SetText(lang.L("Through the proxy {{.Proxy}}", map[string]any{"Proxy": p.Redacted()}))
		mv.viaProxy.Show()
	} else {
		mv.viaProxy.Hide()
	}
	mv.loadBar.Show()
	mv.trustNote.Hide()
	switch {
	case trust.Applies() && !mv.junk:
		mv.load(app.LoadKeepTrackersBlocked) // the reader chose to always load this sender's images
	case trust.Listed && !trust.Applies():
		mv.trustNote.SetText(trustRefusal(trust))
		mv.trustNote.Show()
	}
}

// trustRefusal says why a listed sender's images did not load by themselves.
func trustRefusal(t app.SenderTrust) string {
	reason := ""
	switch t.Proof {
	case check.ProofAuthenticated:
		return lang.L("trust.refused.verdict")
	case check.ProofNotOneSender:
		reason = lang.L("trust.reason.not-one-sender")
	case check.ProofNoStamp:
		reason = lang.L("trust.reason.no-stamp")
	case check.ProofFailed:
		reason = lang.L("trust.reason.failed")
	case check.ProofUnaligned:
		reason = lang.L("trust.reason.unaligned")
	case check.ProofBelowStamp:
		reason = lang.L("trust.reason.below-stamp")
	default:
		reason = lang.L("trust.reason.no-result")
	}
	return lang.L("trust.refused", map[string]any{"Reason": reason})
}

// proxy is the proxy set in the settings, or nil.
func (mv *messageView) proxy() *url.URL {
	if mv.settings == nil {
		return nil
	}
	return mv.settings.Proxy()
}

func (mv *messageView) trustSender() {
	if mv.view == nil || len(mv.view.From) == 0 {
		return
	}
	if mv.settings != nil {
		mv.settings.TrustSender(mv.view.From[0].Addr)
		mv.trustBtn.Hide() // done: nothing more to offer
	}
	mv.load(app.LoadKeepTrackersBlocked)
}

// load asks the loader for exactly what the reader allowed, and puts each
// image where its placeholder was.
func (mv *messageView) load(mode app.LoadMode) {
	v := mv.view
	if v == nil {
		return
	}
	allowed := app.AllowedResources(v.Resources, mode)
	if mv.loader == nil {
		if mv.window != nil {
			dialog.ShowInformation(lang.L("Load images"), lang.L("loader.unavailable"), mv.window)
		}
		return
	}
	declared := map[string]*safedoc.Image{}
	for _, b := range v.Document.Blocks {
		if b.Image != nil && b.Image.URL != "" {
			declared[b.Image.URL] = b.Image
		}
	}
	if mv.stopLoad != nil { // a newer decision replaces the load under way
		mv.stopLoad()
	}
	ctx, cancel := context.WithCancel(context.Background())
	mv.stopLoad = cancel
	opts := app.LoadOptions{Mode: mode}
	if p := mv.proxy(); p != nil && mv.viaProxy.Checked {
		opts.Proxy = p
	}
	results := mv.loader.Load(ctx, allowed, opts)
	// The reader has chosen: no button stays the default (a second tap
	// still loads again, say after a proxy failure).
	mv.keepBtn.Importance = widget.MediumImportance
	mv.keepBtn.Refresh()
	if mode == app.LoadEverything {
		mv.blocked.SetText(lang.L("body.loaded.all"))
	} else {
		mv.blocked.SetText(lang.L("body.loaded.images"))
	}
	mv.loadInfo.SetText(lang.L("load.progress", map[string]any{"Done": 0, "Total": len(allowed)}))
	mv.showProxyFailure(nil)
	mv.loadSeq++
	seq := mv.loadSeq
	current := func() bool { return mv.view == v && mv.loadSeq == seq } // not moved on, not replaced
	go func() {
		defer cancel()
		loaded, failed := 0, 0
		for img := range results {
			var pic *decodedImage
			if img.Err == nil {
				pic = decodeImage(img.Data) // here, off the UI goroutine
			}
			mv.do(func() {
				if !current() {
					return
				}
				slot, ok := mv.slots[img.URL]
				defer func() {
					mv.loadInfo.SetText(lang.L("load.progress", map[string]any{"Done": loaded + failed, "Total": len(allowed)}))
				}()
				if img.Err != nil {
					failed++
					if !ok {
						return
					}
					if f, isProxy := app.ProxyFailure(img.Err); isProxy {
						// The proxy is named once, at the top; each image only points there.
						mv.showProxyFailure(f)
						slot.Objects = []fyne.CanvasObject{sentenceWithDetail(lang.L("image.failed.proxy"), "", widget.MediumImportance)}
					} else {
						sentence, detail := failureSentence(img.Err)
						slot.Objects = []fyne.CanvasObject{sentenceWithDetail(lang.L("image.failed", map[string]any{"Reason": sentence}), detail, widget.MediumImportance)}
					}
					slot.Refresh()
					return
				}
				if obj := loadedImage(pic, declared[img.URL]); obj != nil && ok {
					slot.Objects = []fyne.CanvasObject{obj}
					slot.Refresh()
				}
				loaded++
			})
		}
		mv.do(func() {
			if mv.loadSeq != seq {
				return // a newer load reports instead
			}
			if mv.view == v {
				trackers := len(app.AllowedResources(v.Resources, app.LoadEverything)) - len(allowed)
				mv.loadInfo.SetText(lang.L("load.done", map[string]any{"Loaded": loaded, "Trackers": trackers, "Failed": failed}))
			}
			if mv.afterLoad != nil {
				mv.afterLoad()
			}
			if mv.onLoaded != nil {
				mv.onLoaded()
			}
		})
	}()
}

// showProxyFailure names the failing proxy once, at the top of the load
// result, with what it said folded below; nil clears the line. Only the
// first failure of a load is shown: the rest say the same.
func (mv *messageView) showProxyFailure(f *app.Failure) {
	if f == nil {
		if mv.proxyLine.Visible() {
			mv.proxyLine.Objects = nil
			mv.proxyLine.Hide()
			mv.root.Refresh()
		}
		return
	}
	if len(mv.proxyLine.Objects) > 0 {
		return
	}
	key := "load.proxy.refused"
	if f.Kind == app.ErrProxyUnreachable {
		key = "load.proxy.unreachable"
	}
	mv.proxyLine.Objects = []fyne.CanvasObject{sentenceWithDetail(lang.L(key, map[string]any{"Proxy": f.Proxy}), f.Detail(), widget.DangerImportance)}
	mv.proxyLine.Show()
	mv.root.Refresh() // the load bar grows: lay the pane out again
}

func showRow(row []fyne.CanvasObject, visible bool) {
	for _, o := range row {
		if visible {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// repliesElsewhere tells whether a reply would go to an address other than
// the sender's.
func repliesElsewhere(v *mailview.View) bool {
	from := map[string]bool{}
	for _, a := range v.From {
		from[a.Canonical()] = true
	}
	for _, a := range v.ReplyTo {
		if !from[a.Canonical()] {
			return true
		}
	}
	return false
}

func addressList(list []message.Address) string {
	s := ""
	for i, a := range list {
		if i > 0 {
			s += ", "
		}
		s += a.String()
	}
	return s
}

// shownAttachments is how many attachment rows a message shows until the
// reader asks for all: a mail of twenty photos keeps its text in view.
const shownAttachments = 3

// showAttachments lists the message's attachments, those with findings
// first; unless all, no more than shownAttachments of the others, and a
// button that shows the rest.
func (mv *messageView) showAttachments(v *mailview.View, all bool) {
	type row struct {
		att      check.Attachment
		warnings []string
	}
	var warned, plain []row
	for _, att := range v.Attachments {
		if w := attachmentWarnings(att, v); len(w) > 0 {
			warned = append(warned, row{att, w})
		} else {
			plain = append(plain, row{att, nil})
		}
	}
	rows := append(warned, plain...)
	shown := len(rows)
	if !all && len(rows) > shownAttachments+1 { // hiding a single row would save nothing
		shown = max(shownAttachments, len(warned))
	}
	mv.attachmentRows.Objects = nil
	for _, r := range rows[:shown] {
		mv.attachmentRows.Add(mv.attachmentRow(r.att, r.warnings))
	}
	if shown < len(rows) {
		more := widget.NewButtonWithIcon(lang.L("Show all {{.Count}} attachments", map[string]any{"Count": len(rows)}),
			theme.MoreVerticalIcon(), func() { mv.showAttachments(v, true) })
		more.Importance = widget.LowImportance
		mv.attachmentRows.Add(container.NewHBox(more))
	}
	mv.attachmentRows.Refresh()
}

// attachmentRow shows an attachment: an icon, its name, type, size, what
// is wrong with it, and Save. Nothing is ever opened.
func (mv *messageView) attachmentRow(att check.Attachment, warnings []string) fyne.CanvasObject {
	name := visibleName(att.Filename)
	if name == "" {
		name = att.ContentType
	}
	text := name + "  (" + att.ContentType + ", " + app.HumanSize(att.Size)
	if att.Inline {
		text += ", " + lang.L("inline")
	}
	text += ")"
	importance := widget.MediumImportance
	if len(warnings) > 0 {
		text += "\n" + strings.Join(warnings, "\n")
		importance = widget.DangerImportance
	}
	label := newStyledWrapLabel(text, fyne.TextStyle{}, importance)
	save := widget.NewButtonWithIcon(lang.L("Save…"), theme.DocumentSaveIcon(), func() { mv.saveAttachment(att, warnings) })
	icon := widget.NewIcon(theme.FileIcon())
	if len(warnings) > 0 {
		icon = widget.NewIcon(theme.NewErrorThemedResource(theme.WarningIcon()))
	}
	// Save and the icon keep their heights at the top beside a tall label.
	return container.NewBorder(nil, nil, container.NewVBox(icon), container.NewVBox(save), label)
}

// attachmentWarnings lists, in the reader's language, the findings about an attachment.
func attachmentWarnings(att check.Attachment, v *mailview.View) []string {
	var out []string
	language := readerLanguage()
	for _, issue := range att.Issues {
		for _, f := range v.Findings {
			if f.ID == issue {
				_, word, _ := severityLook(f.Severity)
				out = append(out, "• "+word+": "+f.Title.In(language))
			}
		}
	}
	return out
}

// saveAttachment writes an attachment where the reader chooses. One with
// findings is explained first and confirmed twice.
func (mv *messageView) saveAttachment(att check.Attachment, warnings []string) {
	win := mv.window
	if win == nil || att.Part == nil {
		return
	}
	pick := func() {
		fd := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) { mv.writeAttachment(att, wc, err) }, win)
		fd.SetFileName(safeFileName(att.Filename))
		fd.Show()
	}
	if len(warnings) == 0 {
		pick()
		return
	}
	// The safe choice, Cancel, is the default of both.
	name := visibleName(att.Filename)
	if name == "" {
		name = att.ContentType
	}
	confirmRisk(lang.L("This attachment may be harmful"),
		name+"\n\n"+strings.Join(warnings, "\n")+"\n\n"+lang.L("save.first"), lang.L("Continue"), func() {
			confirmRisk(lang.L("Save it anyway?"), name+"\n\n"+lang.L("save.second"), lang.L("Save anyway"), pick, win)
		}, win)
}

// writeAttachment is the end of the save dialog: wc is the file the reader
// chose, or openErr says why it could not be created (both nil: the reader
// cancelled). The attachment is written off the UI goroutine (it may be
// large, the disk slow); a failure is shown in the window.
func (mv *messageView) writeAttachment(att check.Attachment, wc fyne.URIWriteCloser, openErr error) {
	if openErr != nil {
		mv.wrote(lang.L("save.failed", map[string]any{"Reason": errorText(openErr)}), openErr)
		return
	}
	if wc == nil {
		return
	}
	go func() {
		_, err := att.Part.WriteTo(wc)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		mv.do(func() {
			text := ""
			if err != nil {
				text = lang.L("save.failed", map[string]any{"Reason": errorText(err)})
			}
			mv.wrote(text, err)
		})
	}()
}

// wrote ends a save or a report on the UI goroutine: a failure is shown as
// text, in the window.
func (mv *messageView) wrote(text string, err error) {
	if err != nil && mv.window != nil {
		dialog.ShowError(errors.New(text), mv.window)
	}
	if mv.afterWrite != nil {
		mv.afterWrite(err)
	}
}

// safeFileName removes what could mislead or escape the chosen folder:
// direction controls, path separators, leading dots.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r < 0x20:
			return '_'
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		name = "attachment"
	}
	return name
}

// stop cancels the images still loading for the open message.
func (mv *messageView) stop() {
	if mv.stopDecode != nil {
		mv.stopDecode()
		mv.stopDecode = nil
	}
	if mv.stopLoad != nil {
		mv.stopLoad()
		mv.stopLoad = nil
	}
}
