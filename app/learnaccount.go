package app

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"mailsafe/correspondents"
	"mailsafe/mailview/check"
)

// Correspondents is the viewer's correspondents store, opened when first
// needed and shared by every account's window, and the learning of
// accounts into it.
type Correspondents struct {
	// Every is how often an open account learns again (new mail).
	Every time.Duration

	path   string
	mu     sync.Mutex
	st     *correspondents.Store // nil until opened
	closed bool                  // Close was called: the store is not opened again
	// latest is the analysis' index of the store as last read or updated
	// (nil: none yet), the newest made (Latest); readWhole: read the store
	// whole at the next run (the last failed). rebuilds counts the whole
	// reads. Changed with mu held; read by Latest without it, so as not to
	// wait for a run that holds mu while it reads the store.
	latest    atomic.Pointer[check.History]
	readWhole bool
	rebuilds  int
}

// Latest is the newest index made (nil: none yet): from the store as
// every change before it left it. The reader's changes (Forget, Import)
// are followed by History, which reads the store whole: a learning result
// made before it is stale by the time it reaches a window, which holds
// Latest instead.
func (c *Correspondents) Latest() *check.History { return c.latest.Load() }

// keep makes h the index kept, the newest: called with mu held.
func (c *Correspondents) keep(h *check.History) *check.History {
	c.latest.Store(h)
	c.readWhole = false
	return h
}

// errStoreClosed is the store asked for after the session closed it.
var errStoreClosed = errors.New("the correspondents store is closed")

// NewCorrespondents is the store at path ("" for the default, in the
// user's data directory). Nothing is opened yet.
func NewCorrespondents(path string) *Correspondents {
	return &Correspondents{path: path, Every: 5 * time.Minute}
}

// Store opens the store the first time it is asked for. An open that
// failed (another mailsafe holds the store) is tried again at the next
// ask: closing the other one is enough.
func (c *Correspondents) Store() (*correspondents.Store, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.st != nil {
		return c.st, nil
	}
	if c.closed {
		return nil, errStoreClosed
	}
	path := c.path
	if path == "" {
		var err error
		if path, err = correspondents.DefaultPath(); err != nil {
			return nil, err
		}
	}
	st, err := correspondents.Open(path)
	if err != nil {
		return nil, err
	}
	c.st = st
	return st, nil
}

// Close closes the store if it was opened.
func (c *Correspondents) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.st == nil {
		return nil
	}
	err := c.st.Close()
	c.st = nil
	return err
}

// LearnProgress is where an account's learning is.
type LearnProgress struct {
	Folder      string
	Done, Total int
}

// LearnAccount connects to acct on a connection of its own, signed in with
// login as the mailbox window is (also: the reader's other addresses) (the mailbox
// window's stays free for reading), learns its sent mail and the last
// LearnSince months of its inbox from headers alone, and returns the
// history the analysis reads (a window holds Latest, which may be newer).
// progress is called after each batch, from this goroutine.
func (c *Correspondents) LearnAccount(ctx context.Context, acct Account, login Login, also []string, progress func(LearnProgress)) (*check.History, []FolderLesson, error) {
	st, err := c.Store()
	if err != nil {
		return nil, nil, err
	}
	s, err := DialIMAPLogin(ctx, acct, login, Updates{})
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	res, err := LearnAccount(ctx, s, st, acct, also, time.Now().AddDate(0, -LearnSince, 0), func(folder string, done, total int) {
		if progress != nil {
			progress(LearnProgress{Folder: folder, Done: done, Total: total})
		}
	})
	if err != nil {
		c.mu.Lock()
		c.readWhole = true // some of the run may be recorded
		c.mu.Unlock()
		return nil, res, err
	}
	h, err := c.updated(st, res)
	return h, res, err
}

// History reads the store whole into the analysis' index (after the reader
// changed it: forgot a correspondent, imported an address book); learning
// runs after it update that index, and every result made before it is
// older (Latest).
func (c *Correspondents) History() (*check.History, error) {
	st, err := c.Store()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rebuild(st)
}

func (c *Correspondents) rebuild(st *correspondents.Store) (*check.History, error) {
	h, err := st.History()
	if err != nil {
		c.readWhole = true
		return nil, err
	}
	c.rebuilds++
	return c.keep(h), nil
}

// updated is the index after a learning run: the one kept, with the
// records of the addresses the run learned about read again (none: the
// same index); the store read whole the first time and after a folder was
// learned again from its start (its UIDVALIDITY changed).
func (c *Correspondents) updated(st *correspondents.Store, res []FolderLesson) (*check.History, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.latest.Load()
	if h == nil || c.readWhole || slices.ContainsFunc(res, func(r FolderLesson) bool { return r.Relearnt }) {
		return c.rebuild(st)
	}
	senders, recipients := map[string]bool{}, map[string]bool{}
	for _, r := range res {
		maps.Copy(senders, r.senders)
		maps.Copy(recipients, r.recipients)
	}
	if len(senders)+len(recipients) == 0 {
		return h, nil
	}
	sp, rp, err := st.Profiles(slices.Sorted(maps.Keys(senders)), slices.Sorted(maps.Keys(recipients)))
	if err != nil {
		c.readWhole = true
		return nil, err
	}
	return c.keep(h.Updated(sp, rp)), nil
}
