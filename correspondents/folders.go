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
// so its mail is not counted twice. A record one folder taught all of
// names it (Folder) and keeps no copy of its profile: most senders write
// to one folder.
//
// A record written before parts were kept names none: all of it is one
// part, under legacyPart, that no folder can take out (nothing says which
// folder taught it). Reading such a store needs no migration.
const legacyPart = ""

// partKey is the part of account's folder ("" for files and address
// books); never legacyPart.
func partKey(account, folder string) string { return account + "\x00" + folder }

// learning readies r to learn what the folder of part key teaches: a
// record another folder (or an older mailsafe) taught keeps its parts
// apart from then on. The caller adds to the profile, and to
// Folders[key] when Folders is not nil.
func (r *senderRecord) learning(key string) {
	switch {
	case r.Addr == "":
		r.Folder = key
	case r.Folders == nil && r.Folder != key:
		var p check.SenderProfile
		p.Merge(r.SenderProfile) // a copy: the parts share no map with the profile
		r.Folders, r.Folder = map[string]check.SenderProfile{r.Folder: p}, ""
	}
}

func (r *recipientRecord) learning(key string) {
	switch {
	case r.Addr == "":
		r.Folder = key
	case r.Folders == nil && r.Folder != key:
		var p check.Recipient
		p.Merge(r.Recipient)
		r.Folders, r.Folder = map[string]check.Recipient{r.Folder: p}, ""
	}
}

// parts are what each folder taught r.
func (r *senderRecord) parts() map[string]check.SenderProfile {
	if r.Folders != nil || r.Addr == "" {
		return r.Folders
	}
	return map[string]check.SenderProfile{r.Folder: r.SenderProfile}
}

func (r *recipientRecord) parts() map[string]check.Recipient {
	if r.Folders != nil || r.Addr == "" {
		return r.Folders
	}
	return map[string]check.Recipient{r.Folder: r.Recipient}
}

// holds tells whether the folder of part key taught r anything.
func (r *senderRecord) holds(key string) bool {
	_, ok := r.parts()[key]
	return ok
}

func (r *recipientRecord) holds(key string) bool {
	_, ok := r.parts()[key]
	return ok
}

// setParts makes parts r's, and its profile their sum.
func (r *senderRecord) setParts(parts map[string]check.SenderProfile) {
	r.SenderProfile, r.Folder, r.Folders = check.SenderProfile{}, "", nil
	for _, k := range slices.Sorted(maps.Keys(parts)) {
		r.Merge(parts[k])
	}
	if len(parts) == 1 {
		r.Folder = slices.Collect(maps.Keys(parts))[0]
	} else if len(parts) > 1 {
		r.Folders = parts
	}
}

func (r *recipientRecord) setParts(parts map[string]check.Recipient) {
	r.Recipient, r.Folder, r.Folders = check.Recipient{}, "", nil
	for _, k := range slices.Sorted(maps.Keys(parts)) {
		r.Merge(parts[k])
	}
	if len(parts) == 1 {
		r.Folder = slices.Collect(maps.Keys(parts))[0]
	} else if len(parts) > 1 {
		r.Folders = parts
	}
}

// absorb adds to r the record old, whose address (key) turned out to be
// r's: parts and counts.
func (r *senderRecord) absorb(old *senderRecord, key string) {
	parts := maps.Clone(r.parts())
	if parts == nil {
		parts = map[string]check.SenderProfile{}
	}
	for k, p := range old.parts() {
		p.Addr = key
		q := parts[k]
		q.Merge(p)
		parts[k] = q
	}
	r.setParts(parts)
	r.Accounts = addCounts(r.Accounts, old.Accounts)
}

func (r *recipientRecord) absorb(old *recipientRecord, key string) {
	parts := maps.Clone(r.parts())
	if parts == nil {
		parts = map[string]check.Recipient{}
	}
	for k, p := range old.parts() {
		p.Addr = key
		q := parts[k]
		q.Merge(p)
		parts[k] = q
	}
	r.setParts(parts)
	r.Accounts = addCounts(r.Accounts, old.Accounts)
}

// drop takes out part key, which account taught; empty: no part is left.
func (r *senderRecord) drop(key, account string) (empty bool) {
	parts := maps.Clone(r.parts())
	uncount(r.Accounts, account, parts[key].Count.N)
	delete(parts, key)
	r.setParts(parts)
	return len(parts) == 0
}

func (r *recipientRecord) drop(key, account string) (empty bool) {
	parts := maps.Clone(r.parts())
	uncount(r.Accounts, account, parts[key].Count)
	delete(parts, key)
	r.setParts(parts)
	return len(parts) == 0
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
	needle, _ := json.Marshal(key)
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if err := relearn(tx.Bucket([]byte(bucketSenders)), needle, func(v []byte) (r *senderRecord, ok bool, err error) {
			r = new(senderRecord)
			err = json.Unmarshal(v, r)
			return r, r.holds(key), err
		}, func(r *senderRecord) bool { return r.drop(key, account) }); err != nil {
			return err
		}
		if err := relearn(tx.Bucket([]byte(bucketRecipients)), needle, func(v []byte) (r *recipientRecord, ok bool, err error) {
			r = new(recipientRecord)
			err = json.Unmarshal(v, r)
			return r, r.holds(key), err
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
