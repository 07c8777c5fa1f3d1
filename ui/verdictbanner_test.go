package ui

import (
	"errors"
	"image/color"
	"math"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// reasonTitle is the English title of the first reason of v's verdict.
func reasonTitle(t *testing.T, v *mailview.View) string {
	t.Helper()
	if len(v.Verdict.Reasons) == 0 {
		t.Fatalf("verdict %v has no reasons", v.Verdict)
	}
	for _, f := range v.Findings {
		if f.ID == v.Verdict.Reasons[0] {
			return f.Title.In("en")
		}
	}
	t.Fatalf("no finding %s", v.Verdict.Reasons[0])
	return ""
}

// The verdict is said first, in words, over the message: the scam, the
// caution, and for a message without warning signs a line that promises
// nothing.
func TestVerdictBannerSaysTheVerdictInWords(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	entries := demoEntries(t, "04-bank-ip-link.eml", "junk-01-prize.eml", "07-colleague.eml")
	if got := []check.Level{entries[0].View.Verdict.Level, entries[1].View.Verdict.Level, entries[2].View.Verdict.Level}; got[0] != check.LevelDanger || got[1] != check.LevelCaution || got[2] != check.LevelSafe {
		t.Fatalf("the demo mails' verdicts changed: %v", got)
	}
	w := NewMainWindow(a, "mailsafe", entries, PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()

	w.list.selectIndex(indexOf(w.entries, "04-bank-ip-link.eml")) // the list is newest first
	text := renderedText(w.message.object())
	want := "This message is likely a scam: " + reasonTitle(t, entries[0].View)
	if !strings.Contains(text, want) {
		t.Errorf("the bank phishing mail does not say %q:\n%s", want, text)
	}
	if i, j := strings.Index(text, want), strings.Index(text, "MyBank Security"); i < 0 || j < 0 || i > j {
		t.Errorf("the verdict is not above the header (at %d, sender at %d)", i, j)
	}

	w.list.selectIndex(indexOf(w.entries, "junk-01-prize.eml"))
	text = renderedText(w.message.object())
	want = "Caution: " + reasonTitle(t, entries[1].View)
	if !strings.Contains(text, want) || strings.Contains(text, "likely a scam") {
		t.Errorf("the prize mail does not say %q alone:\n%s", want, text)
	}

	w.list.selectIndex(indexOf(w.entries, "07-colleague.eml"))
	text = renderedText(w.message.object())
	if !strings.Contains(text, "found no sign of a scam") || strings.Contains(text, "Caution:") || strings.Contains(text, "likely a scam") {
		t.Errorf("the colleague's mail does not say calmly that no sign of a scam was found:\n%s", text)
	}
}

func TestVerdictBannerSpeaksJapanese(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	t.Setenv("LANGUAGE", "ja")
	a := test.NewTempApp(t)
	LoadTranslations()
	defer func() {
		os.Setenv("LANGUAGE", "en")
		LoadTranslations()
	}()
	entries := demoEntries(t, "04-bank-ip-link.eml")
	w := NewMainWindow(a, "mailsafe", entries, PaneOptions{})
	var title string
	for _, f := range entries[0].View.Findings {
		if f.ID == entries[0].View.Verdict.Reasons[0] {
			title = f.Title.In("ja")
		}
	}
	if want := "このメッセージは詐欺の可能性が高いです：" + title; !strings.Contains(renderedText(w.message.object()), want) {
		t.Errorf("no %q in:\n%s", want, renderedText(w.message.object()))
	}
}

// severityOrder lists the severity words of the finding cards in the order
// the sidebar shows them.
func severityOrder(o fyne.CanvasObject) []string {
	var out []string
	walkObjects(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*flowText); ok {
			for _, w := range []string{"Danger", "Warning", "Info"} {
				if strings.HasPrefix(l.Text(), w+": ") {
					out = append(out, w)
				}
			}
		}
	})
	return out
}

// The sidebar lists danger first, whatever the kind, and opens at its top
// for every message.
func TestSidebarOpensAtTheTopWithDangerFirst(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", append(entriesFrom(t, "phish-links-attachments.eml"), demoEntries(t, "02-bec-iphone.eml", "01-newsletter.eml")...), PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()
	rank := map[string]int{"Danger": 0, "Warning": 1, "Info": 2}
	for i := 0; i < 2; i++ {
		w.list.selectIndex(i)
		order := severityOrder(w.sidebar.findings)
		if len(order) < 3 {
			t.Fatalf("message %d: findings %v", i, order)
		}
		for k := 1; k < len(order); k++ {
			if rank[order[k]] < rank[order[k-1]] {
				t.Errorf("message %d: %s listed after %s: %v", i, order[k], order[k-1], order)
				break
			}
		}
	}

	scroll, ok := w.sidebar.object().(*container.Scroll)
	if !ok {
		t.Fatalf("the sidebar is a %T", w.sidebar.object())
	}
	w.list.selectIndex(0)
	scroll.ScrollToBottom()
	if scroll.Offset.Y == 0 {
		t.Fatalf("the sidebar of the phishing mail does not scroll at 1024×700")
	}
	w.list.selectIndex(1)
	if scroll.Offset.Y != 0 {
		t.Errorf("the next message's findings open scrolled to %v", scroll.Offset.Y)
	}
}

// The link dialog warns with a warning icon, not a question mark, and Cancel
// is its default; a link without warnings asks without the warning icon.
func TestLinkDialogWarnsAndDefaultsToCancel(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", demoEntries(t, "04-bank-ip-link.eml"), PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()
	target := ""
	for _, l := range w.message.view.Links {
		if len(l.Issues) > 0 {
			target = l.URL
		}
	}
	if target == "" {
		t.Fatal("the bank mail has no link with warnings")
	}
	rec := &openRecorder{App: a}
	confirmOpenLink(rec, w.Window, target, w.message.view)
	top := w.Window.Canvas().Overlays().Top()
	assertSafeDefault(t, top, "Cancel")
	if icon := dialogIcon(top); !strings.Contains(icon, "warning") {
		t.Errorf("the link dialog warns with icon %q", icon)
	}
	tapButton(t, top, "Cancel")
	if len(rec.opened) != 0 {
		t.Errorf("Cancel opened %v", rec.opened)
	}

	w2 := NewMainWindow(a, "mailsafe", entriesFrom(t, "links-safelinks-colleague.eml"), PaneOptions{})
	w2.Window.Show()
	defer w2.Window.Close()
	var plain string
	for _, l := range w2.message.view.Links {
		if len(l.Issues) == 0 {
			plain = l.URL
		}
	}
	confirmOpenLink(rec, w2.Window, plain, w2.message.view)
	top = w2.Window.Canvas().Overlays().Top()
	assertSafeDefault(t, top, "Cancel")
	if icon := dialogIcon(top); strings.Contains(icon, "warning") {
		t.Errorf("a link without warnings shows icon %q", icon)
	}
}

// dialogIcon is the name of the icon a dialog shows (not its buttons'), ""
// when none.
func dialogIcon(o fyne.CanvasObject) string {
	name := ""
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch c := o.(type) {
		case *canvas.Image:
			if c.Resource != nil && name == "" {
				name = c.Resource.Name()
			}
		case *widget.Button:
		case *fyne.Container:
			for _, child := range c.Objects {
				walk(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(c).Objects() {
				walk(child)
			}
		}
	}
	walk(o)
	return name
}

// assertSafeDefault checks that safe is the one high-importance button under o.
func assertSafeDefault(t *testing.T, o fyne.CanvasObject, safe string) {
	t.Helper()
	found := false
	walkObjects(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			if b.Text == safe {
				found = true
				if b.Importance != widget.HighImportance {
					t.Errorf("%q is not the default button", safe)
				}
			} else if b.Importance == widget.HighImportance {
				t.Errorf("%q is the default button; %q should be", b.Text, safe)
			}
		}
	})
	if !found {
		t.Errorf("no %q button in:\n%s", safe, renderedText(o))
	}
}

// Saving a dangerous attachment: both confirmations default to Cancel and
// warn with a warning icon.
func TestDangerousAttachmentDialogsDefaultToCancel(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()
	tapButton(t, w.message.attachmentRows.Objects[0], "Save…")
	first := w.Window.Canvas().Overlays().Top()
	assertSafeDefault(t, first, "Cancel")
	if icon := dialogIcon(first); !strings.Contains(icon, "warning") {
		t.Errorf("the first confirmation shows icon %q", icon)
	}
	tapButton(t, first, "Continue")
	second := w.Window.Canvas().Overlays().Top()
	assertSafeDefault(t, second, "Cancel")
	if icon := dialogIcon(second); !strings.Contains(icon, "warning") {
		t.Errorf("the second confirmation shows icon %q", icon)
	}
	tapButton(t, second, "Cancel")
	if top := w.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Cancel left a dialog open:\n%s", renderedText(top))
	}
}

// A name with a right-to-left override shows the override as a visible
// mark, in the attachment row and in the dialogs that name it, and never
// applies it.
func TestRTLOAttachmentNameShowsVisibleMarks(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	defer w.Window.Close()
	row := -1
	for i, att := range w.message.view.Attachments {
		if strings.ContainsRune(att.Filename, '\u202e') {
			row = i
		}
	}
	if row < 0 {
		t.Fatal("no attachment with a right-to-left override in the test mail")
	}
	text := renderedText(w.message.attachmentRows)
	if !strings.Contains(text, "⟨RLO⟩") || strings.ContainsAny(text, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f") {
		t.Errorf("attachment rows apply direction controls or hide them:\n%q", text)
	}
	tapButton(t, w.message.attachmentRows.Objects[row], "Save…")
	dlg := renderedText(w.Window.Canvas().Overlays().Top())
	if !strings.Contains(dlg, "⟨RLO⟩") || strings.ContainsRune(dlg, '\u202e') {
		t.Errorf("the save confirmation does not name the file with visible marks:\n%q", dlg)
	}
	if got := visibleName("invoice\u202egpj.exe"); got != "invoice⟨RLO⟩gpj.exe" {
		t.Errorf("visibleName = %q", got)
	}
}

// Reply-To shows in the header block when replies would go elsewhere.
func TestReplyToRowShowsWhereRepliesGo(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	mail := func(replyTo string) Entry {
		raw := "From: CEO <ceo@acme.example>\r\nTo: alex@acme.example\r\n" + replyTo +
			"Subject: Wire\r\nDate: Sun, 22 Nov 2026 08:12:00 +0000\r\n\r\nPlease handle.\r\n"
		return Entry{ID: replyTo, View: mailview.Analyze([]byte(raw), mailview.Reader{})}
	}
	w := NewMainWindow(a, "mailsafe", []Entry{
		mail("Reply-To: CEO <ceo.acme@freemail.example>\r\n"),
		mail(""),
		mail("Reply-To: ceo@acme.example\r\n"),
	}, PaneOptions{})
	w.Window.Show()
	defer w.Window.Close()
	visibleText := func() string {
		var parts []string
		walkObjects(w.message.object(), func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && l.Visible() {
				parts = append(parts, l.Text)
			}
		})
		return strings.Join(parts, "\n")
	}
	if text := visibleText(); !strings.Contains(text, "Reply-To\nCEO <ceo.acme@freemail.example>") {
		t.Errorf("no Reply-To row:\n%s", text)
	}
	for i := 1; i < 3; i++ {
		w.list.selectIndex(i)
		if text := visibleText(); strings.Contains(text, "Reply-To") {
			t.Errorf("message %d shows a Reply-To row though replies go to the sender:\n%s", i, text)
		}
	}
}

// variantTheme is the default theme held to one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// "Remote content is blocked" is the product's promise: it reads at 4.5:1
// at least, in the light and the dark theme.
func TestBlockedNoteReadsAtFullContrast(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		th := variantTheme{theme.DefaultTheme(), variant}
		a.Settings().SetTheme(th)
		LoadTranslations()
		w := NewMainWindow(a, "mailsafe", demoEntries(t, "01-newsletter.eml"), PaneOptions{})
		w.Window.Show()
		label := w.message.blocked
		label.Refresh()
		drawn := drawnTexts(label)
		if len(drawn) == 0 {
			t.Fatalf("variant %v: the note draws no text", variant)
		}
		bg := th.Color(theme.ColorNameBackground, variant)
		for _, txt := range drawn {
			if c := contrast(txt.Color, bg); c < 4.5 {
				t.Errorf("variant %v: %q drawn at %.2f:1", variant, txt.Text, c)
			}
		}
		w.Window.Close()
	}
}

// "What loading would reveal" names vendors as vendors and an unknown host
// as a server, in a sentence.
func TestRevealPanelNamesVendorsAndServers(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations()
	v := demoEntries(t, "01-newsletter.eml")[0].View
	text := renderedText(container.NewVBox(revealPanel(v, "en")...))
	for _, want := range []string{"would tell Mailchimp, SendGrid (Twilio) and the server at 127.0.0.1 that you opened"} {
		if !strings.Contains(text, want) {
			t.Errorf("reveal panel lacks %q:\n%s", want, text)
		}
	}
}

// Trusting a certificate that failed verification is the risky choice:
// Cancel is the default, with a warning icon, and nothing is trusted unless
// the reader taps "Trust this certificate".
func TestCertificateDialogDefaultsToCancel(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := a.NewWindow("mailsafe")
	w.Resize(fyne.NewSize(1024, 700))
	w.Show()
	defer w.Close()
	trusted := false
	ce := &app.CertificateError{Host: "imap.example.org", Reason: errors.New("x509: certificate signed by unknown authority"), Fingerprint: "AB:CD", Subject: "CN=imap.example.org"}
	ConfirmTrustCertificate(w, ce, func() { trusted = true })
	d := w.Canvas().Overlays().Top()
	assertSafeDefault(t, d, "Cancel")
	if icon := dialogIcon(d); !strings.Contains(icon, "warning") {
		t.Errorf("the certificate dialog shows icon %q", icon)
	}
	tapButton(t, d, "Cancel")
	if trusted {
		t.Error("Cancel trusted the certificate")
	}
}
