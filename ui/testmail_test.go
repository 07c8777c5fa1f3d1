package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"mailsafe/mailview"
)

// entriesFrom reads and analyses mails of mailview's test data.
func entriesFrom(t *testing.T, files ...string) []Entry {
	t.Helper()
	return entriesIn(t, filepath.Join("..", "mailview", "testdata"), files)
}

// demoEntries reads and analyses mails of the built-in demo mailbox, with
// the beacon address filled in as the demo's server does.
func demoEntries(t *testing.T, files ...string) []Entry {
	t.Helper()
	return entriesIn(t, filepath.Join("..", "assets", "demo"), files)
}

func entriesIn(t *testing.T, dir string, files []string) []Entry {
	t.Helper()
	var out []Entry
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.ReplaceAll(raw, []byte("{{BEACON}}"), []byte("http://127.0.0.1:33643"))
		out = append(out, Entry{ID: f, View: mailview.Analyze(raw, mailview.Reader{})})
	}
	return out
}
