package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailsafe/mailview"
	"mailsafe/mailview/message"
)

func collect(t *testing.T, path string) ([]Item, []*SourceError, error) {
	t.Helper()
	var items []Item
	var skipped []*SourceError
	err := ReadSource(context.Background(), path, func(it Item) error {
		items = append(items, it)
		return nil
	}, func(e *SourceError) { skipped = append(skipped, e) })
	return items, skipped, err
}

func TestReadMbox(t *testing.T) {
	items, skipped, err := collect(t, "testdata/sample.mbox")
	if err != nil || len(skipped) > 0 {
		t.Fatalf("err=%v skipped=%v", err, skipped)
	}
	if len(items) != 3 {
		t.Fatalf("got %d messages, want 3", len(items))
	}
	wantSubjects := []string{"First", "日本語", "Third"}
	for i, it := range items {
		if want := "testdata/sample.mbox#" + string(rune('1'+i)); it.ID != want {
			t.Errorf("ID = %q, want %q", it.ID, want)
		}
		v := mailview.Analyze(it.Raw, mailview.Reader{})
		if v.Subject != wantSubjects[i] {
			t.Errorf("message %d subject = %q, want %q", i+1, v.Subject, wantSubjects[i])
		}
	}
	first := message.Parse(items[0].Raw).Text
	if !strings.Contains(first, "\nFrom the archive:") || !strings.Contains(first, "\n>From twice quoted.") {
		t.Errorf("quoted From lines not unquoted by one level:\n%s", first)
	}
	second := message.Parse(items[1].Raw).Text
	if !strings.Contains(second, "From inside a paragraph is not a separator") {
		t.Errorf("a From line inside a paragraph split the message:\n%s", second)
	}
	if strings.HasSuffix(string(items[0].Raw), "\n\n") {
		t.Errorf("the separator's blank line was kept in the message")
	}
}

// An mbox written with CRLF line ends gives each message with every line
// ending in CRLF: the blank line before a separator goes whole, not its LF
// alone (which left a lone CR at the message's end).
func TestReadMboxOfCRLFLines(t *testing.T) {
	b, err := os.ReadFile("testdata/sample.mbox")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "crlf.mbox")
	if err := os.WriteFile(path, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	items, skipped, err := collect(t, path)
	if err != nil || len(skipped) > 0 || len(items) != 3 {
		t.Fatalf("%d messages, err=%v skipped=%v", len(items), err, skipped)
	}
	for i, it := range items {
		lf := bytes.Count(it.Raw, []byte("\n"))
		if bytes.Count(it.Raw, []byte("\r\n")) != lf || bytes.Count(it.Raw, []byte("\r")) != lf {
			t.Errorf("message %d has a CR without its LF: ends %q", i+1, it.Raw[max(0, len(it.Raw)-8):])
		}
	}
}

func TestReadMaildir(t *testing.T) {
	items, skipped, err := collect(t, "testdata/maildir")
	if err != nil || len(skipped) > 0 {
		t.Fatalf("err=%v skipped=%v", err, skipped)
	}
	if len(items) != 2 {
		t.Fatalf("got %d messages, want 2 (tmp/ must be ignored)", len(items))
	}
	if !strings.Contains(items[0].ID, filepath.Join("cur", "1700000000")) || !strings.Contains(items[1].ID, filepath.Join("new", "1700000100")) {
		t.Errorf("order or IDs wrong: %s, %s", items[0].ID, items[1].ID)
	}
}

func TestReadEML(t *testing.T) {
	items, _, err := collect(t, "../mailview/testdata/plain-ascii.eml")
	if err != nil || len(items) != 1 || items[0].ID != "../mailview/testdata/plain-ascii.eml" {
		t.Fatalf("items=%v err=%v", items, err)
	}
}

func TestReadSourceErrorsNameThePathAndReason(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		path, reason string
	}{
		{filepath.Join(dir, "missing.eml"), "no such file or directory"},
		{dir, "not a Maildir"},
	}
	if os.Getuid() != 0 { // root reads everything
		unreadable := filepath.Join(dir, "secret.eml")
		os.WriteFile(unreadable, []byte("Subject: x\n\nx"), 0o000)
		cases = append(cases, struct{ path, reason string }{unreadable, "permission denied"})
	}
	for _, c := range cases {
		_, _, err := collect(t, c.path)
		var se *SourceError
		if !errors.As(err, &se) || se.Source != c.path || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("ReadSource(%q) error = %v, want a SourceError naming the path and %q", c.path, err, c.reason)
		}
	}
}

func TestMaildirSkipsUnreadableMessageAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "cur", "1.a"), []byte("Subject: ok\n\nok"), 0o644)
	// A dangling symlink stands for a message that vanished or cannot be opened.
	os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "cur", "0.b"))
	items, skipped, err := collect(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(skipped) != 1 || !strings.Contains(skipped[0].Source, "0.b") {
		t.Fatalf("items=%d skipped=%v", len(items), skipped)
	}
}

func TestOversizedMessageIsRefusedClearly(t *testing.T) {
	_, err := readCapped(strings.NewReader(""), MaxMessageSize+1)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

func TestReadContacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contacts.txt")
	os.WriteFile(path, []byte("# colleagues\nAlice Example <alice@example.org>\n\nbob@example.com\n\"Sato, Hanako\" <hanako@example.co.jp>\n"), 0o644)
	got, err := ReadContacts(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []message.Address{{Name: "Alice Example", Addr: "alice@example.org"}, {Addr: "bob@example.com"}, {Name: "Sato, Hanako", Addr: "hanako@example.co.jp"}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("contact %d = %v, want %v", i, got[i], want[i])
		}
	}
	os.WriteFile(path, []byte("Alice without address\n"), 0o644)
	if _, err := ReadContacts(path); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line error = %v", err)
	}
}

// An interrupted scan says so, naming the source it was reading, and reads
// no further source; it does not count as a clean run.
func TestScanStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	ok := Scan(ctx, []string{"testdata/sample.mbox", "testdata/sample.mbox"}, ScanOptions{Lang: "en"}, &out, &errOut)
	if ok {
		t.Error("an interrupted scan reported a clean run")
	}
	if got := strings.Count(errOut.String(), "interrupted"); got != 1 || !strings.Contains(errOut.String(), "testdata/sample.mbox") {
		t.Errorf("stderr %q: want one interruption, naming the source", errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("messages reported after the interruption: %q", out.String())
	}
}
