// Package correspondents keeps what the reader's own mail says about the
// people they write to and hear from: a local database (bbolt, one file,
// mode 0600, in the user's data directory) that nothing is ever sent from.
// The analysis reads it as a check.History.
package correspondents

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// FileName is the store's file in the user's data directory.
const FileName = "correspondents.db"

// The store's buckets.
const (
	bucketSenders    = "senders"    // canonical address (message.CanonicalAddress) -> senderRecord (JSON)
	bucketRecipients = "recipients" // canonical address -> recipientRecord (JSON)
	bucketSync       = "sync"       // account \x00 folder -> Mark (JSON)
)

// buckets are all of them.
func buckets() []string { return []string{bucketSenders, bucketRecipients, bucketSync} }

// ErrInUse is a store another mailsafe holds open.
var ErrInUse = errors.New("another mailsafe has the correspondents store open; close it and try again")

// Store is the correspondents database. Its methods are safe for
// concurrent use (bbolt serialises writers).
type Store struct {
	db   *bbolt.DB
	path string
}

// DefaultPath is the store in the user's data directory:
// $XDG_DATA_HOME/mailsafe, ~/.local/share/mailsafe on Linux and the BSDs,
// the user config directory elsewhere.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mailsafe", FileName), nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w", err)
		}
		return filepath.Join(d, "mailsafe", FileName), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "mailsafe", FileName), nil
}

// Open opens the store at path, creating it (and its directory, 0700) when
// missing. The file is the reader's alone: mode 0600, set again on every
// open.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the store's directory: %w", err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrInUse
	}
	if err != nil {
		return nil, fmt.Errorf("open the correspondents store %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return nil, fmt.Errorf("make the correspondents store private: %w", err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, b := range buckets() {
			if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = migrateKeys(db)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare the correspondents store %s: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// OpenReadOnly opens an existing store for reading only (scan).
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open the correspondents store %s: %w", path, err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrInUse
	}
	if err != nil {
		return nil, fmt.Errorf("open the correspondents store %s: %w", path, err)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		for _, b := range buckets() {
			if tx.Bucket([]byte(b)) == nil {
				return fmt.Errorf("%s is not a correspondents store", path)
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path}, nil
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// senderRecord is a sender's profile, how many of its messages each
// account taught, and what each folder taught (see partKey): Folder when
// one folder taught it all, else Folders.
type senderRecord struct {
	check.SenderProfile
	Accounts map[string]int                 `json:"accounts"`
	Folder   string                         `json:"folder,omitempty"`
	Folders  map[string]check.SenderProfile `json:"folders,omitempty"`
}

type recipientRecord struct {
	check.Recipient
	Accounts map[string]int             `json:"accounts"`
	Folder   string                     `json:"folder,omitempty"`
	Folders  map[string]check.Recipient `json:"folders,omitempty"`
}

// Mark is how far a folder has been learned: the UIDVALIDITY it was
// learned under and the highest UID learned.
type Mark struct {
	UIDValidity uint32 `json:"uidvalidity"`
	HighestUID  uint32 `json:"highest_uid"`
}

func syncKey(account, folder string) []byte { return []byte(account + "\x00" + folder) }

// Mark is how far account's folder has been learned; zero when never.
func (s *Store) Mark(account, folder string) (Mark, error) {
	var m Mark
	err := s.db.View(func(tx *bbolt.Tx) error {
		if v := tx.Bucket([]byte(bucketSync)).Get(syncKey(account, folder)); v != nil {
			return json.Unmarshal(v, &m)
		}
		return nil
	})
	if err != nil {
		return Mark{}, fmt.Errorf("read the learning mark of %s: %w", folder, err)
	}
	return m, nil
}

// Record stores what lessons teach, as learned by account from folder
// ("" for files and address books), and — when folder is not "" — how far
// folder is now learned, in one transaction: a crash never leaves lessons
// counted without their mark, or the reverse.
func (s *Store) Record(account string, lessons []Lesson, folder string, mark Mark) error {
	part := partKey(account, folder)
	err := s.db.Update(func(tx *bbolt.Tx) error {
		senders := map[string]*senderRecord{}
		recipients := map[string]*recipientRecord{}
		sb, rb := tx.Bucket([]byte(bucketSenders)), tx.Bucket([]byte(bucketRecipients))
		for _, l := range lessons {
			if l.Sent {
				for i, a := range l.Recipients {
					key := l.recipientKey(i)
					if key == "" {
						continue
					}
					r, err := loaded(rb, recipients, key)
					if err != nil {
						return err
					}
					r.parted().learning(part)
					add := func(r *check.Recipient) {
						if l.AddressBook {
							r.AddToAddressBook(a)
						} else {
							r.Add(a, l.Date)
						}
					}
					add(&r.Recipient)
					if r.Folders != nil {
						p := r.Folders[part]
						add(&p)
						r.Folders[part] = p
					}
					r.Accounts = count(r.Accounts, account)
				}
				continue
			}
			key := l.senderKey()
			if key == "" {
				continue
			}
			r, err := loaded(sb, senders, key)
			if err != nil {
				return err
			}
			r.parted().learning(part)
			r.Add(l.Observation)
			if r.Folders != nil {
				p := r.Folders[part]
				p.Add(l.Observation)
				r.Folders[part] = p
			}
			r.Accounts = count(r.Accounts, account)
		}
		for k, r := range senders {
			if err := save(sb, k, r); err != nil {
				return err
			}
		}
		for k, r := range recipients {
			if err := save(rb, k, r); err != nil {
				return err
			}
		}
		if folder != "" {
			b, _ := json.Marshal(mark)
			return tx.Bucket([]byte(bucketSync)).Put(syncKey(account, folder), b)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record what was learned: %w", err)
	}
	return nil
}

func count(m map[string]int, account string) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[account]++
	return m
}

// loaded is key's record: the one in m, else the one b holds (a new one
// when b has none), kept in m.
func loaded[T any](b *bbolt.Bucket, m map[string]*T, key string) (*T, error) {
	if r := m[key]; r != nil {
		return r, nil
	}
	r := new(T)
	if err := load(b, key, r); err != nil {
		return nil, err
	}
	m[key] = r
	return r, nil
}

func load(b *bbolt.Bucket, key string, into any) error {
	if v := b.Get([]byte(key)); v != nil {
		if err := json.Unmarshal(v, into); err != nil {
			return fmt.Errorf("the record of %s is damaged: %w", key, err)
		}
	}
	return nil
}

func save(b *bbolt.Bucket, key string, r any) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), v)
}

// History reads every correspondent into the analysis' index.
func (s *Store) History() (*check.History, error) {
	var senders []check.SenderProfile
	var recipients []check.Recipient
	err := s.db.View(func(tx *bbolt.Tx) error {
		// The profiles alone: the parts and counts are skipped, not decoded.
		err := tx.Bucket([]byte(bucketSenders)).ForEach(func(k, v []byte) error {
			var p check.SenderProfile
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("the record of %s is damaged: %w", k, err)
			}
			senders = append(senders, p)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketRecipients)).ForEach(func(k, v []byte) error {
			var p check.Recipient
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("the record of %s is damaged: %w", k, err)
			}
			recipients = append(recipients, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the correspondents store: %w", err)
	}
	return check.NewHistory(senders, recipients), nil
}

// Profiles reads the records of the given (canonical) addresses only, as
// Addresses names them: what a learning run changed, for the analysis'
// index to be updated without reading every correspondent.
func (s *Store) Profiles(senders, recipients []string) ([]check.SenderProfile, []check.Recipient, error) {
	var sp []check.SenderProfile
	var rp []check.Recipient
	err := s.db.View(func(tx *bbolt.Tx) error {
		sb, rb := tx.Bucket([]byte(bucketSenders)), tx.Bucket([]byte(bucketRecipients))
		for _, k := range senders {
			var p check.SenderProfile // the profile alone, as History reads it
			if err := load(sb, k, &p); err != nil {
				return err
			}
			if p.Addr != "" {
				sp = append(sp, p)
			}
		}
		for _, k := range recipients {
			var p check.Recipient
			if err := load(rb, k, &p); err != nil {
				return err
			}
			if p.Addr != "" {
				rp = append(rp, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read the correspondents store: %w", err)
	}
	return sp, rp, nil
}

// Known is what the store knows that one account taught.
type Known struct {
	Account    string
	Senders    int // addresses mail came from
	Recipients int // addresses the reader wrote to
	Messages   int // messages learned
}

// Known tells, per account, how many correspondents it taught.
func (s *Store) Known() ([]Known, error) {
	per := map[string]*Known{}
	get := func(a string) *Known {
		if per[a] == nil {
			per[a] = &Known{Account: a}
		}
		return per[a]
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		err := tx.Bucket([]byte(bucketSenders)).ForEach(func(k, v []byte) error {
			var r struct{ Accounts map[string]int }
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			for a, n := range r.Accounts {
				get(a).Senders++
				get(a).Messages += n
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketRecipients)).ForEach(func(k, v []byte) error {
			var r struct{ Accounts map[string]int }
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			for a := range r.Accounts {
				get(a).Recipients++
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the correspondents store: %w", err)
	}
	out := make([]Known, 0, len(per))
	for _, k := range per {
		out = append(out, *k)
	}
	sortKnown(out)
	return out, nil
}

// Forget removes everything known about one address.
func (s *Store) Forget(addr string) (bool, error) {
	key := []byte(message.CanonicalAddress(addr))
	found := false
	err := s.db.Update(func(tx *bbolt.Tx) error {
		for _, b := range []string{bucketSenders, bucketRecipients} {
			bk := tx.Bucket([]byte(b))
			if bk.Get(key) != nil {
				found = true
				if err := bk.Delete(key); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("forget %s: %w", addr, err)
	}
	return found, nil
}

// ForgetAll removes every correspondent and every learning mark: the next
// learning starts from the beginning.
func (s *Store) ForgetAll() error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		for _, b := range buckets() {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
			if _, err := tx.CreateBucket([]byte(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("forget everything: %w", err)
	}
	return nil
}

// Correspondents lists the addresses the store knows, sorted, with their
// names: for Settings to show and to pick one to forget.
func (s *Store) Correspondents() ([]message.Address, error) {
	seen := map[string]message.Address{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		err := tx.Bucket([]byte(bucketRecipients)).ForEach(func(k, v []byte) error {
			var r recipientRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			seen[string(k)] = message.Address{Addr: string(k), Name: mostUsed(r.Names)}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketSenders)).ForEach(func(k, v []byte) error {
			if _, ok := seen[string(k)]; ok {
				return nil
			}
			var r senderRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			names := map[string]int{}
			for n, s := range r.Names {
				names[n] = s.N
			}
			seen[string(k)] = message.Address{Addr: string(k), Name: mostUsed(names)}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the correspondents store: %w", err)
	}
	out := make([]message.Address, 0, len(seen))
	for _, a := range seen {
		out = append(out, a)
	}
	sortAddresses(out)
	return out, nil
}

func mostUsed(names map[string]int) string {
	best, n := "", 0
	for k, c := range names {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}
