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
// part, under the key "", that no folder can take out (nothing says which
// folder taught it). Reading such a store needs no migration.

// partKey is the part of account's folder ("" for files and address
// books); never "".
func partKey(account, folder string) string { return account + "\x00" + folder }

// profile is what a record sums: check.SenderProfile or check.Recipient.
type profile[P any] interface {
	*P
	Merge(P)
}

// parted is a record's profile and parts, as the record keeps them.
type parted[P any, PP profile[P]] struct {
	profile *P
	folder  *string       // the one folder that taught all of it
	folders *map[string]P // else each folder's part
	known   bool          // the record holds anything
}

func (r *senderRecord) parted() parted[check.SenderProfile, *check.SenderProfile] {
	return parted[check.SenderProfile, *check.SenderProfile]{&r.SenderProfile, &r.Folder, &r.Folders, r.Addr != ""}
}

func (r *recipientRecord) parted() parted[check.Recipient, *check.Recipient] {
	return parted[check.Recipient, *check.Recipient]{&r.Recipient, &r.Folder, &r.Folders, r.Addr != ""}
}

// learning readies the record to learn what the folder of part key
// teaches: a record another folder (or an older mailsafe) taught keeps its
// parts apart from then on. The caller adds to the profile, and to the
// part key of folders when they are kept.
func (r parted[P, PP]) learning(key string) {
	switch {
	case !r.known:
		*r.folder = key
	case *r.folders == nil && *r.folder != key:
		var p P
		PP(&p).Merge(*r.profile) // a copy: the parts share no map with the profile
		*r.folders, *r.folder = map[string]P{*r.folder: p}, ""
	}
}

// parts are what each folder taught the record.
func (r parted[P, PP]) parts() map[string]P {
	if *r.folders != nil || !r.known {
		return *r.folders
	}
	return map[string]P{*r.folder: *r.profile}
}

// set makes parts the record's, and its profile their sum.
func (r parted[P, PP]) set(parts map[string]P) {
	var sum P
	for _, k := range slices.Sorted(maps.Keys(parts)) {
		PP(&sum).Merge(parts[k])
	}
	*r.profile, *r.folder, *r.folders = sum, "", nil
	if len(parts) == 1 {
		*r.folder = slices.Collect(maps.Keys(parts))[0]
	} else if len(parts) > 1 {
		*r.folders = parts
	}
}

// absorb adds the parts of old, a record of the same address, to the
// record's; addr gives each the address.
func (r parted[P, PP]) absorb(old parted[P, PP], addr func(*P)) {
	parts := maps.Clone(r.parts())
	if parts == nil {
		parts = map[string]P{}
	}
	for k, p := range old.parts() {
		addr(&p)
		q := parts[k]
		PP(&q).Merge(p)
		parts[k] = q
	}
	r.set(parts)
}

// drop takes out part key and gives it back.
func (r parted[P, PP]) drop(key string) P {
	parts := maps.Clone(r.parts())
	p := parts[key]
	delete(parts, key)
	r.set(parts)
	return p
}

// absorb adds to r the record old, whose address (key) turned out to be
// r's: parts and counts.
func (r *senderRecord) absorb(old *senderRecord, key string) {
	r.parted().absorb(old.parted(), func(p *check.SenderProfile) { p.Addr = key })
	r.Accounts = addCounts(r.Accounts, old.Accounts)
}

func (r *recipientRecord) absorb(old *recipientRecord, key string) {
	r.parted().absorb(old.parted(), func(p *check.Recipient) { p.Addr = key })
	r.Accounts = addCounts(r.Accounts, old.Accounts)
}

// has tells whether the record holds part key.
func (r parted[P, PP]) has(key string) bool {
	_, ok := (*r.folders)[key]
	return ok || r.known && *r.folders == nil && *r.folder == key
}

func (r *senderRecord) hasPart(key string) bool    { return r.parted().has(key) }
func (r *recipientRecord) hasPart(key string) bool { return r.parted().has(key) }

// drop takes out part key, which account taught; empty: no part is left.
func (r *senderRecord) drop(key, account string) (empty bool) {
	uncount(r.Accounts, account, r.parted().drop(key).Count.N)
	return r.Addr == ""
}

func (r *recipientRecord) drop(key, account string) (empty bool) {
	uncount(r.Accounts, account, r.parted().drop(key).Count)
	return r.Addr == ""
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
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if err := relearn[senderRecord](tx.Bucket([]byte(bucketSenders)), key, account); err != nil {
			return err
		}
		if err := relearn[recipientRecord](tx.Bucket([]byte(bucketRecipients)), key, account); err != nil {
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

// partedRecord is a senderRecord or a recipientRecord.
type partedRecord[R any] interface {
	*R
	hasPart(key string) bool
	drop(key, account string) (empty bool)
}

// relearn drops part key, which account taught, from each record of b
// that holds it, deleting the records left empty.
func relearn[R any, PR partedRecord[R]](b *bbolt.Bucket, key, account string) error {
	// A record holds the part only if its JSON holds the key: the others
	// are not decoded.
	needle, _ := json.Marshal(key)
	changed := map[string]PR{}
	err := b.ForEach(func(k, v []byte) error {
		if !bytes.Contains(v, needle) {
			return nil
		}
		r := PR(new(R))
		if err := json.Unmarshal(v, r); err != nil {
			return fmt.Errorf("the record of %s is damaged: %w", k, err)
		}
		if r.hasPart(key) {
			changed[string(k)] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, r := range changed {
		if r.drop(key, account) {
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
