package ui

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"mailsafe/internal/hostilemail"
	"mailsafe/mailview"
	"mailsafe/mailview/safedoc"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// windowAllocated is how many bytes opening raw's message in a file
// window (laid out at 1024x700) allocates; the analysis is done before.
func windowAllocated(t *testing.T, raw []byte) (*MainWindow, uint64) {
	t.Helper()
	a := test.NewTempApp(t)
	LoadTranslations()
	// A small message first: what any first window costs (fonts, theme)
	// is not counted against the hostile one.
	warm := NewMainWindow(a, "mailsafe", []Entry{{ID: "small.eml", View: mailview.Analyze(hostilemail.PlainHTML(4<<10), mailview.Reader{})}}, PaneOptions{})
	warm.Window.Resize(fyne.NewSize(1024, 700))
	warm.Window.Show()
	warm.Window.Close()
	entries := []Entry{{ID: "hostile.eml", View: mailview.Analyze(raw, mailview.Reader{})}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := NewMainWindow(a, "mailsafe", entries, PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	w.Window.Content().Refresh()
	runtime.ReadMemStats(&after)
	t.Cleanup(w.Window.Close)
	n := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes of mail: the window allocated %d bytes", len(raw), n)
	return w, n
}

// An inline PNG declaring 20000x20000 pixels (1.6 GB decoded) is never
// decoded: its placeholder says why, and the window allocates little.
func TestBudgetWindowGigapixelImage(t *testing.T) {
	w, n := windowAllocated(t, hostilemail.InlineImage(hostilemail.DeclaredPNG(20000, 20000), 1))
	if n > 32<<20 {
		t.Errorf("the window allocated %d bytes for a 20000x20000 image it must not decode", n)
	}
	if body := renderedText(w.message.body); !strings.Contains(body, "20000×20000 pixels") {
		t.Errorf("no placeholder saying the image is too large:\n%s", body)
	}
}

// A 5 MB Subject is shown clipped, in the header block and in the list.
func TestBudgetWindowHugeSubject(t *testing.T) {
	w, n := windowAllocated(t, hostilemail.LongSubject(5<<20))
	if n > 32<<20 {
		t.Errorf("the window allocated %d bytes for a 5 MB Subject", n)
	}
	if c := utf8.RuneCountInString(w.message.subject.Text); c > maxShownHeader+1 || !strings.HasSuffix(w.message.subject.Text, "…") {
		t.Errorf("the Subject shown is %d characters, want it clipped to %d with …", c, maxShownHeader)
	}
	if list := renderedText(w.list.object()); len(list) > 4*maxShownHeader {
		t.Errorf("the list shows %d bytes of the Subject", len(list))
	}
}

// A 5 MB body of plain paragraphs is laid out one chunk at a time: the
// window's memory follows the chunk, and "Show more" lays out the next.
func TestBudgetWindowLongBody(t *testing.T) {
	w, n := windowAllocated(t, hostilemail.PlainHTML(5<<20))
	if n > 80<<20 {
		t.Errorf("the window allocated %d bytes for a 5 MB body", n)
	}
	shown := func() int {
		total := 0
		walkObjects(w.message.body, func(o fyne.CanvasObject) {
			if f, ok := o.(*flowText); ok {
				total += len(f.Text())
			}
		})
		return total
	}
	first := shown() // the test driver runs the steps of the first part at once

	if first <= layoutStep || first > safedoc.TextChunk+1000 {
		t.Fatalf("the first part shows %d bytes of text, want more than a step and at most %d", first, safedoc.TextChunk)
	}
	if body := renderedText(w.message.body); !strings.Contains(body, "The rest of this message is long") {
		t.Fatalf("no note that the rest is not shown:\n…%s", body[max(0, len(body)-300):])
	}
	tapButton(t, w.message.body, "Show more")
	if next := shown(); next <= first || next > 2*safedoc.TextChunk+2000 {
		t.Errorf("after Show more %d bytes are shown, want more than %d and at most two chunks", next, first)
	}
	if !strings.Contains(w.readingPane.sidebar.notes.Text(), "show more") {
		t.Errorf("the long body is not among the problems shown")
	}
}

// A body of one huge paragraph (plain text, no blank line) is cut inside
// the paragraph: no chunk holds more than its budget.
func TestBudgetChunkInsideParagraph(t *testing.T) {
	v := mailview.Analyze(hostilemail.URLText(1<<20), mailview.Reader{})
	test.NewTempApp(t)
	d := &docRenderer{v: v, onLink: func(string) {}, hover: hoverTarget(v), slots: map[string]*fyne.Container{}}
	objs := d.page(docCursor{}) // the test driver runs the steps at once
	if len(objs) != 2 {
		t.Fatalf("%d objects, want the first step's text and the place of the next step", len(objs))
	}
	if f, ok := objs[0].(*flowText); !ok || len(f.Text()) > layoutStep || len(f.Text()) < layoutStep/2 {
		t.Errorf("the first step is %T, want a text of about %d bytes", objs[0], layoutStep)
	}
	if d.shown > safedoc.TextChunk || d.shown < safedoc.TextChunk/2 {
		t.Errorf("the first part holds %d bytes, want about %d", d.shown, safedoc.TextChunk)
	}
	if !strings.Contains(renderedText(container.NewVBox(objs...)), "Show more") {
		t.Errorf("no Show more at the end of the part")
	}
}

// A photo larger than the pane is kept scaled down, and one that declares
// more pixels than the budget is not decoded at all.
func TestBudgetImagesScaled(t *testing.T) {
	pic := decodeImage(grayPNG(t, 1500, 1000))
	if pic == nil || pic.img.Bounds().Dx() != maxDecodedWidth || pic.img.Bounds().Dy() != 1000*maxDecodedWidth/1500 {
		t.Fatalf("a 1500x1000 photo is kept as %+v, want %d wide", pic, maxDecodedWidth)
	}
	if pic.cfg.Width != 1500 || pic.cfg.Height != 1000 {
		t.Errorf("declared size %dx%d, want 1500x1000", pic.cfg.Width, pic.cfg.Height)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	huge := decodeImage(hostilemail.DeclaredPNG(30000, 30000))
	runtime.ReadMemStats(&after)
	if huge != nil || after.TotalAlloc-before.TotalAlloc > 1<<20 || loadedImage(huge, nil) != nil {
		t.Errorf("a 30000x30000 PNG: %+v, %d bytes allocated", huge, after.TotalAlloc-before.TotalAlloc)
	}
}

// An image carried in the message past syncDecodePixels is decoded off
// the UI goroutine and swapped into the body when ready; until then a
// frame holds its place (a reader who moved on, ctx cancelled, never gets
// it decoded). A logo is drawn at once.
func TestLargeInlineImageDecodedOffTheUIGoroutine(t *testing.T) {
	test.NewTempApp(t)
	render := func(ctx context.Context, png []byte) (*canvas.Image, *docRenderer) {
		v := mailview.Analyze(hostilemail.InlineImage(png, 1), mailview.Reader{})
		d := &docRenderer{ctx: ctx, v: v, onLink: func(string) {}, hover: hoverTarget(v), slots: map[string]*fyne.Container{}}
		body := container.NewVBox(d.page(docCursor{})...)
		d.decoding.Wait()
		var shown *canvas.Image
		walkObjects(body, func(o fyne.CanvasObject) {
			if img, ok := o.(*canvas.Image); ok {
				shown = img
			}
		})
		return shown, d
	}
	moved, cancel := context.WithCancel(context.Background())
	cancel()
	if shown, _ := render(moved, grayPNG(t, 1100, 1000)); shown != nil {
		t.Fatal("a large inline image was decoded as the body was laid out, on the UI goroutine")
	}
	if shown, _ := render(moved, grayPNG(t, 160, 48)); shown == nil || shown.Image.Bounds().Dx() != 160 {
		t.Fatalf("a logo is not drawn at once: %v", shown)
	}
	if shown, _ := render(context.Background(), grayPNG(t, 1100, 1000)); shown == nil || shown.Image.Bounds().Dx() != 1100 {
		t.Fatalf("the inline image is not shown: %v", shown)
	}
}

// The message view hands a large inline image to its own UI loop (the
// session's), not to fyne.Do, which in the test driver would swap it in on
// the decoding goroutine beside the window.
func TestLargeInlineImageShownThroughTheViewsLoop(t *testing.T) {
	a := test.NewTempApp(t)
	loop := newUILoop()
	mv := newMessageView(messageDeps{app: a, window: a.NewWindow("pane"), do: loop.post})
	mv.show(Entry{ID: "big", View: mailview.Analyze(hostilemail.InlineImage(grayPNG(t, 1100, 1000), 1), mailview.Reader{})})
	loop.until(t, "the inline image", func() bool {
		var shown *canvas.Image
		walkObjects(mv.body, func(o fyne.CanvasObject) {
			if img, ok := o.(*canvas.Image); ok {
				shown = img
			}
		})
		return shown != nil && shown.Image.Bounds().Dx() == 1100
	})
}

// grayPNG is a w x h grey PNG.
func grayPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The Headers window shows the start of a 5 MB Subject, not all of it.
func TestBudgetHeadersWindowClipsAField(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations()
	v := mailview.Analyze(hostilemail.LongSubject(5<<20), mailview.Reader{})
	text := headerText(v)
	if len(text) > 2*maxHeaderFieldShown || !strings.Contains(text, "more of this field not shown") || !strings.Contains(text, "From: Sender") {
		t.Errorf("the Headers text is %d bytes:\n%.300s", len(text), text)
	}
}
