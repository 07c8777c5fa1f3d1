package ui

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // decoders for images carried in messages
	_ "image/jpeg"
	_ "image/png"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/safedoc"
	"strings"

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
// bottom. Text goes into RichText segments; images carried in the message are
// decoded from their bytes; every blocked image, frame or video gets a
// visible placeholder. No URL from the message is ever handed to a Fyne
// object that could load it (ImageSegment, markdown, canvas.NewImageFromURI):
// links are Hyperlink segments whose taps go to onLink. It also returns, for
// each blocked image's URL, the slot its placeholder sits in, so a consented
// load can swap the image in. A blocked image's placeholder says what the
// analysis decided of its source: a tracker, and whether loading it would
// send the reader's address.
func renderDocumentSlots(v *mailview.View, onLink func(target string)) ([]fyne.CanvasObject, map[string]*fyne.Container) {
	slots := map[string]*fyne.Container{}
	var out []fyne.CanvasObject
	var runs []flowRun
	flush := func() {
		if len(runs) > 0 {
			out = append(out, newFlowText(runs))
			runs = nil
		}
	}
	for _, b := range v.Document.Blocks {
		switch b.Kind {
		case safedoc.BlockImage, safedoc.BlockEmbed:
			flush()
			obj := imageObject(b, v.ResourceFor(b.Image))
			if b.Kind == safedoc.BlockImage && b.Image.URL != "" {
				slot := container.NewStack(obj)
				slots[b.Image.URL] = slot
				obj = slot
			}
			out = append(out, obj)
		case safedoc.BlockRule:
			flush()
			out = append(out, widget.NewSeparator())
		default:
			runs = append(runs, blockRuns(b, onLink, hoverTarget(v))...)
		}
	}
	flush()
	return out, slots
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
	prefix := strings.Repeat("┃ ", b.Quote)
	if b.Kind == safedoc.BlockListItem {
		prefix += strings.Repeat("    ", max(b.Level-1, 0))
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

// loadedImage draws image bytes fetched after consent, at the declared size
// when there is one; nil when the bytes are not an image.
func loadedImage(data []byte, declared *safedoc.Image) fyne.CanvasObject {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return nil
	}
	img := canvas.NewImageFromReader(bytes.NewReader(data), "loaded")
	img.FillMode = canvas.ImageFillContain
	w, h := float32(cfg.Width), float32(cfg.Height)
	if declared != nil && declared.Width > 0 && declared.Height > 0 {
		w, h = float32(declared.Width), float32(declared.Height)
	}
	return fitToWidth(img, w, h)
}

// fitToWidth holds an image drawn at w×h, scaled down (aspect kept) to the
// width its container gets: it never asks for more width than that.
func fitToWidth(img *canvas.Image, w, h float32) *fyne.Container {
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

// imageObject draws an image carried in the message, or the placeholder of a
// blocked (or missing) one; res is the blocked source with its verdict.
func imageObject(b safedoc.Block, res *check.Resource) fyne.CanvasObject {
	im := b.Image
	if b.Kind == safedoc.BlockImage && im.Data != nil {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data)); err == nil && cfg.Width > 0 && cfg.Height > 0 {
			img := canvas.NewImageFromReader(bytes.NewReader(im.Data), "inline")
			img.FillMode = canvas.ImageFillContain
			w, h := float32(cfg.Width), float32(cfg.Height)
			if im.Width > 0 && im.Height > 0 {
				w, h = float32(im.Width), float32(im.Height)
			}
			return fitToWidth(img, w, h)
		}
	}
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
		s += " — “" + im.Alt + "”"
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
