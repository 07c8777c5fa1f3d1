package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sort"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// BodyRef names a message to fetch whole: its UID and its size as the
// server told it (RFC822.SIZE), 0 when not known.
type BodyRef struct {
	UID  uint32
	Size int64
}

// FetchedBody is one message of a batched fetch: its content, or why this
// message alone could not be read (too large, gone from the folder).
type FetchedBody struct {
	UID uint32
	Raw []byte
	Err error
}

// BodiesOptions bound a batched fetch. Zero values take the defaults.
type BodiesOptions struct {
	Limit int64 // the largest message read; larger ones are skipped (MaxMessageSize)
	// Batch and BatchBytes bound one UID FETCH command: at most Batch
	// messages, and no more than BatchBytes of known size unless one
	// message alone is larger (64 messages, 4 MB).
	Batch      int
	BatchBytes int64
	// Window and WindowBytes bound the FETCH commands in flight: at most
	// Window commands, of at most WindowBytes together (except a single
	// command larger on its own): the memory a fetch holds (4, 16 MB).
	Window      int
	WindowBytes int64
}

func (o BodiesOptions) withDefaults() BodiesOptions {
	if o.Limit <= 0 {
		o.Limit = MaxMessageSize
	}
	if o.Batch <= 0 {
		o.Batch = 64
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 4 << 20
	}
	if o.Window <= 0 {
		o.Window = 4
	}
	if o.WindowBytes <= 0 {
		o.WindowBytes = 16 << 20
	}
	return o
}

// unknownSize is what a message of unknown size counts for in a batch.
const unknownSize = 64 << 10

// Sizes lists the UIDs and sizes of up to n of the open folder's messages
// whose UID is above after, in mailbox (UID) order: what Bodies is given.
// Asked by UID, not by position, so that messages removed meanwhile by
// another client move nothing: reading on from the last UID read neither
// skips a message nor asks past the end.
func (s *IMAPSession) Sizes(ctx context.Context, after uint32, n int) ([]BodyRef, error) {
	if n <= 0 {
		return nil, nil
	}
	var above imap.UIDSet
	above.AddRange(imap.UID(after+1), 0) // after+1:*
	var found *imap.SearchData
	err := s.do(ctx, fmt.Sprintf("list the messages after UID %d", after), func() error {
		var err error
		found, err = s.c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{above}}, nil).Wait()
		return err
	})
	if err != nil {
		return nil, err
	}
	var uids []imap.UID
	for _, u := range found.AllUIDs() {
		if uint32(u) > after { // n:* holds the largest UID even when it is below n
			uids = append(uids, u)
		}
	}
	slices.Sort(uids)
	if len(uids) > n {
		uids = uids[:n]
	}
	if len(uids) == 0 {
		return nil, nil
	}
	set := imap.UIDSetNum(uids...)
	var msgs []*imapclient.FetchMessageBuffer
	err = s.do(ctx, fmt.Sprintf("list the sizes of messages %d to %d", uids[0], uids[len(uids)-1]), func() error {
		var err error
		msgs, err = s.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
		return err
	})
	if err != nil {
		return nil, err
	}
	refs := make([]BodyRef, 0, len(msgs))
	for _, m := range msgs {
		if m.UID != 0 {
			refs = append(refs, BodyRef{UID: uint32(m.UID), Size: m.RFC822Size})
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].UID < refs[j].UID })
	return refs, nil
}

// Bodies fetches whole messages (BODY.PEEK[], which leaves \Seen as it is)
// and calls each with every one of refs, in their order, as they arrive. The
// messages go in UID FETCH commands over runs of UIDs, several commands in
// flight at once (the next is sent before the answers of the one before are
// read), within the bounds of opts: the memory held is bounded by the
// window, not by how many messages there are.
//
// A message larger than opts.Limit — by the size in its ref or by what the
// server announces — is never read into memory: each gets it with an Err
// naming its UID and size, as it gets a message gone from the folder, and
// the others go on. A failure of the connection or the server ends the
// fetch with its error, after each had the messages that arrived before; an
// error each returns ends it too, and is returned. When ctx ends, the
// connection is closed (as in do) and the fetch ends with ctx's error.
func (s *IMAPSession) Bodies(ctx context.Context, refs []BodyRef, opts BodiesOptions, each func(FetchedBody) error) error {
	opts = opts.withDefaults()
	stop := context.AfterFunc(ctx, s.closeConn)
	defer stop()
	var inflight []*bodyBatch
	var inflightBytes int64
	rest := refs
	drain := func() { // the commands in flight end before the session serves another
		for _, b := range inflight {
			for range b.out {
			}
		}
	}
	for len(rest) > 0 || len(inflight) > 0 {
		for len(rest) > 0 && len(inflight) < opts.Window {
			n, size := nextBatch(rest, opts)
			if len(inflight) > 0 && inflightBytes+size > opts.WindowBytes {
				break
			}
			b := s.startBatch(rest[:n], opts.Limit)
			b.size = size
			rest = rest[n:]
			inflight = append(inflight, b)
			inflightBytes += size
		}
		b := inflight[0]
		if err := b.yield(each, opts.Limit); err != nil {
			drain()
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", b.step(), ctx.Err())
			}
			return err
		}
		inflight = inflight[1:]
		inflightBytes -= b.size
	}
	return nil
}

// nextBatch is how many of refs go in the next command, and their size.
func nextBatch(refs []BodyRef, opts BodiesOptions) (n int, size int64) {
	for n < len(refs) && n < opts.Batch {
		sz := refs[n].Size
		if sz <= 0 {
			sz = unknownSize
		}
		if sz > opts.Limit {
			sz = 0 // not fetched
		}
		if n > 0 && size+sz > opts.BatchBytes {
			break
		}
		size += sz
		n++
	}
	return n, size
}

// bodyBatch is one UID FETCH command of Bodies and the reader of its answers.
type bodyBatch struct {
	refs []BodyRef        // in mailbox order, those too large included
	size int64            // their known size, as the window counts it
	out  chan FetchedBody // each message as it arrives, then closed
	err  error            // how the command ended: set before out is closed
	cmd  *imapclient.FetchCommand
}

// step names the batch in errors.
func (b *bodyBatch) step() string {
	first, last := b.refs[0].UID, b.refs[len(b.refs)-1].UID
	if first == last {
		return fmt.Sprintf("fetch message %d", first)
	}
	return fmt.Sprintf("fetch messages %d to %d", first, last)
}

// startBatch sends the command for refs (those not known to be too large)
// and starts reading its answers.
func (s *IMAPSession) startBatch(refs []BodyRef, limit int64) *bodyBatch {
	b := &bodyBatch{refs: refs, out: make(chan FetchedBody, len(refs))}
	var set imap.UIDSet
	for i := 0; i < len(refs); {
		if refs[i].Size > limit {
			i++
			continue
		}
		j := i + 1
		for j < len(refs) && refs[j].UID == refs[j-1].UID+1 && refs[j].Size <= limit {
			j++
		}
		set.AddRange(imap.UID(refs[i].UID), imap.UID(refs[j-1].UID))
		i = j
	}
	if len(set) == 0 {
		close(b.out)
		return b
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	if s.closed {
		b.err = s.classify(b.step(), net.ErrClosed)
		close(b.out)
		return b
	}
	b.cmd = s.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	go b.read(s, limit)
	return b
}

// read takes the command's answers off the connection as they come, so
// that the connection's reader is never held up by a later batch.
func (b *bodyBatch) read(s *IMAPSession, limit int64) {
	defer close(b.out)
	for msg := b.cmd.Next(); msg != nil; msg = b.cmd.Next() {
		var body FetchedBody
		got := false
		for item := msg.Next(); item != nil; item = msg.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				body.UID = uint32(it.UID)
			case imapclient.FetchItemDataBodySection:
				got = true
				raw, skip, err := readLiteral(it.Literal, body.UID, limit)
				if err != nil {
					// The connection failed under the literal. Nothing
					// more is read of the command: go-imap's reader may
					// still be running, and a second read of the literal
					// would race it. Closing ends that reader.
					s.closeConn()
					b.err = s.classify(b.step(), err)
					return
				}
				body.Raw, body.Err = raw, skip
			}
		}
		if body.UID == 0 {
			continue // not one of ours
		}
		if !got {
			body.Err = fmt.Errorf("message %d: the server sent no content", body.UID)
		}
		b.out <- body
	}
	if err := b.cmd.Close(); err != nil {
		var imapErr *imap.Error
		if errors.As(err, &imapErr) && imapErr.Type == imap.StatusResponseTypeNo {
			// Some messages could not be fetched (expunged meanwhile):
			// the others arrived, and the missing ones say so.
			return
		}
		b.err = s.classify(b.step(), err)
	}
}

// readLiteral reads one message's content: skip says why it was not read
// (too large, announced so before any byte was kept); err is a failure of
// the connection.
func readLiteral(lit imap.LiteralReader, uid uint32, limit int64) (raw []byte, skip, err error) {
	if lit == nil {
		return nil, fmt.Errorf("message %d: the server sent no content", uid), nil
	}
	size := lit.Size()
	if size > limit {
		if _, err := io.Copy(io.Discard, lit); err != nil {
			return nil, nil, err
		}
		return nil, tooLarge(uid, size, limit), nil
	}
	raw = make([]byte, size)
	if _, err := io.ReadFull(lit, raw); err != nil {
		return nil, nil, err
	}
	return raw, nil, nil
}

// tooLarge is the error of a message mailsafe does not read.
func tooLarge(uid uint32, size, limit int64) error {
	return fmt.Errorf("message %d is %s, larger than the %s mailsafe reads", uid, HumanSize(size), HumanSize(limit))
}

// yield calls each with the batch's messages in its refs' order.
func (b *bodyBatch) yield(each func(FetchedBody) error, limit int64) error {
	early := map[uint32]FetchedBody{} // arrived before a message ahead of them
	closed := false
	for _, r := range b.refs {
		if r.Size > limit {
			if err := each(FetchedBody{UID: r.UID, Err: tooLarge(r.UID, r.Size, limit)}); err != nil {
				return err
			}
			continue
		}
		body, ok := early[r.UID]
		for !ok && !closed {
			got, more := <-b.out
			switch {
			case !more:
				closed = true
			case got.UID == r.UID:
				body, ok = got, true
			default:
				early[got.UID] = got
			}
		}
		delete(early, r.UID)
		if !ok {
			if b.err != nil {
				return b.err
			}
			body = FetchedBody{UID: r.UID, Err: fmt.Errorf("message %d is no longer in the folder", r.UID)}
		}
		if err := each(body); err != nil {
			return err
		}
	}
	if !closed {
		for range b.out { // answers for UIDs not asked for
		}
	}
	return b.err
}
