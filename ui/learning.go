package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2/lang"

	"mailsafe/app"
)

// learnAccount learns aw's account in the background, on a connection of
// its own, with progress in the window's status line: its sent mail and
// the last year of its inbox, from headers alone, from where it last
// stopped. When done, the window's analysis reads the history: until
// then (a new account's first learning) no warning relies on it. While
// the window is open, the account learns again every
// app.Correspondents.Every (new mail, quietly), and tries again after a
// failure.
func (s *Session) learnAccount(aw *accountWindow) {
	if aw.stopLearning != nil {
		aw.stopLearning()
	}
	ctx, cancel := context.WithCancel(context.Background())
	aw.stopLearning = cancel
	acct, login, mw, also := aw.acct, s.login(aw.acct, aw.password), aw.mw, s.Settings.MyAddresses()
	store := s.correspondents
	go func() {
		if _, err := store.Store(); err != nil {
			s.do(func() {
				mw.say(func() string { return lang.L("status.learnfailed", map[string]any{"Error": errorText(err)}) })
			})
			return
		}
		first := true
		for {
			var progress func(app.LearnProgress)
			if first {
				progress = func(p app.LearnProgress) {
					s.do(func() {
						if ctx.Err() == nil {
							mw.say(func() string {
								return lang.L("status.learning", map[string]any{"Folder": p.Folder, "Done": p.Done, "Total": p.Total})
							})
						}
					})
				}
			}
			_, res, err := store.LearnAccount(ctx, acct, login, also, progress)
			// A failure (a refused password, a certificate, the network) is
			// the mailbox's to say; learning tries again later.
			if err == nil && (first || learnedAny(res)) {
				announce := first
				first = false
				s.do(func() {
					if ctx.Err() == nil { // else closed, or learning again
						s.learned(aw, announce)
					}
				})
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(store.Every):
			}
		}
	}()
}

// learned gives aw's window the newest index after a learning run, on the
// UI goroutine (useHistory); announce: the run was the first since the
// window connected, whose end the status line says and the open folder is
// analysed again with.
func (s *Session) learned(aw *accountWindow, announce bool) {
	mw := aw.mw
	applied := s.useHistory(aw)
	if !announce || mw.actx.History == nil {
		return // new mail learned: the next analyses read it
	}
	if applied {
		mw.reanalyse()
	}
	senders, recipients := mw.actx.History.Size()
	mw.say(func() string {
		return lang.L("status.learned", map[string]any{"Senders": senders, "Recipients": recipients})
	})
}

func learnedAny(res []app.FolderLesson) bool {
	for _, r := range res {
		if r.Fetched > 0 {
			return true
		}
	}
	return false
}

// reanalyse analyses again, off the UI goroutine, the messages already
// analysed in the open folder: the analysis settings changed (the history
// arrived). The list's badges and the open message follow.
func (mw *MailboxWindow) reanalyse() {
	if mw.mb == nil || mw.verdicts == nil {
		return
	}
	mw.verdicts.Reanalyse()
}

// historyChanged follows a change the reader made to the history (Settings
// → Correspondents): every account window that learned reads it again. The
// store is read off the UI goroutine (every record is decoded).
func (s *Session) historyChanged() {
	store := s.correspondents
	go func() {
		// Read whole: the learning runs after it update this one.
		if _, err := store.History(); err != nil {
			return
		}
		s.do(func() {
			for _, aw := range s.accounts {
				if aw.mw.actx.History != nil && s.useHistory(aw) {
					aw.mw.reanalyse()
				}
			}
		})
	}()
}

// useHistory gives aw's window the newest index made
// (app.Correspondents.Latest), unless the window holds it already: never
// the index a learning run returned, which is stale by the time it reaches
// the window if the reader forgot someone since. It tells whether it did.
// On the UI goroutine.
func (s *Session) useHistory(aw *accountWindow) bool {
	h := s.correspondents.Latest()
	if h == nil || h == aw.mw.actx.History {
		return false
	}
	aw.mw.actx.History = h
	return true
}
