package app

import (
	"path/filepath"
	"testing"

	"mailsafe/correspondents"
	"mailsafe/mailview/check"
)

// A learning result made before the reader forgot someone is older than
// the index read after the Forget, whether it was made before the Forget
// or between the Forget and that read (from the index kept then): Latest
// is the Forget's index, so a window that takes it when the result
// arrives keeps the forgotten address out; a run after the read builds on
// the Forget's index.
func TestLearningResultMadeBeforeAForgetGivesWay(t *testing.T) {
	c := NewCorrespondents(filepath.Join(t.TempDir(), correspondents.FileName))
	defer c.Close()
	st, err := c.Store()
	if err != nil {
		t.Fatal(err)
	}
	// learn records a message from addr as a learning run does, and makes
	// the run's index.
	learn := func(addr string) *check.History {
		t.Helper()
		lessons := []correspondents.Lesson{{Observation: check.Observation{Addr: addr, Domain: "example.org"}}}
		if err := st.Record("me@corp.example", lessons, "INBOX", correspondents.Mark{UIDValidity: 1, HighestUID: 1}); err != nil {
			t.Fatal(err)
		}
		var res FolderLesson
		res.learned(lessons)
		h, err := c.updated(st, []FolderLesson{res})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	senders := func(h *check.History) int { n, _ := h.Size(); return n }
	first := learn("kim@example.org")
	before := learn("stranger@example.org") // made before the Forget, delivered after it
	if _, err := st.Forget("stranger@example.org"); err != nil {
		t.Fatal(err)
	}
	between := learn("lee@example.org") // made after the Forget, from the index kept before it
	if c.Latest() != between {
		t.Errorf("the newest run's index is not the latest")
	}
	forgot, err := c.History()
	if err != nil {
		t.Fatal(err)
	}
	if senders(first) != 1 || senders(before) != 2 || senders(between) != 3 || senders(forgot) != 2 {
		t.Fatalf("indexes of %d, %d, %d and %d senders, want 1, 2, 3 (the stranger still in it) and 2", senders(first), senders(before), senders(between), senders(forgot))
	}
	if c.Latest() != forgot {
		t.Errorf("the latest index after the Forget's read has %d senders, want the Forget's index", senders(c.Latest()))
	}
	// A run after it builds on it, and knows all it knows.
	after := learn("park@example.org")
	if c.Latest() != after || senders(after) != 3 {
		t.Errorf("a run after the Forget's read: %d senders (the latest: %v)", senders(after), c.Latest() == after)
	}
}
