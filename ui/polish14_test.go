package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
)

// flowLinks lists the link words a flowText draws.
func flowLinks(f *flowText) []*flowLink {
	var out []*flowLink
	for _, o := range test.WidgetRenderer(f).Objects() {
		if l, ok := o.(*flowLink); ok {
			out = append(out, l)
		}
	}
	return out
}

// drawnText is the visible canvas texts a widget draws, one a line.
func drawnText(w fyne.Widget) string {
	var parts []string
	for _, o := range test.WidgetRenderer(w).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// Hovering a link in the body shows where it really goes: the target
// unwrapped from Safe Links, not the wrapper, and not the words of the link;
// moving away hides it.
func TestHoverOnLinkShowsItsTarget(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	raw := "From: Colleague <jo@corp.example>\r\nTo: reader@corp.example\r\nSubject: Sheet\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>Please see <a href="https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmybank-verify.example.net%2Flogin&amp;data=05">your account</a> today.</p>`
	v := mailview.Analyze([]byte(raw), mailview.Reader{})
	objs, _ := renderDocumentSlots(v, func(string) {})
	w := a.NewWindow("body")
	w.SetContent(container.NewVBox(objs...))
	w.Resize(fyne.NewSize(600, 300))
	w.Show()
	defer w.Close()
	var f *flowText
	for _, o := range objs {
		if ft, ok := o.(*flowText); ok {
			f = ft
		}
	}
	if f == nil {
		t.Fatal("no text in the body")
	}
	links := flowLinks(f)
	if len(links) == 0 {
		t.Fatal("the link is not drawn as a link")
	}
	h, ok := fyne.CanvasObject(links[0]).(desktop.Hoverable)
	if !ok {
		t.Fatal("a link word does not react to hovering")
	}
	h.MouseIn(&desktop.MouseEvent{})
	if got, want := f.Tip(), "https://mybank-verify.example.net/login"; got != want {
		t.Errorf("hovering the link shows %q, want its unwrapped target %q", got, want)
	}
	if text := drawnText(f); !strings.Contains(text, "https://mybank-verify.example.net/login") {
		t.Errorf("the target is not drawn while hovering:\n%s", text)
	}
	h.MouseOut()
	if f.Tip() != "" {
		t.Errorf("the target stays shown after the pointer left: %q", f.Tip())
	}
	if text := drawnText(f); strings.Contains(text, "mybank-verify") {
		t.Errorf("the target is still drawn after the pointer left:\n%s", text)
	}
}
