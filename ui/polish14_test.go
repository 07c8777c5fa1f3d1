package ui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
)

// Hovering a link in the body shows where it really goes: the target
// unwrapped from Safe Links, not the wrapper, and not the words of the link;
// moving away hides it.
func TestHoverOnLinkShowsItsTarget(t *testing.T) {
	w, f := htmlBody(t, `<p>Please see <a href="https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmybank-verify.example.net%2Flogin&amp;data=05">your account</a> today.</p>`)
	w.Resize(fyne.NewSize(600, 300))
	w.Show()
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

// The red danger titles of the findings and of a dangerous attachment's
// row, and the rest of the sidebar's text, read at 4.5:1 or more against
// the background in the light and the dark theme (Fyne's red is 3.7:1 on
// white), with the theme mailsafe's windows use.
func TestDangerTitlesReadAtFullContrast(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		NewSession(a, nil) // sets the app's theme
		th := a.Settings().Theme()
		if rt, ok := th.(readableTheme); ok {
			rt.Theme = variantTheme{rt.Theme, variant}
			th = rt
		} else {
			th = variantTheme{theme.DefaultTheme(), variant} // what a window shows without it
		}
		a.Settings().SetTheme(th)
		LoadTranslations()
		raw := "From: Billing <billing@payments-example.net>\r\nTo: reader@acme.example\r\nSubject: Invoice\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the invoice.\r\n" +
			"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n\r\nMZ\r\n--b--\r\n"
		v := mailview.Analyze([]byte(raw), mailview.Reader{})
		bank := demoEntries(t, "04-bank-ip-link.eml")[0].View
		w := a.NewWindow("contrast")
		s := newSidebar(a)
		s.show(bank)
		mv := &messageView{}
		var rows []fyne.CanvasObject
		for _, att := range v.Attachments {
			rows = append(rows, mv.attachmentRow(att, attachmentWarnings(att, v)))
		}
		w.SetContent(container.NewHBox(s.object(), container.NewVBox(rows...)))
		w.Resize(fyne.NewSize(1000, 700))
		w.Show()
		bg := th.Color(theme.ColorNameBackground, variant)
		red := 0
		for _, txt := range drawnTexts(w.Content()) {
			if txt.Color == th.Color(theme.ColorNameError, variant) {
				red++
			}
			if c := contrast(txt.Color, bg); c < 4.5 {
				t.Errorf("variant %v: %q drawn at %.2f:1", variant, txt.Text, c)
			}
		}
		if red < 2 {
			t.Errorf("variant %v: %d danger texts drawn in the error colour; want the finding title and the attachment row", variant, red)
		}
		w.Close()
	}
}

// The load bar counts in English as English does: one image, two images.
func TestLoadBarPluralsForOneAndTwo(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations()
	for _, c := range []struct {
		key  string
		data map[string]any
		want string
	}{
		{"load.info", map[string]any{"Images": 1, "Trackers": 0}, "1 remote image is blocked."},
		{"load.info", map[string]any{"Images": 1, "Trackers": 1}, "1 remote image is blocked, and it is a tracker."},
		{"load.info", map[string]any{"Images": 2, "Trackers": 1}, "2 remote images are blocked, 1 of them a tracker."},
		{"load.info", map[string]any{"Images": 2, "Trackers": 2}, "2 remote images are blocked, 2 of them trackers."},
		{"load.done", map[string]any{"Loaded": 1, "Trackers": 1, "Failed": 0}, "Loaded 1 image; 1 tracker stays blocked; 0 failed."},
		{"load.done", map[string]any{"Loaded": 2, "Trackers": 2, "Failed": 1}, "Loaded 2 images; 2 trackers stay blocked; 1 failed."},
		{"folder.count", map[string]any{"Count": 1}, "1 message"},
		{"folder.count", map[string]any{"Count": 2}, "2 messages"},
	} {
		if got := lang.L(c.key, c.data); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.key, c.data, got, c.want)
		}
	}
}

// In Japanese the load bar names trackers only when there are some: no
// "（うちトラッカー0件）" on a message whose one image is not a tracker.
func TestLoadBarJapaneseWithoutTrackers(t *testing.T) {
	englishSystem(t)
	t.Setenv("LANG", "ja_JP.UTF-8")
	t.Setenv("LANGUAGE", "ja")
	test.NewTempApp(t)
	LoadTranslations()
	for trackers, want := range map[int]string{0: "1件の外部画像をブロックしています。", 1: "1件の外部画像をブロックしています（うちトラッカー1件）。"} {
		if got := lang.L("load.info", map[string]any{"Images": 1, "Trackers": trackers}); got != want {
			t.Errorf("%d tracker(s): %q, want %q", trackers, got, want)
		}
	}
}

// The Headers window closes on Escape, and has a Close button that closes it.
func TestEscapeClosesTheHeadersWindow(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	v := demoEntries(t, "04-bank-ip-link.eml")[0].View
	open := func() fyne.Window {
		w := showText(a, "Headers", headerText(v))
		if !windowOpen(a, w) {
			t.Fatal("the Headers window did not open")
		}
		return w
	}
	w := open()
	key := w.Canvas().OnTypedKey()
	if key == nil {
		t.Fatal("the Headers window does not listen to keys")
	}
	key(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if windowOpen(a, w) {
		t.Error("Escape does not close the Headers window")
	}
	w = open()
	var closeBtn *widget.Button
	walkObjects(w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Close" {
			closeBtn = b
		}
	})
	if closeBtn == nil {
		t.Fatal("the Headers window has no Close button")
	}
	test.Tap(closeBtn)
	if windowOpen(a, w) {
		t.Error("Close does not close the Headers window")
	}
}

// Where the reader leaves the divider of the file window is where it is
// when the window opens again.
func TestSplitOffsetRestoredAfterReopening(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	settings := app.NewSettings(a.Preferences(), nil)
	entries := demoEntries(t, "04-bank-ip-link.eml")
	split := func(w *MainWindow) *container.Split {
		var s *container.Split
		walkObjects(w.Window.Content(), func(o fyne.CanvasObject) {
			if c, ok := o.(*container.Split); ok && s == nil {
				s = c
			}
		})
		if s == nil {
			t.Fatal("the file window has no split")
		}
		return s
	}
	w := NewMainWindow(a, "mailsafe", entries, PaneOptions{Settings: settings})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	split(w).SetOffset(0.42)
	w.Window.Close()

	w = NewMainWindow(a, "mailsafe", entries, PaneOptions{Settings: settings})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()
	if got := split(w).Offset; math.Abs(got-0.42) > 0.001 {
		t.Errorf("the divider opens at %.3f, want where it was left (0.42)", got)
	}
}
