package app

import (
	"bytes"
	"runtime"
	"slices"
	"sync"

	"mailsafe/mailview"
	"mailsafe/mailview/check"
)

// Badge is what a message list shows of a message's verdict.
type Badge struct {
	Level    check.Level
	Tracking bool // something in it would track the reader (known from the body only)
	// Complete says the badge comes from the whole message; otherwise
	// from its header alone (the body is not in yet).
	Complete bool
}

// BadgeOf is the badge of an analysed message; whole says v was analysed
// from the whole message, not its header alone.
func BadgeOf(v *mailview.View, whole bool) Badge {
	b := Badge{Level: v.Verdict.Level, Complete: whole}
	for _, r := range v.Resources {
		b.Tracking = b.Tracking || r.Tracks
	}
	return b
}

// readAheadMax is how many bodies are fetched ahead of the reader in one
// batch (one request, Mailbox.FetchBodies), of at most ReadAheadLimit
// bytes together unless one alone: the reader's own request waits behind
// at most that. Bodies being analysed ahead are fewer than this when the
// next batch is asked for.
const readAheadMax = 8

// Read-ahead covers the rows near the one the window showed last: from
// readAheadBehind rows above it to readAheadBeyond rows below, so a folder
// scrolled through is not fetched whole.
const (
	readAheadBehind = 20
	readAheadBeyond = 50
)

// The whole analyses kept: at most viewsKept, holding at most viewBytesKept
// of messages, the most recently analysed. A message's badge outlives its
// analysis (wholeBadges); opening one whose analysis went fetches it again.
const (
	viewsKept     = 100
	viewBytesKept = 64 << 20
)

// ReadAheadLimit is the largest message fetched ahead of the reader for its
// badge; a larger one is completed when the reader opens it.
const ReadAheadLimit = 2 << 20

// ListVerdicts computes the badges of a folder's message list ahead of the
// reader: at once from each message's header (fetched with the list: a
// failed authentication, a diverting Reply-To, an impersonated brand…),
// then completed from the whole message as bodies arrive, read ahead in the
// background a few at a time, near the rows the window shows. It keeps the
// latest whole analyses (viewsKept), so a message read ahead opens without
// being fetched or analysed again, and a body the reader and the
// read-ahead both asked for is analysed once; of older ones it keeps the
// badge. It has no
// widgets: the window asks it and is told, through changed, when a
// message's badge or analysis is new.
//
// Like Mailbox, it belongs to one goroutine (the UI goroutine), where every
// method is called and changed is called back; analysis runs off it.
type ListVerdicts struct {
	mb      *Mailbox
	reader  func() mailview.Reader
	changed func(uid uint32)

	gen       int                       // counts folder openings: work for an earlier one is dropped
	settings  int                       // counts Reanalyse calls: an analysis under older settings is redone
	headers   map[uint32]Badge          // from the header alone
	raw       map[uint32][]byte         // the headers of the last headersKept listed, for Reanalyse
	rawOrder  []uint32                  // their UIDs, oldest first
	forgotten map[uint32]bool           // header badges Reanalyse could not recompute (header not kept)
	views     map[uint32]*mailview.View // from the whole message, the latest kept
	viewOrder []uint32                  // their UIDs, oldest analysis first (may name ones let go)
	viewBytes int64                     // the size of the messages they hold
	whole     map[uint32]Badge          // badges from the whole message whose analysis was let go
	shown     int                       // the list row the window showed last
	analysing map[uint32]bool           // whole bodies being analysed
	tried     map[uint32]bool           // read ahead (or failed) in this opening
	listed    []listedMsg               // the list, in its order
	ahead     int                       // bodies fetched or analysed ahead now
	fetching  int                       // of them, in the batch on its way
	pending   int                       // analyses running
}

// listedMsg is what ListVerdicts keeps of a listed message: a folder of
// 100,000 costs 1.6 MB here, not its headers.
type listedMsg struct {
	UID  uint32
	Size int64
}

// headersKept is how many listed messages keep their raw header, so that
// Reanalyse recomputes their header badges: the most recently listed. The
// others' header badges are forgotten by Reanalyse, and Badged computes
// them again when the list fetches their headers anew (FolderList does,
// for the rows it shows). A header is a few kilobytes: 100,000 of them
// were most of a large folder's memory.
const headersKept = 250

// NewListVerdicts computes badges over mb's folder as now open. reader is
// asked for the analysis settings each time (the reader's identity may
// change); changed is called on the owner goroutine with each message
// whose badge or analysis is new (0: the badges of several messages).
func NewListVerdicts(mb *Mailbox, reader func() mailview.Reader, changed func(uid uint32)) *ListVerdicts {
	l := &ListVerdicts{reader: reader, changed: changed}
	l.Reset(mb)
	return l
}

// Reset forgets everything of the folder opened before (another folder, or
// the same one renumbered): its UIDs mean nothing now. mb is the model now
// in use (the same one, or a new one after a reconnect).
func (l *ListVerdicts) Reset(mb *Mailbox) {
	l.mb = mb
	l.gen++
	l.headers, l.views, l.whole = map[uint32]Badge{}, map[uint32]*mailview.View{}, map[uint32]Badge{}
	l.viewOrder, l.viewBytes, l.shown = nil, 0, 0
	l.raw, l.rawOrder, l.forgotten = map[uint32][]byte{}, nil, map[uint32]bool{}
	l.analysing, l.tried = map[uint32]bool{}, map[uint32]bool{}
	l.listed, l.ahead, l.fetching, l.pending = nil, 0, 0, 0
}

// Listed takes the list as it now is (a page came in, new mail arrived):
// the badges of messages new to it are computed from their headers, and
// reading ahead goes on in the list's order. Only the envelopes that
// carry their header (Envelope.Header) are badged: the list hands each
// header over once, with its page, and need not keep it.
func (l *ListVerdicts) Listed(envs []Envelope) {
	l.listed = l.listed[:0]
	for _, e := range envs {
		l.listed = append(l.listed, listedMsg{e.UID, e.Size})
	}
	l.Badged(envs)
	l.readAhead()
}

// Badged computes the header badges of the envelopes among envs that carry
// their header and have no badge yet (a page fetched again for a badge
// that Reanalyse forgot), without changing the list.
func (l *ListVerdicts) Badged(envs []Envelope) {
	var todo []Envelope
	for _, e := range envs {
		if len(e.Header) == 0 {
			continue
		}
		if _, ok := l.headers[e.UID]; !ok {
			l.headers[e.UID] = Badge{} // asked for: not again
			delete(l.forgotten, e.UID)
			l.keepHeader(e.UID, e.Header)
			todo = append(todo, e)
		}
	}
	l.headerBadges(todo)
}

// keepHeader keeps the header of one of the last headersKept messages listed.
func (l *ListVerdicts) keepHeader(uid uint32, h []byte) {
	if _, ok := l.raw[uid]; ok {
		return
	}
	l.raw[uid] = h
	l.rawOrder = append(l.rawOrder, uid)
	if len(l.rawOrder) > headersKept {
		delete(l.raw, l.rawOrder[0])
		l.rawOrder = l.rawOrder[1:] // append moves the rest to a new array when this one is used up
	}
}

// headerBadges computes the badges of envs from their headers, off the
// owner goroutine and on every core, and tells changed(0) when they are in.
// Only the UIDs and the badges stay: the header bytes go with envs.
func (l *ListVerdicts) headerBadges(envs []Envelope) {
	if len(envs) == 0 {
		return
	}
	reader := l.reader()
	reader.LookupTXT = nil // a header alone fails DKIM's body hash: the whole message says
	badges := make([]Badge, len(envs))
	uids := make([]uint32, len(envs))
	for i, e := range envs {
		uids[i] = e.UID
	}
	l.background(func() {
		workers := min(runtime.GOMAXPROCS(0), (len(envs)+7)/8)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(envs); i += workers {
					badges[i] = BadgeOf(mailview.Analyze(headerOnly(envs[i].Header), reader), false)
				}
			}()
		}
		wg.Wait()
	}, func() {
		for i, uid := range uids {
			l.headers[uid] = badges[i]
		}
		l.changed(0)
	})
}

// background runs work off the owner goroutine, then done on it unless
// the folder was opened again since (its UIDs mean nothing then); it
// counts in Pending meanwhile.
func (l *ListVerdicts) background(work, done func()) {
	l.pending++
	gen, mb := l.gen, l.mb
	go func() {
		work()
		mb.Post(func() {
			if gen != l.gen {
				return
			}
			l.pending--
			done()
		})
	}()
}

// headerOnly is a header as a message without a body.
func headerOnly(h []byte) []byte {
	h = bytes.TrimRight(h, "\r\n")
	return append(append([]byte(nil), h...), "\r\n\r\n"...)
}

// Badge is the message's badge now: from the whole message once analysed,
// else from its header; ok is false when neither is known yet.
func (l *ListVerdicts) Badge(uid uint32) (b Badge, ok bool) {
	if v := l.views[uid]; v != nil {
		return BadgeOf(v, true), true
	}
	if b, ok = l.whole[uid]; ok {
		return b, true
	}
	b, ok = l.headers[uid]
	return b, ok
}

// Forgotten tells whether the message's header badge was forgotten when the
// analysis settings changed (Reanalyse), its header no longer kept: Badged
// computes it again from its header fetched anew.
func (l *ListVerdicts) Forgotten(uid uint32) bool {
	_, whole := l.whole[uid]
	return l.forgotten[uid] && l.views[uid] == nil && !whole
}

// View is the analysis of the whole message, nil until its body was
// analysed, or once it was let go for later ones (viewsKept).
func (l *ListVerdicts) View(uid uint32) *mailview.View { return l.views[uid] }

// Analysing tells whether the message's body is being analysed now.
func (l *ListVerdicts) Analysing(uid uint32) bool { return l.analysing[uid] }

// Complete is how many messages have a badge from their whole body.
func (l *ListVerdicts) Complete() int { return len(l.views) + len(l.whole) }

// Shown is the window showing list row i: bodies are read ahead around it.
func (l *ListVerdicts) Shown(i int) {
	if i != l.shown {
		l.shown = i
		l.readAhead()
	}
}

// keepView keeps a message's whole analysis, letting the oldest go past
// viewsKept or viewBytesKept; their badges stay.
func (l *ListVerdicts) keepView(uid uint32, v *mailview.View) {
	if old := l.views[uid]; old != nil {
		l.viewBytes -= int64(len(old.Message.Raw))
		l.viewOrder = slices.DeleteFunc(l.viewOrder, func(u uint32) bool { return u == uid })
	}
	l.viewOrder = append(l.viewOrder, uid)
	delete(l.whole, uid)
	l.views[uid] = v
	l.viewBytes += int64(len(v.Message.Raw))
	for len(l.viewOrder) > 1 && (len(l.viewOrder) > viewsKept || l.viewBytes > viewBytesKept) {
		old := l.viewOrder[0]
		l.viewOrder = l.viewOrder[1:]
		ov := l.views[old]
		l.whole[old] = BadgeOf(ov, true)
		l.viewBytes -= int64(len(ov.Message.Raw))
		delete(l.views, old)
	}
}

// Pending is how many analyses for the folder as now open run now.
func (l *ListVerdicts) Pending() int { return l.pending }

// Analyse analyses a message's body (one the reader opened) off the owner
// goroutine and calls changed when done. A body already analysed or being
// analysed is not analysed again: changed is called for it at once, or
// when that analysis ends.
func (l *ListVerdicts) Analyse(uid uint32, raw []byte) {
	l.analyse(uid, raw, func() {})
}

func (l *ListVerdicts) analyse(uid uint32, raw []byte, then func()) {
	if l.views[uid] != nil {
		l.changed(uid)
		then()
		return
	}
	if l.analysing[uid] {
		then()
		return
	}
	l.analysing[uid] = true
	settings, reader := l.settings, l.reader()
	var v *mailview.View
	l.background(func() { v = mailview.Analyze(raw, reader) }, func() {
		delete(l.analysing, uid)
		if settings != l.settings {
			// Reanalyse ran meanwhile and could not see this one: again,
			// with the settings as they are now.
			l.analyse(uid, raw, then)
			return
		}
		l.keepView(uid, v)
		l.changed(uid)
		then()
	})
}

// Reanalyse analyses again, off the owner goroutine, every message already
// analysed, and the header of every listed message not analysed whole,
// with the analysis settings as they are now (the history or the reader's
// identity changed); changed is called as they are done.
func (l *ListVerdicts) Reanalyse() {
	l.settings++
	// A badge from an analysis let go is stale now: read ahead again when
	// its row is near, its header badge meanwhile.
	for uid := range l.whole {
		delete(l.whole, uid)
		delete(l.tried, uid)
	}
	var headers []Envelope
	for _, e := range l.listed {
		if _, ok := l.headers[e.UID]; !ok || l.views[e.UID] != nil {
			continue
		}
		if h := l.raw[e.UID]; h != nil {
			headers = append(headers, Envelope{UID: e.UID, Header: h})
		} else {
			delete(l.headers, e.UID) // computed again when its header is fetched again (Badged)
			l.forgotten[e.UID] = true
		}
	}
	l.headerBadges(headers)
	if len(l.views) == 0 {
		return
	}
	type item struct {
		uid uint32
		raw []byte
	}
	items := make([]item, 0, len(l.views))
	for uid, v := range l.views {
		items = append(items, item{uid, v.Message.Raw})
	}
	settings, reader := l.settings, l.reader()
	views := make([]*mailview.View, len(items))
	l.background(func() {
		for i, it := range items {
			views[i] = mailview.Analyze(it.raw, reader)
		}
	}, func() {
		if settings != l.settings {
			return // a later Reanalyse redoes these with newer settings
		}
		for i, it := range items {
			if l.views[it.uid] != nil { // not let go meanwhile
				l.keepView(it.uid, views[i])
			}
			l.changed(it.uid)
		}
	})
}

// readAhead fetches and analyses the next listed messages not analysed yet,
// in the list's order, a batch at a time (readAheadMax); the next batch is
// asked for once the one before is in and its analyses are under way.
// Bodies larger than ReadAheadLimit wait until the reader opens them. Only
// IMAP is asked (BODY.PEEK); analysis loads nothing.
func (l *ListVerdicts) readAhead() {
	if l.fetching > 0 || l.ahead >= readAheadMax {
		return
	}
	var refs []BodyRef
	var size int64
	from := max(0, min(l.shown, len(l.listed)-1)-readAheadBehind)
	to := min(len(l.listed), max(l.shown, 0)+readAheadBeyond)
	for _, e := range l.listed[from:max(from, to)] {
		uid := e.UID
		if _, done := l.whole[uid]; done || l.views[uid] != nil || l.analysing[uid] || l.tried[uid] || e.Size > ReadAheadLimit {
			continue
		}
		if len(refs) == readAheadMax || len(refs) > 0 && size+e.Size > ReadAheadLimit {
			break
		}
		l.tried[uid] = true
		refs = append(refs, BodyRef{UID: uid, Size: e.Size})
		size += e.Size
	}
	if len(refs) == 0 {
		return
	}
	l.ahead += len(refs)
	l.fetching = len(refs)
	gen := l.gen
	l.mb.FetchBodies(refs, func(r ResBody) {
		if gen != l.gen {
			return
		}
		if l.fetching--; l.fetching == 0 {
			defer l.readAhead() // the next batch, while these are analysed
		}
		next := func() { l.ahead--; l.readAhead() }
		if r.Err != nil {
			next()
			return
		}
		l.analyse(r.UID, r.Raw, next)
	})
}
