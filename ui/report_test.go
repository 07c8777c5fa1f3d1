package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestReportToITWritesTheFolderAndPreparesTheMail(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)

	// The address is set in the settings window, and checked there.
	sw := NewSettingsWindow(a, s.Settings, s.Languages, nil)
	sw.reportTo.SetText("not an address")
	test.Tap(sw.reportSave)
	if s.Settings.ReportAddress() != "" || !strings.Contains(sw.reportNote.Text(), "security@example.com") {
		t.Fatalf("a bad address: stored %q, said %q", s.Settings.ReportAddress(), sw.reportNote.Text())
	}
	sw.reportTo.SetText("Security Team <security@acme.example>")
	test.Tap(sw.reportSave)
	if s.Settings.ReportAddress() != "security@acme.example" {
		t.Fatalf("stored %q, said %q", s.Settings.ReportAddress(), sw.reportNote.Text())
	}

	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"), nil)
	dir := t.TempDir()
	if err := writeAndWait(t, w.message, func() { w.message.writeReport(dir) }); err != nil {
		t.Fatalf("the report was not written: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d entries written, want one report folder", len(entries))
	}
	folder := filepath.Join(dir, entries[0].Name())
	for _, f := range []string{"message.eml", "report.json", "report.html"} {
		if _, err := os.Stat(filepath.Join(folder, f)); err != nil {
			t.Errorf("the report lacks %s", f)
		}
	}
	top := renderedText(w.Window.Canvas().Overlays().Top())
	if !strings.Contains(top, folder) || !strings.Contains(top, "Prepare a mail to security@acme.example") {
		t.Errorf("the report dialog says:\n%s", top)
	}
	u := reportMailto("security@acme.example", "Action required: account on hold", folder)
	if u.Scheme != "mailto" || u.Opaque != "security@acme.example" ||
		!strings.Contains(u.Query().Get("subject"), "Action required: account on hold") || !strings.Contains(u.Query().Get("body"), folder) {
		t.Errorf("mail to prepare: %s", u)
	}
}

// writeAndWait starts a save or a report with start and waits until its
// result has been shown in the window; it returns the write's error.
func writeAndWait(t *testing.T, mv *messageView, start func()) error {
	t.Helper()
	done := make(chan error, 1)
	mv.afterWrite = func(err error) { done <- err }
	start()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("the write did not finish")
		return nil
	}
}

// A report that cannot be written says so in the window, with the reason.
func TestReportThatCannotBeWrittenShowsAnError(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"), nil)
	// A regular file where the folder should be: no one, root included, can
	// create the report folder inside it.
	notDir := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeAndWait(t, w.message, func() { w.message.writeReport(notDir) })
	if err == nil {
		t.Fatal("writing a report inside a file succeeded")
	}
	top := w.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no error shown")
	}
	text := renderedText(top)
	if !strings.Contains(text, "The report was not written:") || !strings.Contains(text, notDir) {
		t.Errorf("the error says:\n%s", text)
	}
}
