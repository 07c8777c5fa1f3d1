package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"mailsafe/app"
	"mailsafe/correspondents"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview/message"
)

// Settings shows what each account learned and forgets one correspondent,
// then everything (after a confirmation whose default is to keep).
func TestSettingsShowsAndForgetsCorrespondents(t *testing.T) {
	s, loop := correspondentsSession(t, t.TempDir()+"/c.db")
	st, err := s.correspondents.Store()
	if err != nil {
		t.Fatal(err)
	}
	h := dovecottest.History(time.Now())
	var lessons []correspondents.Lesson
	for _, raw := range append(h.Sent, h.Inbox...) {
		if l, ok := correspondents.Teach(message.Parse(raw).Header, []string{dovecottest.Me}, nil); ok {
			lessons = append(lessons, l)
		}
	}
	if err := st.Record(dovecottest.Me, lessons, "", correspondents.Mark{}); err != nil {
		t.Fatal(err)
	}
	s.ShowSettings()
	sw := s.settingsWindow
	defer sw.Window.Close()
	waitCorrespondents(t, loop, sw)
	text := renderedText(sw.corr.box)
	if !strings.Contains(text, dovecottest.Me+": 30 senders (500 messages), 30 people you wrote to") {
		t.Fatalf("the section says %q", text)
	}
	test.Type(sw.corr.forget, "Taro.Yamada@corp.example")
	test.Tap(sw.corr.forgetOne)
	loop.until(t, "the correspondent forgotten", func() bool { return strings.Contains(sw.corr.note.Text, "is forgotten") })
	if hist, _ := st.History(); func() bool { a, b := hist.Size(); return a != 29 || b != 29 }() {
		t.Errorf("history after forgetting one: %v", func() []int { a, b := hist.Size(); return []int{a, b} }())
	}
	button := func(label string) *widget.Button {
		var found *widget.Button
		if over := sw.Window.Canvas().Overlays().Top(); over != nil {
			walkObjects(over, func(o fyne.CanvasObject) {
				if b, ok := o.(*widget.Button); ok && b.Text == label {
					found = b
				}
			})
		}
		if found == nil {
			t.Fatalf("no %q button over the window", label)
		}
		return found
	}
	// An address book is imported (the file dialog hands over a reader).
	test.Tap(sw.corr.importBook)
	if sw.Window.Canvas().Overlays().Top() == nil {
		t.Error("Import an address book… opened no file dialog")
	}
	sw.Window.Canvas().Overlays().Top().Hide()
	book := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(book, []byte("Name,E-mail Address\r\nKenji Mori,kenji.mori@newcustomer.example\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := storage.Reader(storage.NewFileURI(book))
	if err != nil {
		t.Fatal(err)
	}
	sw.importFrom(st, r, func(err error, text string) { t.Errorf("importing: %v %s", err, text) }) // as the file dialog hands it over
	loop.until(t, "the address book imported", func() bool {
		return strings.Contains(renderedText(sw.corr.box), "Address books you imported: 1 people")
	})
	if !strings.Contains(sw.corr.note.Text, "Imported 1 addresses.") {
		t.Errorf("after importing the note says %q", sw.corr.note.Text)
	}
	if _, err := importAddressBook(st, "book.vcf", strings.NewReader("not a card")); err == nil || !strings.Contains(err.Error(), "book.vcf") {
		t.Errorf("a bad address book: %v", err)
	}
	test.Tap(sw.corr.forgetAll)
	if over := sw.Window.Canvas().Overlays().Top(); !strings.Contains(renderedText(over), "Forget every correspondent learned so far?") {
		t.Fatalf("no confirmation before forgetting everything")
	}
	test.Tap(button("Cancel"))
	if hist, _ := st.History(); func() bool { a, _ := hist.Size(); return a == 0 }() {
		t.Error("cancelling the confirmation forgot everything")
	}
	test.Tap(sw.corr.forgetAll)
	test.Tap(button("Forget everything"))
	loop.until(t, "everything forgotten", func() bool { return strings.Contains(renderedText(sw.corr.box), "Nothing learned yet") })
	if hist, _ := st.History(); func() bool { a, b := hist.Size(); return a+b != 0 }() {
		t.Error("confirming did not forget everything")
	}
	if text := renderedText(sw.corr.box); !strings.Contains(text, "Nothing learned yet") {
		t.Errorf("after forgetting everything the section says %q", text)
	}
}

// correspondentsSession is a session over a keyring, driven by a uiLoop,
// whose correspondents store is at path (closed when the test ends).
func correspondentsSession(t *testing.T, path string) (*Session, uiLoop) {
	t.Helper()
	keyring.MockInit()
	s := NewSession(test.NewTempApp(t), app.NewSecrets())
	LoadTranslations()
	loop := newUILoop()
	s.do = loop.post
	s.correspondents = app.NewCorrespondents(path)
	t.Cleanup(func() { s.correspondents.Close() })
	return s, loop
}

// waitCorrespondents waits until the correspondents section has read the
// store (it reads off the UI goroutine).
func waitCorrespondents(t *testing.T, loop uiLoop, sw *SettingsWindow) {
	t.Helper()
	seq := sw.corr.seq
	loop.until(t, "the correspondents section read", func() bool {
		return sw.corr.seq == seq && !strings.Contains(renderedText(sw.corr.box), "Reading what your accounts learned")
	})
}

// Opening Settings while another mailsafe holds the correspondents store
// does not hold up the window: the section says it is reading at once,
// then says in words that another mailsafe has the store open; once that
// one has closed it, opening the section again reads it.
func TestSettingsCorrespondentsReadOffTheUIGoroutine(t *testing.T) {
	path := t.TempDir() + "/c.db"
	other, err := correspondents.Open(path) // another mailsafe
	if err != nil {
		t.Fatal(err)
	}
	s, loop := correspondentsSession(t, path)
	s.ShowSettings()
	sw := s.settingsWindow
	defer sw.Window.Close()
	// Opened on the UI goroutine, the store would have said it is held
	// (after bbolt's two seconds) before ShowSettings returned.
	if text := renderedText(sw.corr.box); !strings.Contains(text, "Reading what your accounts learned…") {
		t.Errorf("while the store is opened the section says %q", text)
	}
	waitCorrespondents(t, loop, sw)
	if text := sw.corr.status.Text; !strings.Contains(text, "Another mailsafe has the correspondents store open") || sw.corr.status.Importance != widget.DangerImportance {
		t.Errorf("with the store held by another mailsafe the section says %q", text)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	sw.fillCorrespondents()
	waitCorrespondents(t, loop, sw)
	if text := renderedText(sw.corr.box); !strings.Contains(text, "Nothing learned yet") {
		t.Errorf("after the other mailsafe closed the store the section says %q", text)
	}
}

// A store that is not a database is named as unreadable, in words, with
// what failed kept for an administrator.
func TestSettingsCorrespondentsUnreadableStore(t *testing.T) {
	path := t.TempDir() + "/c.db"
	if err := os.WriteFile(path, []byte("not a bbolt database, just some text that is long enough to be read as a page header"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, loop := correspondentsSession(t, path)
	s.ShowSettings()
	sw := s.settingsWindow
	defer sw.Window.Close()
	waitCorrespondents(t, loop, sw)
	if text := sw.corr.status.Text; !strings.Contains(text, "The correspondents store could not be read.") || !strings.Contains(text, path) {
		t.Errorf("with a damaged store the section says %q", text)
	}
}
