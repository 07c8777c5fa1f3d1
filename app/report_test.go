package app

import (
	"bytes"
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailsafe/mailview"
)

// The report folder holds the message byte for byte, the JSON that scan
// prints for it, and a page that names every finding and loads nothing.
func TestReportFolderForIT(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		src := filepath.Join("..", "mailview", "testdata", "phish-links-attachments.eml")
		raw, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		v := mailview.Analyze(raw, mailview.Reader{})
		dir := t.TempDir()
		folder, err := WriteReport(dir, src, v, lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(folder) != dir || !strings.HasPrefix(filepath.Base(folder), "mailsafe-report-") {
			t.Errorf("report folder %s", folder)
		}
		eml, _ := os.ReadFile(filepath.Join(folder, ReportMessageFile))
		if !bytes.Equal(eml, raw) {
			t.Errorf("%s: message.eml differs from the source (%d vs %d bytes)", lang, len(eml), len(raw))
		}
		js, _ := os.ReadFile(filepath.Join(folder, ReportJSONFile))
		var scanned bytes.Buffer
		if !Scan(context.Background(), []string{src}, ScanOptions{JSON: true, Lang: lang}, &scanned, &bytes.Buffer{}) {
			t.Fatal("scan failed")
		}
		if !bytes.Equal(js, scanned.Bytes()) {
			t.Errorf("%s: report.json differs from scan --json:\n%s\n---\n%s", lang, js, scanned.Bytes())
		}
		page, _ := os.ReadFile(filepath.Join(folder, ReportHTMLFile))
		rec := NewRecord(src, v, lang)
		if len(rec.Findings) < 3 {
			t.Fatalf("the phishing sample has %d findings", len(rec.Findings))
		}
		for _, f := range rec.Findings {
			if !bytes.Contains(page, []byte(html.EscapeString(f.Title))) || !bytes.Contains(page, []byte(f.ID)) {
				t.Errorf("%s: the page lacks finding %s %q", lang, f.ID, f.Title)
			}
		}
		lower := strings.ToLower(string(page))
		for _, never := range []string{"<script", " src=", "<img", "<a ", "<link", "report.title", "report.intro", "report.trace", "report.files"} {
			if strings.Contains(lower, never) {
				t.Errorf("%s: the page contains %q", lang, never)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s: %d entries left in the target folder, want the report alone", lang, len(entries))
		}
	}
	// A folder that cannot be written says so and leaves nothing.
	if _, err := WriteReport(filepath.Join(t.TempDir(), "missing"), "x", mailview.Analyze([]byte("Subject: x\r\n\r\nbody"), mailview.Reader{}), "en", nil); err == nil || !strings.Contains(err.Error(), "cannot write in") {
		t.Errorf("writing into a missing folder: %v", err)
	}
}

// A wrapped link's JSON names where it really goes and the wrapper; an
// unwrapped one carries no target field.
func TestRecordLinksNameTheUnwrappedTarget(t *testing.T) {
	raw, err := os.ReadFile("../mailview/testdata/links-safelinks-phish.eml")
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecord("x.eml", mailview.Analyze(raw, NewReader(ReaderConfig{})), "en")
	var found bool
	for _, l := range rec.Links {
		if strings.Contains(l.URL, "safelinks.protection.outlook.com") {
			found = true
			if l.Target != "https://mybank-verify.example.net/login" || len(l.Wrappers) != 1 {
				t.Errorf("wrapped link: target %q wrappers %v", l.Target, l.Wrappers)
			}
		} else if l.Target != "" {
			t.Errorf("unwrapped link %s has target %q", l.URL, l.Target)
		}
	}
	if !found {
		t.Fatalf("no Safe Links link in %+v", rec.Links)
	}
}
