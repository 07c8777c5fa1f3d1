package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
)

// fitItem is a control (or a scrolled area) where it is drawn, in the
// scrolled area it belongs to: what lies in a scroll is reached by
// scrolling, so it is held inside its scroll only along the directions the
// scroll does not move, and compared for overlap only with what scrolls
// with it.
type fitItem struct {
	name     string
	pos      fyne.Position
	size     fyne.Size
	scope    int           // 0: the window; otherwise the scroll's number
	view     fyne.Position // the scroll's viewport, top left
	viewSize fyne.Size     // and size (the window for scope 0)
	freeX    bool          // the scroll moves sideways
	freeY    bool          // the scroll moves up and down
	text     bool          // a piece of text: held inside, but may lie over its control
}

// fitItems lists the visible controls under o, drawn at origin, in scope.
func fitItems(o fyne.CanvasObject, origin fyne.Position, in fitItem, scopes *int, out *[]fitItem) {
	if o == nil || !o.Visible() {
		return
	}
	at := origin.Add(o.Position())
	item := in
	item.pos, item.size = at, o.Size()
	switch w := o.(type) {
	case *widget.Entry:
		item.name = fmt.Sprintf("entry %q (password %v)", w.PlaceHolder, w.Password)
		*out = append(*out, item)
		return
	case *widget.Select:
		item.name = "select " + w.Selected
		*out = append(*out, item)
		return
	case *widget.Button:
		item.name = "button " + w.Text
		*out = append(*out, item)
		return
	case *widget.Check:
		item.name = "check " + w.Text
		*out = append(*out, item)
		return
	case *canvas.Text:
		if strings.TrimSpace(w.Text) != "" {
			item.name, item.text = fmt.Sprintf("text %q", w.Text), true
			*out = append(*out, item)
		}
		return
	case *widget.RadioGroup:
		item.name = "radio " + w.Selected
		*out = append(*out, item)
		return
	case *container.Scroll:
		item.name = "scrolled area"
		*out = append(*out, item)
		*scopes++
		inner := fitItem{scope: *scopes, view: at, viewSize: o.Size(),
			freeX: w.Direction == container.ScrollBoth || w.Direction == container.ScrollHorizontalOnly,
			freeY: w.Direction == container.ScrollBoth || w.Direction == container.ScrollVerticalOnly}
		if inner.freeY && w.Content != nil && w.Content.MinSize().Height > o.Size().Height {
			// The scroll bar is drawn over the content's right edge: what
			// lies under it cannot be read or clicked.
			inner.viewSize.Width -= theme.Size(theme.SizeNameScrollBarSmall)
		}
		if w.Content != nil {
			fitItems(w.Content, at, inner, scopes, out)
		}
		return
	case *fyne.Container:
		for _, c := range w.Objects {
			fitItems(c, at, in, scopes, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			fitItems(c, at, in, scopes, out)
		}
	}
}

// assertAllFit checks that the window fits a 1024×700 screen and that what
// the reader can use now (the top dialog when one is open, else the window)
// has every entry, select, check and button inside the window (inside its
// scrolled area, along the directions that area does not scroll) with room
// to be drawn, none over another.
func assertAllFit(t *testing.T, what string, w fyne.Window) {
	t.Helper()
	settle(w)
	size := w.Canvas().Size()
	if size.Width > 1024 || size.Height > 700 {
		t.Errorf("%s: the window is %v, larger than a 1024×700 screen", what, size)
	}
	layer := w.Content()
	if top := w.Canvas().Overlays().Top(); top != nil {
		layer = top // a dialog is modal: what lies under it cannot be used
	}
	var items []fitItem
	scopes := 0
	fitItems(layer, fyne.Position{}, fitItem{viewSize: size}, &scopes, &items)
	for i, c := range items {
		// Inside the window; what scrolls, inside its scrolled area along
		// the directions that area does not move (the area itself is
		// checked in its own scope).
		if c.scope == 0 && (c.pos.X < -0.5 || c.pos.Y < -0.5 || c.pos.X+c.size.Width > size.Width+0.5 || c.pos.Y+c.size.Height > size.Height+0.5) {
			t.Errorf("%s: %s at %v size %v lies outside the %v window", what, c.name, c.pos, c.size, size)
		}
		if c.scope != 0 {
			if !c.freeX && (c.pos.X < c.view.X-0.5 || c.pos.X+c.size.Width > c.view.X+c.viewSize.Width+0.5) {
				t.Errorf("%s: %s at x %.0f..%.0f is cut off by its scrolled area (x %.0f..%.0f), which does not scroll sideways",
					what, c.name, c.pos.X, c.pos.X+c.size.Width, c.view.X, c.view.X+c.viewSize.Width)
			}
			if !c.freeY && (c.pos.Y < c.view.Y-0.5 || c.pos.Y+c.size.Height > c.view.Y+c.viewSize.Height+0.5) {
				t.Errorf("%s: %s at y %.0f..%.0f is cut off by its scrolled area (y %.0f..%.0f), which does not scroll up and down",
					what, c.name, c.pos.Y, c.pos.Y+c.size.Height, c.view.Y, c.view.Y+c.viewSize.Height)
			}
		}
		if c.text {
			continue // texts lie on their controls; inside is what counts
		}
		if c.size.Width < 1 || c.size.Height < 1 {
			t.Errorf("%s: %s has no room (%v)", what, c.name, c.size)
		}
		for _, d := range items[i+1:] {
			if d.scope != c.scope || d.text {
				continue
			}
			if c.pos.X < d.pos.X+d.size.Width-0.5 && d.pos.X < c.pos.X+c.size.Width-0.5 &&
				c.pos.Y < d.pos.Y+d.size.Height-0.5 && d.pos.Y < c.pos.Y+c.size.Height-0.5 {
				t.Errorf("%s: %s (%v %v) and %s (%v %v) overlap", what, c.name, c.pos, c.size, d.name, d.pos, d.size)
			}
		}
	}
	if len(items) == 0 {
		t.Errorf("%s: nothing found to check", what)
	}
	t.Logf("%s: %v, %d controls and scrolled areas checked", what, size, len(items))
}

// Every window and dialog of mailsafe, in English and Japanese, at
// 1024×700: the Settings window with its account form (Add and Edit) and its
// confirmations, the mailbox window over the demo in each state of its
// reading pane, the file window, and every confirmation the reader meets.
// Each shows its entries and buttons inside the window, nothing drawn over
// anything else. (The first run's form and the password prompt:
// TestFirstRunAccountFormFitsAt1024x700, TestPasswordPromptFitsAt1024x700.)
func TestEveryWindowAndDialogFitsAt1024x700(t *testing.T) {
	for _, language := range []string{"en", "ja"} {
		t.Run(language, func(t *testing.T) {
			t.Run("settings", func(t *testing.T) { fitSettings(t, language) })
			t.Run("mailbox", func(t *testing.T) { fitMailbox(t, language) })
			t.Run("file", func(t *testing.T) { fitFileWindow(t, language) })
		})
	}
}

func fitSettings(t *testing.T, language string) {
	readIn(t, language)
	keyring.MockInit()
	a := test.NewTempApp(t)
	settings := app.NewSettings(a.Preferences(), app.NewSecrets())
	pinned := app.Account{Email: "kim@example.org", Host: "mail.example.org", Port: 993, Security: app.SecurityTLS, Username: "kim",
		PinnedCert: strings.Repeat("ab", 32), AuthServID: "mx.example.org"}
	other := app.Account{Name: "Lee", Email: "lee@example.net", Host: "imap.example.net", Port: 143, Security: app.SecurityStartTLS, Username: "lee"}
	settings.SaveAccount(pinned, "kim's secret")
	settings.SaveAccount(other, "lee's secret")
	settings.TrustSender("news@shop.example")
	sw := NewSettingsWindow(a, settings, NewLanguages(), func(app.Account) {})
	sw.do = newUILoop().post
	sw.Window.Show()
	defer sw.Window.Close()
	w := sw.Window
	assertAllFit(t, "settings", w)

	tapButton(t, w.Content(), lang.L("Add an account…"))
	assertAllFit(t, "settings → add an account", w)
	closeTop(t, w)

	tapButton(t, w.Content(), lang.L("Edit…"))
	assertAllFit(t, "settings → edit account", w)
	closeTop(t, w)

	tapButton(t, w.Content(), lang.L("Forget this certificate"))
	assertAllFit(t, "settings → forget this certificate", w)
	closeTop(t, w)

	tapButton(t, w.Content(), lang.L("Remove…"))
	assertAllFit(t, "settings → remove account", w)
	closeTop(t, w)
}

func fitMailbox(t *testing.T, language string) {
	readIn(t, language)
	mw := openDemoAt(t, fyne.NewSize(1024, 700))
	a := fyne.CurrentApp()
	w := mw.Window
	fits := func(what string) {
		t.Helper()
		onUI(mw, func() {
			assertAllFit(t, what, w)
			t.Logf("%s: folders %.0f, list %.0f, message %.0f px wide", what, mw.folderList.Size().Width, mw.msgList.Size().Width, mw.message.object().Size().Width)
			if lw := mw.msgList.Size().Width; lw < 200 {
				t.Errorf("%s: the message list is %.0f px wide, too narrow to read (folders %.0f, message %.0f)",
					what, lw, mw.folderList.Size().Width, mw.message.object().Size().Width)
			}
		})
	}

	openSubject(t, mw, "Action required: your account is on hold")
	fits("mailbox: a message with findings")
	onUI(mw, func() {
		target := ""
		for _, l := range mw.message.view.Links {
			if len(l.Issues) > 0 {
				target = l.URL
			}
		}
		if target == "" {
			t.Fatal("the bank mail has no link with warnings")
		}
		confirmOpenLink(&openRecorder{App: a}, w, target, mw.message.view)
		assertAllFit(t, "mailbox: the link dialog", w)
		closeTop(t, w)
		ConfirmTrustCertificate(w, &app.CertificateError{Host: "imap.example.org", Reason: errors.New("x509: certificate signed by unknown authority"),
			Fingerprint: strings.Repeat("AB:", 31) + "AB", Subject: "CN=imap.example.org"}, func() {})
		assertAllFit(t, "mailbox: the certificate trust dialog", w)
		closeTop(t, w)
	})

	openSubject(t, mw, "Winter roasts are here")
	fits("mailbox: the load bar")
	onUI(mw, func() { w.Resize(windowSizeFor(fyne.NewSize(1024, 700))) })
	fits("mailbox: the load bar, at the size the window asks for")
	onUI(mw, func() { w.Resize(fyne.NewSize(1024, 700)) })
	loadAndWaitIn(t, mw, func() { test.Tap(mw.message.keepBtn) })
	fits("mailbox: after Load images")

	onUI(mw, func() { mw.folderList.Select(2) })
	eventually(t, mw, "the junk message", func() bool {
		return len(mw.envs()) == 1 && mw.message.subject.Text == "Congratulations! You won a gift card" && mw.verdicts.Pending() == 0 && !mw.mb.Fetching()
	})
	fits("mailbox: the Junk caution")

	onUI(mw, func() { mw.folderList.Select(1) })
	eventually(t, mw, "the empty Sent folder", func() bool { return len(mw.envs()) == 0 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })
	fits("mailbox: an empty folder")
}

func fitFileWindow(t *testing.T, language string) {
	readIn(t, language)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	if err := s.Settings.SetReportAddress("security@acme.example"); err != nil {
		t.Fatal(err)
	}
	fw := s.ShowMessages("mailsafe — /home/alex/Downloads/phish-links-attachments.eml", entriesFrom(t, "phish-links-attachments.eml"), nil)
	defer fw.Window.Close()
	w := fw.Window
	assertAllFit(t, "file window at the size it asks for", w)
	w.Resize(fyne.NewSize(1024, 700))
	assertAllFit(t, "file window", w)

	tapButton(t, fw.message.attachmentRows.Objects[0], lang.L("Save…"))
	assertAllFit(t, "file window: the first dangerous-attachment confirmation", w)
	tapButton(t, w.Canvas().Overlays().Top(), lang.L("Continue"))
	assertAllFit(t, "file window: the second dangerous-attachment confirmation", w)
	closeTop(t, w)

	dir := t.TempDir()
	if err := writeAndWait(t, fw.message, func() { fw.message.writeReport(dir) }); err != nil {
		t.Fatalf("the report was not written: %v", err)
	}
	assertAllFit(t, "file window: the report result", w)
	closeTop(t, w)
}
