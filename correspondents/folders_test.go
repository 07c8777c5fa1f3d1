package correspondents

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// A folder learned again from its start (its UIDVALIDITY changed) has
// what it taught before taken out: a correspondent it alone taught is
// forgotten, one other folders or accounts also taught keeps what they
// taught, and learning the folder's mail again gives the records they had
// before, not twice the counts. A record written before folders were kept
// loses nothing.
func TestRelearnReplacesTheFolder(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	day := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	// Written by an earlier mailsafe: no folders.
	err = s.db.Update(func(tx *bbolt.Tx) error {
		v, _ := json.Marshal(senderRecord{
			SenderProfile: check.SenderProfile{Addr: "old@corp.example", Domain: "corp.example", Count: check.Seen{N: 2, First: day}, Direct: 2, Last: day,
				Names: map[string]check.Seen{"Old Friend": {N: 2, First: day}}},
			Accounts: map[string]int{"me": 2}})
		return tx.Bucket([]byte(bucketSenders)).Put([]byte("old@corp.example"), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	recv := func(addr string) Lesson {
		n++
		d := day.AddDate(0, 0, n)
		return Lesson{Date: d, Observation: check.Observation{Addr: addr, Name: "N " + addr, Domain: "corp.example", Date: d, MessageID: addr + time.Duration(n).String()}}
	}
	sent := func(to string) Lesson {
		n++
		return Lesson{Sent: true, Date: day.AddDate(0, 0, n), Recipients: []message.Address{{Name: "Pal", Addr: to}}}
	}
	inbox := []Lesson{recv("old@corp.example"), recv("once@corp.example"), recv("gone@corp.example"), sent("pal@corp.example")}
	record := func(account string, lessons []Lesson, folder string) {
		t.Helper()
		if err := s.Record(account, lessons, folder, Mark{UIDValidity: 7, HighestUID: uint32(len(lessons))}); err != nil {
			t.Fatal(err)
		}
	}
	record("me", inbox, "INBOX")
	record("me", []Lesson{recv("old@corp.example")}, "Archive")
	record("other", []Lesson{recv("once@corp.example")}, "INBOX")
	record("me", []Lesson{sent("pal@corp.example")}, "Sent")
	// One folder taught all of gone@: its record names the folder, with no
	// second copy of the profile.
	s.db.View(func(tx *bbolt.Tx) error {
		var r senderRecord
		if err := load(tx.Bucket([]byte(bucketSenders)), "gone@corp.example", &r); err != nil || r.Folder != partKey("me", "INBOX") || r.Folders != nil {
			t.Errorf("the record of a sender one folder taught: folder %q, parts %v, %v", r.Folder, r.Folders, err)
		}
		return nil
	})
	addrs := []string{"old@corp.example", "once@corp.example", "gone@corp.example", "pal@corp.example"}
	beforeS, beforeR, _ := s.Profiles(addrs, addrs)
	beforeK, _ := s.Known()

	if err := s.Relearn("me", "INBOX", Mark{UIDValidity: 8}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Mark("me", "INBOX"); m != (Mark{UIDValidity: 8}) {
		t.Errorf("the mark after Relearn: %+v", m)
	}
	sp, rp, err := s.Profiles(addrs, addrs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, p := range sp {
		got[p.Addr] = p.Count.N
	}
	for _, r := range rp {
		got["to "+r.Addr] = r.Count
	}
	want := map[string]int{"old@corp.example": 3, "once@corp.example": 1, "to pal@corp.example": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("messages after the inbox was taken out: %v, want %v", got, want)
	}
	known, _ := s.Known()
	if len(known) != 2 || known[0] != (Known{Account: "me", Senders: 1, Recipients: 1, Messages: 3}) || known[1] != (Known{Account: "other", Senders: 1, Messages: 1}) {
		t.Errorf("known after the inbox was taken out: %+v", known)
	}

	record("me", inbox, "INBOX")
	afterS, afterR, _ := s.Profiles(addrs, addrs)
	afterK, _ := s.Known()
	if !reflect.DeepEqual(afterS, beforeS) || !reflect.DeepEqual(afterR, beforeR) || !reflect.DeepEqual(afterK, beforeK) {
		t.Errorf("learned again:\n%+v\n%+v\n%+v\nwant\n%+v\n%+v\n%+v", afterS, afterR, afterK, beforeS, beforeR, beforeK)
	}
	// Another account's folder of the same name is its own.
	if err := s.Relearn("other", "INBOX", Mark{UIDValidity: 9}); err != nil {
		t.Fatal(err)
	}
	if sp, _, _ := s.Profiles([]string{"once@corp.example"}, nil); len(sp) != 1 || sp[0].Count.N != 1 {
		t.Errorf("once@ after the other account's inbox was taken out: %+v", sp)
	}
}
