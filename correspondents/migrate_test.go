package correspondents

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"mailsafe/mailview/check"
)

// A store written the old way (addresses lower-cased, an internationalised
// domain in Unicode) is moved to the canonical form when opened: its
// records are found by the canonical address the trust list and the
// analysis use, two records of one address are made one with their counts
// added, and forgetting works with the address in either form.
func TestOpenMigratesLowerCasedKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	put := func(tx *bbolt.Tx, bucket, key string, r any) {
		b, err := tx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := json.Marshal(r)
		if err := b.Put([]byte(key), v); err != nil {
			t.Fatal(err)
		}
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		put(tx, bucketSenders, "taro@bücher.example", senderRecord{
			SenderProfile: check.SenderProfile{Addr: "taro@bücher.example", Domain: "bücher.example", Count: check.Seen{N: 3, First: day}, Direct: 3, Last: day.AddDate(0, 1, 0),
				Names: map[string]check.Seen{"Taro Yamada": {N: 3, First: day}}},
			Accounts: map[string]int{"me@corp.example": 3}})
		put(tx, bucketSenders, "taro@xn--bcher-kva.example", senderRecord{
			SenderProfile: check.SenderProfile{Addr: "taro@xn--bcher-kva.example", Domain: "xn--bcher-kva.example", Count: check.Seen{N: 2, First: day.AddDate(0, 2, 0)}, Direct: 2, Last: day.AddDate(0, 3, 0),
				Names: map[string]check.Seen{"Taro Yamada": {N: 2, First: day.AddDate(0, 2, 0)}}},
			Accounts: map[string]int{"me@corp.example": 2}})
		put(tx, bucketRecipients, "hanako@bücher.example", recipientRecord{
			Recipient: check.Recipient{Addr: "hanako@bücher.example", Names: map[string]int{"Hanako Sato": 4}, Count: 4, First: day, Last: day},
			Accounts:  map[string]int{"me@corp.example": 4}})
		put(tx, bucketRecipients, "no-at-sign", recipientRecord{Recipient: check.Recipient{Addr: "no-at-sign", Count: 1}})
		_, err := tx.CreateBucketIfNotExists([]byte(bucketSync))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var senderKeys, recipientKeys []string
	var taro senderRecord
	s.db.View(func(tx *bbolt.Tx) error {
		tx.Bucket([]byte(bucketSenders)).ForEach(func(k, v []byte) error {
			senderKeys = append(senderKeys, string(k))
			return json.Unmarshal(v, &taro)
		})
		return tx.Bucket([]byte(bucketRecipients)).ForEach(func(k, _ []byte) error {
			recipientKeys = append(recipientKeys, string(k))
			return nil
		})
	})
	if len(senderKeys) != 1 || senderKeys[0] != "taro@xn--bcher-kva.example" {
		t.Fatalf("senders after opening: %q, want the one canonical address", senderKeys)
	}
	if taro.Count.N != 5 || taro.Direct != 5 || taro.Names["Taro Yamada"].N != 5 || !taro.Count.First.Equal(day) ||
		!taro.Last.Equal(day.AddDate(0, 3, 0)) || taro.Accounts["me@corp.example"] != 5 || taro.Addr != "taro@xn--bcher-kva.example" {
		t.Errorf("the two records of one sender merged into %+v", taro)
	}
	if len(recipientKeys) != 1 || recipientKeys[0] != "hanako@xn--bcher-kva.example" {
		t.Errorf("recipients after opening: %q", recipientKeys)
	}
	if known, _ := s.Known(); len(known) != 1 || known[0].Senders != 1 || known[0].Messages != 5 || known[0].Recipients != 1 {
		t.Errorf("known after opening: %+v", known)
	}
	// Opening again finds nothing to move, and changes nothing.
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	if h, err := s.History(); err != nil || func() bool { a, b := h.Size(); return a != 1 || b != 1 }() {
		t.Errorf("history after opening twice: %v %v", h, err)
	}
	for _, addr := range []string{"Hanako@BÜCHER.example", "taro@xn--bcher-kva.example"} {
		if found, err := s.Forget(addr); err != nil || !found {
			t.Errorf("forgetting %s: found %v, %v", addr, found, err)
		}
	}
}
