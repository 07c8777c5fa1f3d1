package app

import (
	"sort"
	"time"
)

// FirstPage is how many envelopes the list fetches when a folder opens: a
// screen of rows and some, so that the first screen comes at once however
// large the folder.
const FirstPage = 50

// MorePage is how many envelopes the list fetches when the reader scrolls
// near the end of those loaded: one round trip for several screens.
const MorePage = 250

// moreWithin is how near the end of the loaded rows a row shown asks for
// the next page: the page is in before the reader gets there, and the
// first screen (a dozen rows at 700 px, some 30 on a tall screen) asks for
// nothing more.
const moreWithin = 15

// ListChange tells the window what changed in a FolderList.
type ListChange struct {
	Err   error // a page failed: the list is as it was
	First bool  // the folder's first page (the folder is listed now, maybe empty)
	Fresh bool  // new mail, on top
}

// FolderList is the message list of the folder open in a Mailbox, as the
// window shows it, without widgets: the rows loaded so far, newest first,
// fetched a page at a time as the reader scrolls (FirstPage when the
// folder opens, MorePage when a row near the end is shown), and each
// page's header badges computed by ListVerdicts. A row is a small
// Envelope: its header goes to ListVerdicts with its page and is not kept,
// so a folder of 100,000 messages, scrolled to its end, keeps 100,000 small
// rows and badges, not their headers.
//
// Like Mailbox it belongs to the owner goroutine: every method is called
// there, and changed is called back there.
type FolderList struct {
	mb      *Mailbox
	lv      *ListVerdicts
	changed func(ListChange)

	gen     int // counts openings: pages for an earlier one are dropped
	rows    []Envelope
	count   uint32   // messages in the folder
	opened  bool     // the folder opened (its pages are its own)
	loaded  bool     // the first page is in
	more    bool     // a page further down the folder is on its way
	badging []uint32 // pages fetched again for badges Reanalyse forgot, by skip
}

// NewFolderList lists the folder open in mb; lv computes the badges.
// changed is called when rows came in (or a page failed).
func NewFolderList(mb *Mailbox, lv *ListVerdicts, changed func(ListChange)) *FolderList {
	return &FolderList{mb: mb, lv: lv, changed: changed}
}

// Reset forgets the folder (the window reconnected: mb is the model now
// in use).
func (f *FolderList) Reset(mb *Mailbox) {
	f.mb = mb
	f.gen++
	f.rows, f.count, f.opened, f.loaded, f.more, f.badging = nil, 0, false, false, false, nil
	f.lv.Reset(mb)
}

// Open opens a folder: the rows and badges of the folder listed before are
// forgotten. Its first page is asked for with the opening, in one go: the
// worker answers the opening (to opened) and then the page.
func (f *FolderList) Open(folder string, opened func(ResOpened)) {
	f.Reset(f.mb)
	gen := f.gen
	f.mb.OpenFolder(folder, func(r ResOpened) {
		if gen != f.gen {
			return
		}
		f.opened = r.Err == nil
		if f.opened {
			f.count = r.State.Count
		}
		opened(r)
	})
	f.more = true
	f.mb.FetchPage(0, FirstPage, func(r ResPage) { f.paged(gen, r, false) })
}

// Rows are the messages loaded, newest first. The slice is the list's own:
// read it, do not keep it past the next change.
func (f *FolderList) Rows() []Envelope { return f.rows }

// Count is how many messages the folder holds.
func (f *FolderList) Count() uint32 { return f.count }

// Loaded tells whether the folder's first page is in.
func (f *FolderList) Loaded() bool { return f.loaded }

// Show is the window showing row i: near the end of the rows loaded, the
// next page is asked for; a row whose header badge was forgotten (the
// analysis settings changed since) has its page's headers fetched again.
func (f *FolderList) Show(i int) {
	if i < 0 || i >= len(f.rows) {
		return
	}
	if !f.more && f.loaded && uint32(len(f.rows)) < f.count && i >= len(f.rows)-moreWithin {
		f.more = true
		gen := f.gen
		f.mb.FetchPage(uint32(len(f.rows)), MorePage, func(r ResPage) { f.paged(gen, r, false) })
	}
	f.lv.Shown(i)
	if e := f.rows[i]; f.lv.Forgotten(e.UID) && e.SeqNum <= f.count {
		skip := (f.count - e.SeqNum) / FirstPage * FirstPage
		for _, s := range f.badging {
			if s == skip {
				return
			}
		}
		f.badging = append(f.badging, skip)
		gen := f.gen
		f.mb.FetchPage(skip, FirstPage, func(r ResPage) {
			if gen != f.gen {
				return
			}
			for k, s := range f.badging {
				if s == skip {
					f.badging = append(f.badging[:k], f.badging[k+1:]...)
					break
				}
			}
			if r.Err == nil {
				f.lv.Badged(r.Envelopes)
			}
		})
	}
}

// NewMail is the folder holding count messages now: the new ones are
// fetched and go on top.
func (f *FolderList) NewMail(count uint32) {
	if !f.opened || count <= f.count {
		return
	}
	n := count - f.count
	f.count = count
	gen := f.gen
	f.mb.FetchPage(0, n, func(r ResPage) { f.paged(gen, r, true) })
}

// paged takes a page of the folder as now open; fresh pages hold new mail.
func (f *FolderList) paged(gen int, r ResPage, fresh bool) {
	if gen != f.gen {
		return
	}
	if !fresh {
		f.more = false
	}
	if !f.opened {
		return // the folder did not open: the page is not its own
	}
	if r.Err != nil {
		f.changed(ListChange{Err: r.Err})
		return
	}
	first := !f.loaded
	f.loaded = true
	f.merge(r.Envelopes)
	f.lv.Listed(f.rows)
	for i := range f.rows {
		f.rows[i].Header = nil // with ListVerdicts now
	}
	f.changed(ListChange{First: first, Fresh: fresh})
}

// merge puts a page into the rows, in their order: newest first by date.
// A page from further down the folder goes at the end (older mail), unless
// a date says otherwise; new mail on top.
func (f *FolderList) merge(page []Envelope) {
	SortEnvelopes(page)
	if len(page) == 0 {
		return
	}
	if len(f.rows) == 0 || !page[0].newerThan(f.rows[len(f.rows)-1]) {
		f.rows = append(f.rows, page...)
		return
	}
	merged := make([]Envelope, 0, len(f.rows)+len(page))
	i, j := 0, 0
	for i < len(f.rows) && j < len(page) {
		if page[j].newerThan(f.rows[i]) {
			merged = append(merged, page[j])
			j++
		} else {
			merged = append(merged, f.rows[i])
			i++
		}
	}
	f.rows = append(append(merged, f.rows[i:]...), page[j:]...)
}

// When is when the list says the message was sent: its Date header, or
// when the server received it when it has none.
func (e Envelope) When() time.Time {
	if e.Date.IsZero() {
		return e.Arrived
	}
	return e.Date
}

func (e Envelope) newerThan(o Envelope) bool { return Newer(e.When(), o.When()) }

// SortEnvelopes orders a folder's messages newest first (When), keeping
// the order of messages of the same time.
func SortEnvelopes(envs []Envelope) {
	sort.SliceStable(envs, func(i, j int) bool { return envs[i].newerThan(envs[j]) })
}

// Newer tells whether a sorts before b in a list newest first (undated last).
func Newer(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return !a.IsZero() && b.IsZero()
	}
	return a.After(b)
}
