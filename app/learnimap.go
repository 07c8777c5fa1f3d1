package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"

	"mailsafe/correspondents"
	"mailsafe/mailview/message"
)

// learnBatch is how many messages' headers one FETCH asks for, and one
// store transaction records.
const learnBatch = 1000

// LearnSince is how far back a new account's inbox is learned.
const LearnSince = 12 // months

// FolderLesson is what learning one folder did.
type FolderLesson struct {
	Folder   string
	Fetched  int  // headers fetched
	Sent     int  // of them, sent by the reader
	Received int  // ... and received (the others taught nothing)
	Relearnt bool // the folder's UIDVALIDITY changed: learned again from the start

	// The (canonical) addresses whose records the run changed, senders
	// and recipients: what the analysis' index needs to read again.
	senders, recipients map[string]bool
}

// learned notes the addresses lessons are recorded under.
func (r *FolderLesson) learned(lessons []correspondents.Lesson) {
	ss, rs := correspondents.Addresses(lessons)
	if r.senders == nil {
		r.senders, r.recipients = map[string]bool{}, map[string]bool{}
	}
	for _, a := range ss {
		r.senders[a] = true
	}
	for _, a := range rs {
		r.recipients[a] = true
	}
}

// learnFolder learns one folder of account over s from headers alone
// (a sent folder's messages are all the reader's own, whatever their From)
// (BODY.PEEK[HEADER.FIELDS (…)]: no body is fetched, no flag changes):
// the messages with UIDs above the folder's mark, or all of them when the
// folder's UIDVALIDITY is not the one the mark was made under; since, when
// not zero, leaves out older messages. progress(done, total) after each
// batch; each batch is recorded with its mark, so an interrupted run goes
// on where it stopped.
func learnFolder(ctx context.Context, s *IMAPSession, st *correspondents.Store, account, folder string, sent bool, me, authServIDs []string,
	since time.Time, progress func(done, total int)) (FolderLesson, error) {
	res := FolderLesson{Folder: folder}
	state, err := s.Open(ctx, folder)
	if err != nil {
		return res, err
	}
	mark, err := st.Mark(account, folder)
	if err != nil {
		return res, err
	}
	if mark.UIDValidity != state.UIDValidity && mark.UIDValidity != 0 {
		// Learned under another UIDVALIDITY: what the folder taught then
		// is taken out, and it is learned again from its start.
		res.Relearnt = true
		mark = correspondents.Mark{UIDValidity: state.UIDValidity}
		if err := st.Relearn(account, folder, mark); err != nil {
			return res, err
		}
	}
	from := mark.HighestUID + 1 // 1 when never learned, or learned again
	if state.Count == 0 || state.UIDNext != 0 && from >= state.UIDNext {
		return res, nil
	}
	criteria := &imap.SearchCriteria{UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(from), Stop: 0}}}}
	if !since.IsZero() {
		criteria.Since = since
	}
	var uids []imap.UID
	err = s.do(ctx, "find the messages to learn in "+folder, func() error {
		data, err := s.c.UIDSearch(criteria, nil).Wait()
		if err == nil {
			uids = data.AllUIDs()
		}
		return err
	})
	if err != nil {
		return res, err
	}
	// "UID n:*" always matches the last message, even below n.
	kept := uids[:0]
	for _, u := range uids {
		if u >= imap.UID(from) {
			kept = append(kept, u)
		}
	}
	uids = kept
	for start := 0; start < len(uids); start += learnBatch {
		batch := uids[start:min(start+learnBatch, len(uids))]
		var set imap.UIDSet
		for _, u := range batch {
			set.AddNum(u)
		}
		var lessons []correspondents.Lesson
		highest := mark.HighestUID // 0 when never learned, or learned again
		err := s.headerFields(ctx, "fetch the headers to learn from "+folder, set, correspondents.HeaderFields, func(uid imap.UID, h message.Header) {
			res.Fetched++
			highest = max(highest, uint32(uid))
			l, ok := correspondents.Teach(h, me, authServIDs)
			if sent {
				l, ok = correspondents.TeachSent(h, me)
			}
			if ok {
				lessons = append(lessons, l)
			}
		})
		if err != nil {
			return res, err
		}
		res.learned(lessons)
		for _, l := range lessons {
			if l.Sent {
				res.Sent++
			} else {
				res.Received++
			}
		}
		mark = correspondents.Mark{UIDValidity: state.UIDValidity, HighestUID: highest}
		if err := st.Record(account, lessons, folder, mark); err != nil {
			return res, err
		}
		if progress != nil {
			progress(start+len(batch), len(uids))
		}
	}
	if len(uids) == 0 && mark.UIDValidity != state.UIDValidity {
		// Nothing (new) to learn, but remember the folder's UIDVALIDITY.
		if err := st.Record(account, nil, folder, correspondents.Mark{UIDValidity: state.UIDValidity, HighestUID: 0}); err != nil {
			return res, err
		}
	}
	return res, nil
}

// headerFields fetches the named header fields of the messages in set
// (UIDs or sequence numbers), BODY.PEEK[HEADER.FIELDS (…)]: no body, no
// flag changes; each is called with every message's UID and fields, in
// the order the server sends them. step names the command in an error.
func (s *IMAPSession) headerFields(ctx context.Context, step string, set imap.NumSet, fields []string, each func(uid imap.UID, h message.Header)) error {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: fields, Peek: true}
	return s.do(ctx, step, func() error {
		cmd := s.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			buf, err := msg.Collect()
			if err != nil {
				return err
			}
			var raw []byte
			for _, b := range buf.BodySection {
				raw = append(raw, b.Bytes...)
			}
			each(buf.UID, message.Parse(raw).Header)
		}
		return cmd.Close()
	})
}

// dialSource connects to an imap:// source; plain text only to a loopback
// server that offers no STARTTLS (a test server).
func dialSource(ctx context.Context, src IMAPSource, login Login) (*IMAPSession, error) {
	s, err := DialIMAPLogin(ctx, src.Account, login, Updates{})
	if errors.Is(err, ErrNoStartTLS) && isLoopbackHost(src.Account.Host) {
		plain := src.Account
		plain.Security = SecurityNone // a loopback test server without TLS
		s, err = DialIMAPLogin(ctx, plain, login, Updates{})
	}
	return s, err
}

// accountAddresses are the reader's addresses when learning acct: also
// (the reader's others) and the account's own.
func accountAddresses(acct Account, also []string) []string {
	if acct.Email == "" {
		return also
	}
	return append(also[:len(also):len(also)], acct.Email)
}

// learnAccountName is the name a store records an account's lessons under.
func learnAccountName(a Account) string {
	if a.Email != "" {
		return a.Email
	}
	return fmt.Sprintf("%s@%s", a.Username, a.Host)
}

// LearnAccount learns what an account's mail teaches, over s (mail From
// the account's address or one of also is the reader's): its sent
// folders whole, then its inbox back to since (zero: all of it), each from
// where the last run stopped. progress(folder, done, total) after each
// batch. It is what a connected account does in the background, and what
// a new account does before its warnings rely on the history.
func LearnAccount(ctx context.Context, s *IMAPSession, st *correspondents.Store, acct Account, also []string, since time.Time,
	progress func(folder string, done, total int)) ([]FolderLesson, error) {
	folders, err := s.Folders(ctx)
	if err != nil {
		return nil, err
	}
	var order []string
	for _, use := range []string{"sent", "inbox"} {
		for _, f := range folders {
			if f.Use == use {
				order = append(order, f.Name)
			}
		}
	}
	me := accountAddresses(acct, also) // also: Settings → My addresses
	var servIDs []string
	if acct.AuthServID != "" {
		servIDs = []string{acct.AuthServID}
	}
	var out []FolderLesson
	for _, name := range order {
		var p func(done, total int)
		if progress != nil {
			p = func(done, total int) { progress(name, done, total) }
		}
		sinceHere := since
		sent := slices.ContainsFunc(folders, func(f Folder) bool { return f.Name == name && f.Use == "sent" })
		if sent {
			sinceHere = time.Time{} // everyone the reader ever wrote to
		}
		res, err := learnFolder(ctx, s, st, learnAccountName(acct), name, sent, me, servIDs, sinceHere, p)
		out = append(out, res)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
