package app

import (
	"path/filepath"
	"testing"

	"mailsafe/correspondents"
	"mailsafe/mailview/check"
)

// A learning result made before the reader forgot someone is older than
// the index read after the Forget, whether it was made before the Forget
// or between the Forget and that read (from the index kept then): Newest
// gives the Forget's index in its place, so a window that gets the result
// last keeps the forgotten address out.
func TestLearningResultMadeBeforeAForgetGivesWay(t *testing.T) {
	c := NewCorrespondents(filepath.Join(t.TempDir(), correspondents.FileName))
	defer c.Close()
	st, err := c.Store()
	if err != nil {
		t.Fatal(err)
	}
	// learn records a message from addr as a learning run does, and makes
	// the run's index.
	learn := func(addr string) Index {
		t.Helper()
		lessons := []correspondents.Lesson{{Observation: check.Observation{Addr: addr, Domain: "example.org"}}}
		if err := st.Record("me@corp.example", lessons, "INBOX", correspondents.Mark{UIDValidity: 1, HighestUID: 1}); err != nil {
			t.Fatal(err)
		}
		var res FolderLesson
		res.learned(lessons)
		idx, err := c.updated(st, []FolderLesson{res})
		if err != nil {
			t.Fatal(err)
		}
		return idx
	}
	senders := func(idx Index) int { n, _ := idx.History.Size(); return n }
	first := learn("kim@example.org")
	before := learn("stranger@example.org") // made before the Forget, delivered after it
	if _, err := st.Forget("stranger@example.org"); err != nil {
		t.Fatal(err)
	}
	between := learn("lee@example.org") // made after the Forget, from the index kept before it
	forgot, err := c.History()
	if err != nil {
		t.Fatal(err)
	}
	if senders(first) != 1 || senders(before) != 2 || senders(between) != 3 || senders(forgot) != 2 {
		t.Fatalf("indexes of %d, %d, %d and %d senders, want 1, 2, 3 (the stranger still in it) and 2", senders(first), senders(before), senders(between), senders(forgot))
	}
	for name, late := range map[string]Index{"first": first, "before": before, "between": between} {
		if late.Seq >= forgot.Seq {
			t.Errorf("the result made %s the Forget's read is not older than it (%d, %d)", name, late.Seq, forgot.Seq)
		}
		if got := c.Newest(late); got != forgot {
			t.Errorf("Newest of the result made %s the Forget's read: %d senders, seq %d; want the Forget's index", name, senders(got), got.Seq)
		}
	}
	// A run after it is newer, and knows all the Forget's index knows.
	after := learn("park@example.org")
	if after.Seq <= forgot.Seq || c.Newest(forgot) != after || senders(after) != 3 {
		t.Errorf("a run after the Forget's read: seq %d (read %d), %d senders", after.Seq, forgot.Seq, senders(after))
	}
}
