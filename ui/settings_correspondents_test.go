package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
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
	keyring.MockInit()
	a := test.NewTempApp(t)
	LoadTranslations()
	s := NewSession(a, app.NewSecrets())
	s.correspondents = app.NewCorrespondents(t.TempDir() + "/c.db")
	defer s.correspondents.Close()
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
	text := renderedText(sw.corr.box)
	if !strings.Contains(text, dovecottest.Me+": 30 senders (500 messages), 30 people you wrote to") {
		t.Fatalf("the section says %q", text)
	}
	test.Type(sw.corr.forget, "Taro.Yamada@corp.example")
	test.Tap(sw.corr.forgetOne)
	if !strings.Contains(sw.corr.note.Text, "is forgotten") {
		t.Errorf("after forgetting: %q", sw.corr.note.Text)
	}
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
	n, err := importAddressBook(st, "book.csv", strings.NewReader("Name,E-mail Address\r\nKenji Mori,kenji.mori@newcustomer.example\r\n"))
	if err != nil || n != 1 {
		t.Fatalf("import: %d %v", n, err)
	}
	sw.fillCorrespondents()
	if text := renderedText(sw.corr.box); !strings.Contains(text, "Address books you imported: 1 people") {
		t.Errorf("after importing the section says %q", text)
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
	if hist, _ := st.History(); func() bool { a, b := hist.Size(); return a+b != 0 }() {
		t.Error("confirming did not forget everything")
	}
	if text := renderedText(sw.corr.box); !strings.Contains(text, "Nothing learned yet") {
		t.Errorf("after forgetting everything the section says %q", text)
	}
}
