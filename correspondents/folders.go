package correspondents

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"go.etcd.io/bbolt"

	"mailsafe/mailview/check"
)

// Each record keeps, besides its profile, what each folder taught (its
// part, by partKey), the profile being their sum: a folder learned again
// from its start (its UIDVALIDITY changed) has its part taken out first,
// so its mail is not counted twice.
//
// A record written before parts were kept has none: the first change to it
// keeps its whole profile as one part, under legacyPart, that no folder
// can take out (nothing says which folder taught it). Reading such a
// store needs no migration.
const legacyPart = ""

// partKey is the part of account's folder ("" for files and address books).
func partKey(account, folder string) string { return account + "\x00" + folder }

// attributed makes sure r's parts hold all it knows.
func (r *senderRecord) attributed() {
	if r.Folders == nil && r.Addr != "" {
		var p check.SenderProfile
		p.Merge(r.SenderProfile) // a copy: the parts share no map with the profile
		r.Folders = map[string]check.SenderProfile{legacyPart: p}
	}
}

func (r *recipientRecord) attributed() {
	if r.Folders == nil && r.Addr != "" {
		var p check.Recipient
		p.Merge(r.Recipient)
		r.Folders = map[string]check.Recipient{legacyPart: p}
	}
}

// absorb adds to r the record old, whose address (key) turned out to be
// r's: profiles, parts and counts.
func (r *senderRecord) absorb(old *senderRecord, key string) {
	old.Addr = key
	old.attributed()
	r.attributed()
	r.Merge(old.SenderProfile)
	r.Accounts = addCounts(r.Accounts, old.Accounts)
	for k, p := range old.Folders {
		if r.Folders == nil {
			r.Folders = map[string]check.SenderProfile{}
		}
		p.Addr = key
		q := r.Folders[k]
		q.Merge(p)
		r.Folders[k] = q
	}
}

func (r *recipientRecord) absorb(old *recipientRecord, key string) {
	old.Addr = key
	old.attributed()
	r.attributed()
	r.Merge(old.Recipient)
	r.Accounts = addCounts(r.Accounts, old.Accounts)
	for k, p := range old.Folders {
		if r.Folders == nil {
			r.Folders = map[string]check.Recipient{}
		}
		p.Addr = key
		q := r.Folders[k]
		q.Merge(p)
		r.Folders[k] = q
	}
}

// drop takes out part key, which account taught, and makes the profile
// the sum of the parts left; empty: none is left.
func (r *senderRecord) drop(key, account string) (empty bool) {
	part := r.Folders[key]
	delete(r.Folders, key)
	uncount(r.Accounts, account, part.Count.N)
	r.SenderProfile = check.SenderProfile{}
	for _, k := range slices.Sorted(maps.Keys(r.Folders)) {
		r.Merge(r.Folders[k])
	}
	return len(r.Folders) == 0
}

func (r *recipientRecord) drop(key, account string) (empty bool) {
	part := r.Folders[key]
	delete(r.Folders, key)
	uncount(r.Accounts, account, part.Count)
	r.Recipient = check.Recipient{}
	for _, k := range slices.Sorted(maps.Keys(r.Folders)) {
		r.Merge(r.Folders[k])
	}
	return len(r.Folders) == 0
}

func uncount(m map[string]int, account string, n int) {
	if m[account] -= n; m[account] <= 0 {
		delete(m, account)
	}
}

// Relearn takes out of every record what account's folder taught, and
// marks the folder as learned up to mark, in one transaction: the folder
// is to be learned again from its start (its UIDVALIDITY changed, so the
// UIDs its mark counted name other messages now, or none). A correspondent
// that folder alone taught is forgotten.
func (s *Store) Relearn(account, folder string, mark Mark) error {
	key := partKey(account, folder)
	// A record holds the part only if its JSON holds the key: the others
	// are not decoded.
	quoted, _ := json.Marshal(key)
	needle := append(quoted, ':')
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if err := relearn(tx.Bucket([]byte(bucketSenders)), needle, func(v []byte) (r *senderRecord, ok bool, err error) {
			r = new(senderRecord)
			err = json.Unmarshal(v, r)
			_, ok = r.Folders[key]
			return r, ok, err
		}, func(r *senderRecord) bool { return r.drop(key, account) }); err != nil {
			return err
		}
		if err := relearn(tx.Bucket([]byte(bucketRecipients)), needle, func(v []byte) (r *recipientRecord, ok bool, err error) {
			r = new(recipientRecord)
			err = json.Unmarshal(v, r)
			_, ok = r.Folders[key]
			return r, ok, err
		}, func(r *recipientRecord) bool { return r.drop(key, account) }); err != nil {
			return err
		}
		b, _ := json.Marshal(mark)
		return tx.Bucket([]byte(bucketSync)).Put(syncKey(account, folder), b)
	})
	if err != nil {
		return fmt.Errorf("forget what %s taught, to learn it again: %w", folder, err)
	}
	return nil
}

// relearn drops a part from each record of b that holds it (decode tells),
// deleting the records left empty.
func relearn[R any](b *bbolt.Bucket, needle []byte, decode func(v []byte) (*R, bool, error), drop func(*R) bool) error {
	changed := map[string]*R{}
	err := b.ForEach(func(k, v []byte) error {
		if !bytes.Contains(v, needle) {
			return nil
		}
		r, ok, err := decode(v)
		if err != nil {
			return fmt.Errorf("the record of %s is damaged: %w", k, err)
		}
		if ok {
			changed[string(k)] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, r := range changed {
		if drop(r) {
			err = b.Delete([]byte(k))
		} else {
			err = save(b, k, r)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
