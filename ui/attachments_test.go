package ui

import (
	"bytes"
	"fmt"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
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

// saveDialogWriter opens path as the save dialog does when the reader
// chooses it, and hands the result to the message view.
func saveDialogWriter(t *testing.T, mv *messageView, att check.Attachment, path string) error {
	t.Helper()
	wc, err := storage.Writer(storage.NewFileURI(path))
	return writeAndWait(t, mv, func() { mv.writeAttachment(att, wc, err) })
}

// Save writes exactly the attachment's decoded bytes to the chosen file.
func TestSaveAttachmentWritesTheFile(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	att := w.message.view.Attachments[3] // minutes.docm
	var want bytes.Buffer
	if _, err := att.Part.WriteTo(&want); err != nil || want.Len() == 0 {
		t.Fatalf("the attachment has %d bytes (%v)", want.Len(), err)
	}
	path := filepath.Join(t.TempDir(), safeFileName(att.Filename))
	if err := saveDialogWriter(t, w.message, att, path); err != nil {
		t.Fatalf("saving failed: %v", err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the saved file has %d bytes (%v), want the attachment's %d", len(got), err, want.Len())
	}
	if top := w.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a successful save showed:\n%s", renderedText(top))
	}
}

// A file that cannot be created, or a disk that fills up while writing,
// is said in the window.
func TestSaveAttachmentFailureShowsAnError(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	att := w.message.view.Attachments[3]
	// A regular file where the folder should be: not even root can create a
	// file inside it (a read-only directory would not stop root).
	notDir := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	targets := []string{filepath.Join(notDir, "minutes.docm")}
	if _, err := os.Stat("/dev/full"); err == nil {
		targets = append(targets, "/dev/full") // opens, then every write fails: no space left
	}
	for _, path := range targets {
		if err := saveDialogWriter(t, w.message, att, path); err == nil {
			t.Errorf("saving to %s succeeded", path)
			continue
		}
		top := w.Window.Canvas().Overlays().Top()
		if top == nil {
			t.Errorf("saving to %s failed silently", path)
			continue
		}
		if text := renderedText(top); !strings.Contains(text, "The attachment was not saved:") {
			t.Errorf("saving to %s: the window says:\n%s", path, text)
		}
		w.Window.Canvas().Overlays().Remove(top)
	}
}

// stuckWriter is a file on a disk that does not answer: every Write waits
// until release is closed.
type stuckWriter struct {
	release chan struct{}
	n       int
}

func (w *stuckWriter) Write(p []byte) (int, error) { <-w.release; w.n += len(p); return len(p), nil }
func (w *stuckWriter) Close() error                { return nil }
func (w *stuckWriter) URI() fyne.URI               { return storage.NewFileURI("/stuck/minutes.docm") }

// The dialog's callback runs on the UI goroutine: it hands the writing off
// and returns at once, even while the disk does not answer.
func TestSaveAttachmentDoesNotWaitForTheDisk(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	att := w.message.view.Attachments[3]
	disk := &stuckWriter{release: make(chan struct{})}
	finished := make(chan error, 1)
	w.message.afterWrite = func(err error) { finished <- err }
	returned := make(chan struct{})
	go func() {
		w.message.writeAttachment(att, disk, nil)
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		close(disk.release)
		t.Fatal("saving waited for the disk on the calling (UI) goroutine")
	}
	close(disk.release)
	select {
	case err := <-finished:
		if err != nil || disk.n == 0 {
			t.Errorf("the save ended with %v after %d bytes", err, disk.n)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the save did not finish once the disk answered")
	}
}

// A message of many attachments shows three and a button for the rest,
// with the one that has a finding first whatever its place; the button
// shows them all. Each row has its own icon.
func TestManyAttachmentsAreShownInPart(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	var b strings.Builder
	b.WriteString("From: Friend <friend@example.org>\r\nTo: me@example.org\r\nSubject: Trip photos\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPhotos attached.\r\n")
	for i := 0; i < 12; i++ {
		name := fmt.Sprintf("photo-%02d.png", i)
		if i == 9 {
			name = "photo-09.png.exe"
		}
		fmt.Fprintf(&b, "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=%q\r\n\r\nx\r\n", name)
	}
	b.WriteString("--b--\r\n")
	v := mailview.Analyze([]byte(b.String()), mailview.Reader{})
	w := NewMainWindow(a, "mailsafe", []Entry{{ID: "photos", View: v}}, PaneOptions{})
	w.Window.Show()
	rows := w.message.attachmentRows
	if len(rows.Objects) != shownAttachments+1 {
		t.Fatalf("%d rows shown, want %d and a button:\n%s", len(rows.Objects), shownAttachments, renderedText(rows))
	}
	if first := renderedText(rows.Objects[0]); !strings.Contains(first, "photo-09.png.exe") {
		t.Errorf("the attachment with a finding is not first: %s", first)
	}
	icons := 0
	walkObjects(rows, func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.Icon); ok {
			icons++
		}
	})
	if icons < shownAttachments {
		t.Errorf("%d icons for %d rows", icons, shownAttachments)
	}
	tapButton(t, rows, "Show all 12 attachments")
	if len(rows.Objects) != 12 || !strings.Contains(renderedText(rows), "photo-11.png") {
		t.Errorf("after Show all, %d rows:\n%s", len(rows.Objects), renderedText(rows))
	}
}
