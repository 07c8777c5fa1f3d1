package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/mailview"
)

// settle lays the window out again top-down, twice, as the desktop driver
// does before each frame when a minimum size changed (the test canvas does not).
func settle(win fyne.Window) {
	win.Canvas().Capture()
	for range 2 {
		var relayout func(o fyne.CanvasObject)
		relayout = func(o fyne.CanvasObject) {
			switch c := o.(type) {
			case *fyne.Container:
				if c.Layout != nil {
					c.Layout.Layout(c.Objects, c.Size())
				}
				for _, child := range c.Objects {
					relayout(child)
				}
			case fyne.Widget:
				r := test.WidgetRenderer(c)
				r.Layout(c.Size())
				for _, child := range r.Objects() {
					relayout(child)
				}
			}
		}
		relayout(win.Content())
	}
	win.Canvas().Capture()
}

// paneWindow shows one message in a message view of width w (no sidebar).
func paneWindow(t *testing.T, raw string, w float32) (fyne.Window, *messageView) {
	t.Helper()
	a := test.NewTempApp(t)
	LoadTranslations()
	englishSystem(t)
	win := a.NewWindow("pane")
	mv := newMessageView(messageDeps{app: a, window: win})
	mv.show(Entry{ID: "test", View: mailview.Analyze([]byte(raw), mailview.Reader{})})
	win.SetContent(mv.object())
	win.Resize(fyne.NewSize(w, 700))
	settle(win)
	return win, mv
}

// A link longer than the pane, inside a paragraph, wraps with the paragraph:
// the paragraph stays a few lines tall and nothing runs off the pane.
func TestLayoutLongLinkParagraphWrapsInsideThePane(t *testing.T) {
	const long = "https://www.mybank.example/account/verify/session/8a2f3c1d9e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f"
	raw := "From: MyBank <security@mybank-alerts.example>\r\nTo: alex@acme.example\r\nSubject: hold\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>We noticed unusual activity. Sign in at <a href="http://203.0.113.77/login">` + long + `</a> within 24 hours to keep your account and the ` + strings.Repeat("x", 120) + ` rest.</p>`
	win, mv := paneWindow(t, raw, 500)
	if len(mv.body.Objects) != 1 {
		t.Fatalf("body has %d objects, want the one paragraph", len(mv.body.Objects))
	}
	para := mv.body.Objects[0]
	line := fyne.MeasureText("M", 14, fyne.TextStyle{}).Height
	line += theme.LineSpacing()
	if h := para.Size().Height; h > 7*line+2*theme.InnerPadding() || h < 3*line {
		t.Errorf("the paragraph is %.0f px tall at a 500 px pane (a line is %.0f px): want 4 to 7 lines", h, line)
	}
	width := win.Canvas().Size().Width
	eachDrawn(win.Content(), fyne.Position{}, func(o fyne.CanvasObject, pos fyne.Position) {
		if _, ok := o.(*canvas.Text); !ok {
			return
		}
		if pos.X+o.Size().Width > width+0.5 {
			t.Errorf("text %q ends at x=%.0f, beyond the %.0f px pane", o.(*canvas.Text).Text, pos.X+o.Size().Width, width)
		}
	})
	if !strings.Contains(renderedText(mv.body), long) {
		t.Errorf("the link's text is not shown whole:\n%s", renderedText(mv.body))
	}
}

func pngOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.Black)
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// A 600 px wide image loaded into a 500 px pane is drawn at most 500 px
// wide, its aspect kept, and the pane beside a message list keeps its width.
func TestLayoutLoadedImageScalesToThePane(t *testing.T) {
	raw := "From: Brew <hello@brewbean.example>\r\nTo: alex@acme.example\r\nSubject: banner\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>Hello</p><img src="https://cdn.brewbean.example/banner.png" width="600" height="240" alt="banner">`
	a := test.NewTempApp(t)
	LoadTranslations()
	englishSystem(t)
	win := a.NewWindow("pane")
	mv := newMessageView(messageDeps{app: a, window: win})
	mv.show(Entry{ID: "test", View: mailview.Analyze([]byte(raw), mailview.Reader{})})
	list := widget.NewLabel("a message list")
	split := container.NewHSplit(list, mv.object())
	split.Offset = 0.3
	win.SetContent(split)
	win.Resize(fyne.NewSize(720, 700))
	settle(win)
	listW, paneW := list.Size().Width, mv.object().Size().Width
	if paneW > 520 || paneW < 450 {
		t.Fatalf("setup: the pane is %.0f px wide, want about 500", paneW)
	}

	slot := mv.slots["https://cdn.brewbean.example/banner.png"]
	obj := loadedImage(decodeImage(pngOf(600, 240)), mv.view.Document.Blocks[1].Image)
	if slot == nil || obj == nil {
		t.Fatalf("slot %v, image %v", slot, obj)
	}
	slot.Objects = []fyne.CanvasObject{obj}
	slot.Refresh()
	split.Refresh()
	settle(win)

	img := obj.(*fyne.Container).Objects[0]
	if w := img.Size().Width; w > paneW || w < 300 {
		t.Errorf("the 600 px image is drawn %.0f px wide in a %.0f px pane", w, paneW)
	}
	if s := img.Size(); s.Width > 0 && (s.Height/s.Width < 0.39 || s.Height/s.Width > 0.41) {
		t.Errorf("the image lost its aspect: %v", s)
	}
	if got := mv.object().Size().Width; got != paneW || list.Size().Width != listW {
		t.Errorf("loading the image moved the split: pane %.0f -> %.0f px, list %.0f -> %.0f px", paneW, got, listW, list.Size().Width)
	}
	if w := mv.object().MinSize().Width; w > 460 {
		t.Errorf("the pane asks for %.0f px at least: the image widens it", w)
	}
}

// The mailbox window fits a 1024×700 screen and its message list stays readable.
func TestLayoutMailboxWindowFitsA1024x700Screen(t *testing.T) {
	mw, _ := demoWindow(t)
	mw.Window.Show()
	eventually(t, mw, "the inbox list", func() bool { return len(mw.envs()) == 8 })
	onUI(mw, func() {
		s := mw.Window.Canvas().Size()
		if s.Width > 1024 || s.Height > 700-20 {
			t.Errorf("the window asks for %v: larger than a 1024×700 screen", s)
		}
		settle(mw.Window)
		t.Logf("folders %.0f, list %.0f, message %.0f", mw.folderList.Size().Width, mw.msgList.Size().Width, mw.message.object().Size().Width)
		if w := mw.msgList.Size().Width; w < 200 {
			t.Errorf("the message list is %.0f px wide: too narrow to read", w)
		}
		if w := mw.folderList.Size().Width; w < 80 {
			t.Errorf("the folder list is %.0f px wide", w)
		}
	})
}

// Showing another message lays the header's rows out for its values: a
// sender that took two lines in the message before and takes one now, and
// a recipient the other way round, are not drawn over the next row.
func TestLayoutHeaderRowsFollowTheMessageShown(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	win := a.NewWindow("pane")
	mv := newMessageView(messageDeps{app: a, window: win})
	e := demoEntries(t, "04-bank-ip-link.eml", "01-newsletter.eml")
	mv.show(e[0])
	win.SetContent(mv.object())
	win.Resize(fyne.NewSize(370, 700))
	mv.show(e[1])
	for _, l := range []*widget.Label{mv.from, mv.to, mv.date, mv.subject} {
		if need := l.MinSize().Height; l.Size().Height < need-0.5 {
			t.Errorf("%q has %.0f px of the %.0f its lines need: the next row is drawn over it", l.Text, l.Size().Height, need)
		}
	}
}
