package ui

import (
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// openRecorder is an app that records the URLs it is asked to open.
type openRecorder struct {
	fyne.App
	opened []string
}

func (r *openRecorder) OpenURL(u *url.URL) error {
	r.opened = append(r.opened, u.String())
	return nil
}

func TestLinkDialogOffersTheTargetWithoutTrackingParameters(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "links-safelinks-colleague.eml"), PaneOptions{})
	w.Window.Show()
	link := ""
	for _, l := range w.message.view.Links {
		if l.Text == "https://wiki.corp.example/onboarding" {
			link = l.URL
		}
	}
	if !strings.Contains(link, "safelinks.protection.outlook.com") {
		t.Fatalf("no Safe Links link: %q", link)
	}
	rec := &openRecorder{App: a}
	confirmOpenLink(rec, w.Window, link, w.message.view)
	top := w.Window.Canvas().Overlays().Top()
	text := renderedText(top)
	for _, want := range []string{
		"https://wiki.corp.example/onboarding?utm_source=teams&utm_medium=chat&lang=en", // the target, unwrapped
		"Microsoft Defender Safe Links", "utm_source, utm_medium",
		"https://wiki.corp.example/onboarding?lang=en", "Open without tracking parameters", "Cancel",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("dialog lacks %q:\n%s", want, text)
		}
	}
	var cancel, clean *widget.Button
	walkObjects(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			switch b.Text {
			case "Cancel":
				cancel = b
			case "Open without tracking parameters":
				clean = b
			}
			if b.Importance == widget.HighImportance && b.Text != "Cancel" {
				t.Errorf("%q is the default button; Cancel should be", b.Text)
			}
		}
	})
	if cancel == nil || clean == nil || cancel.Importance != widget.HighImportance {
		t.Fatalf("buttons: cancel %v, clean %v", cancel, clean)
	}
	test.Tap(clean)
	if len(rec.opened) != 1 || rec.opened[0] != "https://wiki.corp.example/onboarding?lang=en" {
		t.Errorf("opened %v", rec.opened)
	}
	if top := w.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("the dialog stayed open")
	}

	// Cancel opens nothing; a link without tracking parameters is not offered cleaned.
	rec.opened = nil
	for _, l := range w.message.view.Links {
		if l.Text == "docs.partner.example/sheet/42" {
			link = l.URL
		}
	}
	confirmOpenLink(rec, w.Window, link, w.message.view)
	top = w.Window.Canvas().Overlays().Top()
	if text := renderedText(top); strings.Contains(text, "Open without tracking parameters") || !strings.Contains(text, "https://docs.partner.example/sheet/42") {
		t.Errorf("dialog for a link without parameters:\n%s", text)
	}
	walkObjects(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Cancel" {
			test.Tap(b)
		}
	})
	if len(rec.opened) != 0 {
		t.Errorf("Cancel opened %v", rec.opened)
	}
}
