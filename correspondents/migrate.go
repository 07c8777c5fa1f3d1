package correspondents

import (
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"mailsafe/mailview/message"
)

// migrateKeys moves the records of a store written before addresses were
// kept in their canonical form (message.CanonicalAddress; earlier stores
// lower-cased them and kept an internationalised domain in Unicode) under
// their canonical keys, merging two records that turn out to be one
// address. A store already canonical is only read.
func migrateKeys(db *bbolt.DB) error {
	stale := map[string][]string{} // bucket -> keys not in canonical form
	err := db.View(func(tx *bbolt.Tx) error {
		for _, b := range []string{bucketSenders, bucketRecipients} {
			err := tx.Bucket([]byte(b)).ForEach(func(k, _ []byte) error {
				if message.CanonicalAddress(string(k)) != string(k) {
					stale[b] = append(stale[b], string(k))
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(stale) == 0 {
		return err
	}
	return db.Update(func(tx *bbolt.Tx) error {
		if err := rekey(tx.Bucket([]byte(bucketSenders)), stale[bucketSenders], (*senderRecord).absorb); err != nil {
			return err
		}
		return rekey(tx.Bucket([]byte(bucketRecipients)), stale[bucketRecipients], (*recipientRecord).absorb)
	})
}

// rekey moves each of keys in b under its canonical key, merged into the
// record there (if any) by absorb; a key with no canonical form (no "@")
// is dropped: nothing can ever look it up.
func rekey[R any](b *bbolt.Bucket, keys []string, absorb func(into, old *R, key string)) error {
	for _, k := range keys {
		var old R
		if err := json.Unmarshal(b.Get([]byte(k)), &old); err != nil {
			return fmt.Errorf("the record of %s is damaged: %w", k, err)
		}
		if err := b.Delete([]byte(k)); err != nil {
			return err
		}
		key := message.CanonicalAddress(k)
		if key == "" {
			continue
		}
		var into R
		if err := load(b, key, &into); err != nil {
			return err
		}
		absorb(&into, &old, key)
		if err := save(b, key, &into); err != nil {
			return err
		}
	}
	return nil
}

func addCounts(into, from map[string]int) map[string]int {
	for a, n := range from {
		if into == nil {
			into = map[string]int{}
		}
		into[a] += n
	}
	return into
}
