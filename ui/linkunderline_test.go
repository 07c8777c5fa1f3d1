package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
)

// A link of several words is underlined as one line under its words and
// the spaces between them, one line per line it takes when it wraps: not a
// line per word with gaps between the words.
func TestLinkUnderlinedAsOneRunPerLine(t *testing.T) {
	w, f := htmlBody(t, `<p>Please <a href="https://bank.example/login">sign in to your account to keep it open</a> today.</p>`)
	for _, width := range []float32{700, 220} {
		w.Resize(fyne.NewSize(width, 400))
		w.Show()
		links := flowLinks(f)
		if len(links) < 2 {
			t.Fatalf("the link is drawn as %d words", len(links))
		}
		// The link's words by line (their bottoms), from first to last x.
		type span struct{ x0, x1 float32 }
		want := map[float32]*span{}
		for _, l := range links {
			y := l.Position().Y + l.Size().Height
			s := want[y]
			if s == nil {
				s = &span{x0: l.Position().X, x1: l.Position().X}
				want[y] = s
			}
			s.x0 = min(s.x0, l.Position().X)
			s.x1 = max(s.x1, l.Position().X+l.Size().Width)
		}
		var lines []*canvas.Rectangle
		for _, o := range test.WidgetRenderer(f).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.Visible() && r.Size().Height <= 2 && r.Size().Width > 0 {
				lines = append(lines, r)
			}
		}
		if len(lines) != len(want) {
			t.Errorf("at %.0f px the link takes %d lines and has %d underlines", width, len(want), len(lines))
		}
		for _, u := range lines {
			var s *span
			for y, sp := range want {
				if d := u.Position().Y - y; d > -4 && d <= 0 {
					s = sp
				}
			}
			if s == nil {
				t.Errorf("at %.0f px an underline at y %.0f lies under no line of the link", width, u.Position().Y)
				continue
			}
			if u.Position().X > s.x0+1 || u.Position().X+u.Size().Width < s.x1-1 {
				t.Errorf("at %.0f px an underline runs %.0f–%.0f, its line's link words %.0f–%.0f", width, u.Position().X, u.Position().X+u.Size().Width, s.x0, s.x1)
			}
		}
		if width == 220 && len(want) < 2 {
			t.Errorf("at 220 px the link does not wrap (test is void)")
		}
	}
}

// htmlBody renders an HTML message body, as the reading pane does, in a
// window of its own (closed when the test ends), and returns the window and
// the body's one text.
func htmlBody(t *testing.T, html string) (fyne.Window, *flowText) {
	t.Helper()
	a := test.NewTempApp(t)
	LoadTranslations()
	raw := "From: Sender <sender@corp.example>\r\nTo: reader@corp.example\r\nSubject: Body\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" + html
	v := mailview.Analyze([]byte(raw), mailview.Reader{})
	objs, _ := renderDocumentSlots(v, func(string) {})
	w := a.NewWindow("body")
	t.Cleanup(w.Close)
	w.SetContent(container.NewVBox(objs...))
	var f *flowText
	for _, o := range objs {
		if ft, ok := o.(*flowText); ok {
			f = ft
		}
	}
	if f == nil {
		t.Fatal("no text in the body")
	}
	return w, f
}
