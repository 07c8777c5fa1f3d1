package app

import (
	"context"
	"sync"
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

	path string
	once sync.Once
	st   *correspondents.Store
	err  error
}

// NewCorrespondents is the store at path ("" for the default, in the
// user's data directory). Nothing is opened yet.
func NewCorrespondents(path string) *Correspondents {
	return &Correspondents{path: path, Every: 5 * time.Minute}
}

// Store opens the store the first time it is asked for.
func (c *Correspondents) Store() (*correspondents.Store, error) {
	c.once.Do(func() {
		path := c.path
		if path == "" {
			if path, c.err = correspondents.DefaultPath(); c.err != nil {
				return
			}
		}
		c.st, c.err = correspondents.Open(path)
	})
	return c.st, c.err
}

// Close closes the store if it was opened.
func (c *Correspondents) Close() error {
	if st, err := c.Store(); err == nil {
		return st.Close()
	}
	return nil
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
// history the analysis reads. progress is called after each batch, from
// this goroutine.
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
		return nil, res, err
	}
	h, err := st.History()
	return h, res, err
}
