package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if s.Settings.ReportAddress() != "" || !strings.Contains(sw.reportNote.Text, "security@example.com") {
		t.Fatalf("a bad address: stored %q, said %q", s.Settings.ReportAddress(), sw.reportNote.Text)
	}
	sw.reportTo.SetText("Security Team <security@acme.example>")
	test.Tap(sw.reportSave)
	if s.Settings.ReportAddress() != "security@acme.example" {
		t.Fatalf("stored %q, said %q", s.Settings.ReportAddress(), sw.reportNote.Text)
	}

	w := s.ShowMessages("mailsafe", entriesFrom(t, "phish-links-attachments.eml"), nil)
	dir := t.TempDir()
	w.message.writeReport(dir)
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
