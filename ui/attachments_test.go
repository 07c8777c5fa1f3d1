package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tapButton finds a button by its text among the objects under o and taps it.
func tapButton(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	var found *widget.Button
	walkObjects(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in:\n%s", text, renderedText(o))
	}
	test.Tap(found)
}

func TestDangerousAttachmentIsConfirmedTwiceBeforeSaving(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	w.Window.Show()
	rows := renderedText(w.message.attachmentRows)
	if !strings.Contains(rows, "invoice.pdf.exe") || !strings.Contains(rows, "Danger: An attachment is a program") {
		t.Fatalf("attachment rows:\n%s", rows)
	}
	// The first row is invoice.pdf.exe: its Save asks, explains, asks again.
	tapButton(t, w.message.attachmentRows.Objects[0], "Save…")
	first := w.Window.Canvas().Overlays().Top()
	if !strings.Contains(renderedText(first), "Danger: An attachment is a program") {
		t.Fatalf("first confirmation:\n%s", renderedText(first))
	}
	tapButton(t, first, "Continue")
	second := w.Window.Canvas().Overlays().Top()
	if !strings.Contains(renderedText(second), "Are you sure?") {
		t.Fatalf("second confirmation:\n%s", renderedText(second))
	}
	tapButton(t, second, "Save anyway")
	if top := w.Window.Canvas().Overlays().Top(); top == nil || top == second {
		t.Fatalf("no file dialog after two confirmations")
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"report\u202eFDP.exe": "reportFDP.exe",
		"../../etc/passwd":    "_.._etc_passwd",
		".hidden":             "hidden",
		"":                    "attachment",
		"請求書.pdf":             "請求書.pdf",
	} {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaderAndSourceViews(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	v := entriesFrom(t, "jp-iso2022jp.eml")[0].View
	if h := headerText(v); !strings.Contains(h, "Subject: =?ISO-2022-JP?B?") || !strings.Contains(h, "Message-ID: <20261117101500.1234@example.co.jp>") {
		t.Errorf("headers:\n%s", h)
	}
	if s := sourceText(v); !strings.Contains(s, "Content-Transfer-Encoding: 7bit\n\n") {
		t.Errorf("source:\n%s", s)
	}
	w := showText(a, "Source", sourceText(v))
	defer w.Close()
	if !strings.Contains(renderedText(w.Content()), "Content-Type: text/plain; charset=ISO-2022-JP") {
		t.Errorf("source window:\n%s", renderedText(w.Content()))
	}
}
