package ui

import (
	"context"
	"fmt"
	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/safedoc"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxInlineImageWidth caps how wide a carried image is drawn; narrower panes
// scale it down further (fitWidthLayout).
const maxInlineImageWidth = 640

// renderDocumentSlots turns a safe document into Fyne objects, top to
// bottom. Text goes into flowText objects; images carried in the message are
// decoded from their bytes (scaled to what the pane shows); every blocked
// image, frame or video gets a visible placeholder. No URL from the message
// is ever handed to a Fyne object that could load it (ImageSegment,
// markdown, canvas.NewImageFromURI): links are flowText words whose taps go
// to onLink. It also returns, for each blocked image's URL, the slot its
// placeholder sits in, so a consented load can swap the image in. A blocked
// image's placeholder says what the analysis decided of its source: a
// tracker, and whether loading it would send the reader's address.
//
// A long body is laid out a part at a time (safedoc.TextChunk bytes of
// text): the last object is then a "show more" control that lays out the
// next part in its place when tapped, so the window's memory follows what
// the reader asked to see, not the size of the message. The analysis lists
// the long body among the message's problems. A part is laid out in steps
// (layoutStep bytes): the first is drawn at once, the others follow on the
// UI goroutine one after another, so that a page of long links is on screen
// in a fraction of a second, not after all of it is measured and painted.
func renderDocumentSlots(v *mailview.View, onLink func(target string)) ([]fyne.CanvasObject, map[string]*fyne.Container) {
	return renderDocument(context.Background(), v, onLink, fyne.Do)
}

// renderDocument is renderDocumentSlots for a view that may move on: the
// images carried in the message are decoded one at a time off the UI
// goroutine (the body is drawn at once, each image when it is ready), and
// no more once ctx is cancelled. do puts each decoded image in its slot on
// the UI goroutine (fyne.Do, or the session's).
func renderDocument(ctx context.Context, v *mailview.View, onLink func(target string), do func(func())) ([]fyne.CanvasObject, map[string]*fyne.Container) {
	d := &docRenderer{ctx: ctx, v: v, onLink: onLink, do: do, hover: hoverTarget(v), slots: map[string]*fyne.Container{}}
	return d.page(docCursor{}), d.slots
}

// layoutStep is how many bytes of text are laid out at a time: about two
// screens of a 1024x700 window, which take a tenth of a second or two.
const layoutStep = 12_000

// stepWait is the longest a step waits for the window to draw the one
// before it.
const stepWait = 100 * time.Millisecond

// docRenderer lays out one document a chunk at a time.
type docRenderer struct {
	ctx    context.Context
	v      *mailview.View
	onLink func(string)
	do     func(func()) // runs a function on the UI goroutine (nil: fyne.Do)
	hover  func(string) string
	slots  map[string]*fyne.Container
	shown  int // bytes of text laid out so far
	left   int // bytes of text the part being laid out may still take

	decoding sync.WaitGroup // the goroutines decoding images (tests wait for them)
}

// page starts a part of the body at c: its first step now, the others later.
func (d *docRenderer) page(c docCursor) []fyne.CanvasObject {
	d.left = safedoc.TextChunk
	return d.chunk(c)
}

// nextStep is the place of the part's next step: it lays the step out
// there once the window has drawn what comes before. The step waits for
// the window's next frame but one (an animation's ticks run on the UI
// goroutine before each frame is drawn); the test driver ticks at once,
// so a test sees the whole part laid out, as before.
func (d *docRenderer) nextStep(c docCursor) fyne.CanvasObject {
	slot := container.NewVBox()
	ticks, done := 0, false
	var step *fyne.Animation
	step = fyne.NewAnimation(stepWait, func(progress float32) {
		if ticks++; done || progress < 1 && ticks < 2 {
			return
		}
		done = true
		step.Stop() // does nothing where the animation already ended
		if d.ctx != nil && d.ctx.Err() != nil {
			return
		}
		slot.Objects = d.chunk(c)
		slot.Refresh()
	})
	step.Curve = fyne.AnimationLinear
	step.Start()
	return slot
}

// docCursor is a place in a document: a block, a span of it, a byte of the span.
type docCursor struct{ block, span, off int }

// objectCost is what an image, a placeholder or a rule counts for against
// a chunk's budget of text bytes: each is a few widgets.
const objectCost = 500

// chunk lays out the document from c until the chunk's budget is spent,
// and ends with the control that shows the next chunk when more is left.
func (d *docRenderer) chunk(c docCursor) []fyne.CanvasObject {
	blocks := d.v.Document.Blocks
	budget := min(layoutStep, d.left)
	start := budget
	var out []fyne.CanvasObject
	var runs []flowRun
	var decode []decodeJob
	flush := func() {
		if len(runs) > 0 {
			out = append(out, newFlowText(runs))
			runs = nil
		}
	}
	defer func() { d.decode(decode) }()
	for c.block < len(blocks) && budget > 0 {
		b := blocks[c.block]
		switch b.Kind {
		case safedoc.BlockImage, safedoc.BlockEmbed:
			flush()
			var obj fyne.CanvasObject
			if job, ok := newDecodeJob(b); ok {
				obj = job.slot
				decode = append(decode, job)
			} else {
				obj = imageObject(b, d.v.ResourceFor(b.Image))
			}
			if b.Kind == safedoc.BlockImage && b.Image.URL != "" {
				slot := container.NewStack(obj)
				d.slots[b.Image.URL] = slot
				obj = slot
			}
			out = append(out, obj)
			budget -= objectCost
			c = docCursor{block: c.block + 1}
		case safedoc.BlockRule:
			flush()
			out = append(out, widget.NewSeparator())
			budget -= objectCost
			c = docCursor{block: c.block + 1}
		default:
			if c.span == 0 && c.off == 0 && budget < start && textLen(b) > budget && textLen(b) <= layoutStep {
				budget = 0 // a paragraph that does not fit starts the next step whole
				continue
			}
			part, next, used := blockPart(b, c, budget)
			runs = append(runs, blockRuns(part, d.onLink, d.hover)...)
			budget -= used
			d.shown += used
			c = next
		}
	}
	flush()
	d.left -= start - budget
	switch {
	case c.block >= len(blocks):
	case d.left > 0:
		out = append(out, d.nextStep(c))
	default:
		out = append(out, d.moreControl(c))
	}
	return out
}

// textLen is how many bytes of text block b holds.
func textLen(b safedoc.Block) int {
	n := 0
	for _, s := range b.Spans {
		n += len(s.Text)
	}
	return n
}

// blockPart is the part of text block b from c that fits in budget bytes of
// text (at least one character, so a chunk always moves on), the cursor
// after it and the bytes it holds. A span is cut after a space when one is
// near the cut, else at a character boundary.
func blockPart(b safedoc.Block, c docCursor, budget int) (safedoc.Block, docCursor, int) {
	part := b
	if c.span > 0 || c.off > 0 {
		part.Marker = "" // a list item's marker goes with its first part only
	}
	part.Spans = nil
	used := 0
	for i := c.span; i < len(b.Spans); i++ {
		sp := b.Spans[i]
		if i == c.span {
			sp.Text = sp.Text[c.off:]
		}
		if used+len(sp.Text) <= budget {
			part.Spans = append(part.Spans, sp)
			used += len(sp.Text)
			continue
		}
		cut := budget - used
		for cut < len(sp.Text) && !utf8.RuneStart(sp.Text[cut]) {
			cut++
		}
		if space := strings.LastIndexByte(sp.Text[:cut], ' '); space > cut-200 && space > 0 {
			cut = space + 1
		}
		if cut == 0 {
			_, n := utf8.DecodeRuneInString(sp.Text)
			cut = n
		}
		off := cut
		if i == c.span {
			off += c.off
		}
		sp.Text = sp.Text[:cut]
		part.Spans = append(part.Spans, sp)
		return part, docCursor{block: c.block, span: i, off: off}, used + cut
	}
	return part, docCursor{block: c.block + 1}, used
}

// moreControl says that the rest of the body is not laid out yet and lays
// out its next chunk in its own place when the reader asks.
func (d *docRenderer) moreControl(c docCursor) fyne.CanvasObject {
	total := d.v.Document.TextLen()
	note := widget.NewLabel(lang.L("body.more", map[string]any{
		"Shown": app.HumanSize(int64(d.shown)), "Total": app.HumanSize(int64(total))}))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.WarningImportance
	slot := container.NewVBox()
	btn := widget.NewButtonWithIcon(lang.L("Show more"), theme.MoreVerticalIcon(), func() {
		slot.Objects = d.page(c)
		slot.Refresh()
	})
	slot.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil,
		container.NewVBox(note, container.NewHBox(btn)))}
	return slot
}

// blockRuns renders one text block: its spans inline, then a paragraph break.
func blockRuns(b safedoc.Block, onLink func(string), hover func(string) string) []flowRun {
	base := widget.RichTextStyleInline
	switch b.Kind {
	case safedoc.BlockHeading:
		base = widget.RichTextStyleSubHeading
		if b.Level == 1 {
			base = widget.RichTextStyleHeading
		}
		base.Inline = true
	case safedoc.BlockPreformatted:
		base = widget.RichTextStyleCodeInline
	}
	if b.Quote > 0 {
		base.ColorName = theme.ColorNamePlaceHolder
	}
	pre := b.Kind == safedoc.BlockPreformatted
	var runs []flowRun
	prefix := strings.Repeat("┃ ", int(b.Quote))
	if b.Kind == safedoc.BlockListItem {
		prefix += strings.Repeat("    ", int(max(b.Level-1, 0)))
		if b.Marker != "" {
			prefix += b.Marker + " "
		} else {
			prefix += "   "
		}
	}
	if prefix != "" {
		runs = append(runs, flowRun{text: prefix, style: base, pre: true})
	}
	for _, s := range b.Spans {
		st := base
		st.TextStyle.Bold = st.TextStyle.Bold || s.Style&safedoc.StyleBold != 0
		st.TextStyle.Italic = st.TextStyle.Italic || s.Style&safedoc.StyleItalic != 0
		st.TextStyle.Monospace = st.TextStyle.Monospace || s.Style&safedoc.StyleCode != 0
		st.TextStyle.Underline = st.TextStyle.Underline || s.Style&safedoc.StyleUnderline != 0
		run := flowRun{text: s.Text, style: st, pre: pre}
		if s.Link != "" {
			run.link = linkTap(s.Link, onLink)
			if run.link != nil {
				run.hover = hover(s.Link)
			}
		}
		runs = append(runs, run)
	}
	// End the paragraph.
	return append(runs, flowRun{para: true})
}

// hoverTarget tells what hovering a link shows: where it really goes, the
// wrappers (Safe Links, URL Defense, …) peeled off when the analysis knows
// the link, else the link as written. Text only: nothing is fetched.
func hoverTarget(v *mailview.View) func(string) string {
	return func(link string) string {
		if l, ok := linkOf(link, v); ok && l.Target.URL != "" {
			return l.Target.URL
		}
		return link
	}
}

// linkTap is what a tap on a link does for web and mail targets (the reader
// is asked first); other targets (javascript:, relative) stay plain text (nil).
func linkTap(link string, onLink func(string)) func() {
	scheme, _, _ := strings.Cut(link, ":")
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" && scheme != "mailto" {
		return nil
	}
	return func() { onLink(link) }
}

// loadedImage draws an image fetched after consent (decoded by
// decodeImage off the UI goroutine), at the declared size when there is
// one; nil when the bytes were not an image or declared more pixels than
// are decoded (the loader refuses those before they get here).
func loadedImage(pic *decodedImage, declared *safedoc.Image) fyne.CanvasObject {
	if pic == nil {
		return nil
	}
	w, h := float32(pic.cfg.Width), float32(pic.cfg.Height)
	if declared != nil && declared.Width > 0 && declared.Height > 0 {
		w, h = float32(declared.Width), float32(declared.Height)
	}
	return fitToWidth(pic.canvasImage(), w, h)
}

// fitToWidth holds an image drawn at w×h, scaled down (aspect kept) to the
// width its container gets: it never asks for more width than that.
func fitToWidth(img fyne.CanvasObject, w, h float32) *fyne.Container {
	if w > maxInlineImageWidth {
		h = h * maxInlineImageWidth / w
		w = maxInlineImageWidth
	}
	return container.New(&fitWidthLayout{w: w, h: h}, img)
}

// fitWidthLayout draws its one object at w×h or, when the container is
// narrower, at the container's width and the height that keeps the aspect.
// Its minimum width is 1 so the image never widens the pane; its minimum
// height is the drawn height at the last width laid out.
type fitWidthLayout struct {
	w, h  float32
	width float32 // the container's width at the last layout; 0 before
}

func (l *fitWidthLayout) scaled(width float32) fyne.Size {
	if width <= 0 || width >= l.w {
		return fyne.NewSize(l.w, l.h)
	}
	return fyne.NewSize(width, l.h*width/l.w)
}

func (l *fitWidthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	s := l.scaled(size.Width)
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
	}
}

func (l *fitWidthLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(1, l.scaled(l.width).Height)
}

// imageObject draws the placeholder of a blocked, missing, unreadable or
// too large image, frame or video; res is the blocked source with its
// verdict. Images carried in the message are drawn by a decodeJob.
func imageObject(b safedoc.Block, res *check.Resource) fyne.CanvasObject {
	return newPlaceholder(placeholderText(b, res), b.Kind == safedoc.BlockEmbed)
}

// placeholderText describes a blocked image, frame or video in the reader's language.
func placeholderText(b safedoc.Block, res *check.Resource) string {
	im := b.Image
	data := map[string]any{"Host": im.Host, "Size": ""}
	if im.Width > 0 || im.Height > 0 {
		data["Size"] = fmt.Sprintf("%s×%s", sizeOrQ(im.Width), sizeOrQ(im.Height))
	}
	var s string
	switch {
	case im.Missing:
		s = lang.L("placeholder.missing", data)
	case b.Kind == safedoc.BlockEmbed:
		switch im.Vector {
		case "video", "audio":
			s = lang.L("placeholder.media", data)
		case "iframe", "frame":
			s = lang.L("placeholder.frame", data)
		default:
			s = lang.L("placeholder.object", data)
		}
	case im.Data != nil && im.Refused == safedoc.RefusedTooLarge:
		data["Size"] = fmt.Sprintf("%d×%d", im.PixelWidth, im.PixelHeight)
		s = lang.L("placeholder.toolarge", data)
	case im.Data != nil && im.Refused == safedoc.RefusedTooMany:
		data["Size"] = fmt.Sprintf("%d×%d", im.PixelWidth, im.PixelHeight)
		s = lang.L("placeholder.toomany", data)
	case im.Data != nil:
		s = lang.L("placeholder.unreadable", data)
	case res != nil && res.SendsAddress:
		data["Vendor"] = res.Tracker
		s = lang.L("placeholder.address", data)
	case res != nil && res.Tracks && res.Tracker != "":
		data["Vendor"] = res.Tracker
		s = lang.L("placeholder.tracker", data)
	case res != nil && res.Tracks:
		s = lang.L("placeholder.pixel", data)
	default:
		s = lang.L("placeholder.image", data)
	}
	if im.Alt != "" {
		s += lang.L("placeholder.alt", map[string]any{"Alt": im.Alt})
	}
	return s
}

func sizeOrQ(n int) string {
	if n <= 0 {
		return "?"
	}
	return fmt.Sprint(n)
}

// newPlaceholder is a framed line that stands where a blocked image would be.
func newPlaceholder(text string, embed bool) fyne.CanvasObject {
	icon := theme.MediaPhotoIcon()
	if embed {
		icon = theme.ComputerIcon()
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	label.Importance = widget.MediumImportance
	frame := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	frame.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(frame, container.NewBorder(nil, nil, widget.NewIcon(icon), nil, label))
}
