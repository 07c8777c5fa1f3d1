package ui

import (
	"testing"

	"mailsafe/correspondents"
	"mailsafe/mailview/check"
)

// A learning result made before the reader forgot a correspondent, which
// reaches the window after the index Settings read after the Forget, is
// dropped: the window keeps the index without the forgotten address (it
// used to take the stale one, until the next change).
func TestLateLearningResultDoesNotUndoAForget(t *testing.T) {
	s, loop := correspondentsSession(t, t.TempDir()+"/c.db")
	st, err := s.correspondents.Store()
	if err != nil {
		t.Fatal(err)
	}
	record := func(addr string) {
		t.Helper()
		l := correspondents.Lesson{Observation: check.Observation{Addr: addr, Domain: "example.org"}}
		if err := st.Record("me@corp.example", []correspondents.Lesson{l}, "INBOX", correspondents.Mark{UIDValidity: 1, HighestUID: 1}); err != nil {
			t.Fatal(err)
		}
	}
	aw := &accountWindow{mw: &MailboxWindow{}}
	s.accounts = map[string]*accountWindow{"me": aw}
	senders := func() int { n, _ := aw.mw.actx.History.Size(); return n }

	record("kim@example.org")
	if _, err := s.correspondents.History(); err != nil { // a learning run's index
		t.Fatal(err)
	}
	s.learned(aw, false)
	first := aw.mw.actx.History
	if senders() != 1 {
		t.Fatalf("after the first run the window knows %d senders, want 1", senders())
	}
	record("stranger@example.org")
	if _, err := s.correspondents.History(); err != nil { // the next run's, made before the Forget
		t.Fatal(err)
	}
	if found, err := st.Forget("stranger@example.org"); !found || err != nil {
		t.Fatalf("forget: %v %v", found, err)
	}
	s.historyChanged() // what Settings does after a Forget
	loop.until(t, "the Forget's index", func() bool { return aw.mw.actx.History != first })
	if senders() != 1 {
		t.Fatalf("after the Forget the window knows %d senders, want 1", senders())
	}
	s.learned(aw, false) // the run's result reaches the window last
	if senders() != 1 {
		t.Errorf("the late learning result brought the forgotten sender back: %d senders", senders())
	}
}
