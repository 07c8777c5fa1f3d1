package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"mailsafe/correspondents"
	"mailsafe/mailview/message"
)

// FilesAccount is the account a store records lessons from files under
// (mailsafe learn on .eml, mbox and Maildir sources).
const FilesAccount = "files"

// LearnOptions are the settings of one `mailsafe learn` run.
type LearnOptions struct {
	Me          []string // the reader's addresses: mail From them is sent mail
	AuthServIDs []string // whose Authentication-Results are trusted; none: the topmost
	Secrets     *Secrets // IMAP passwords, when MAILSAFE_PASSWORD is unset; nil: none
	// Settings are the mail viewer's, where an imap:// source finds its
	// OAuth2 account (and so its stored sign-in); nil: none.
	Settings *Settings
}

// LearnSummary is what one learn run did.
type LearnSummary struct {
	Messages   int // messages read
	Sent       int // of them, sent by the reader
	Received   int // of them, received
	Imported   int // addresses read from address books (.vcf, .csv)
	Senders    int // correspondents the store knows now: addresses mail came from
	Recipients int // ... and addresses the reader wrote to
}

// String is the one-line summary learn prints.
func (s LearnSummary) String() string {
	imported := ""
	if s.Imported > 0 {
		imported = fmt.Sprintf(" and %d addresses from address books", s.Imported)
	}
	return fmt.Sprintf("learned %d messages (%d sent, %d received)%s; the store knows %d senders and %d recipients",
		s.Messages, s.Sent, s.Received, imported, s.Senders, s.Recipients)
}

// Learn records what every source teaches into st: sent mail (From one of
// opts.Me) and received mail. Sources are what scan reads; an imap:// source
// is learned from headers alone, incrementally. A source that cannot be
// read is reported to errOut and the others are still learned; ok is false
// then.
func Learn(ctx context.Context, st *correspondents.Store, sources []string, opts LearnOptions, errOut io.Writer) (sum LearnSummary, ok bool) {
	ok = true
	report := func(e *SourceError) {
		ok = false
		fmt.Fprintf(errOut, "mailsafe: learn: could not read %s: %v\n", e.Source, e.Err)
	}
	var batch []correspondents.Lesson
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := st.Record(FilesAccount, batch, "", correspondents.Mark{})
		batch = batch[:0]
		return err
	}
	count := func(l correspondents.Lesson) {
		if l.Sent {
			sum.Sent++
		} else {
			sum.Received++
		}
	}
	for _, src := range sources {
		var err error
		if IsIMAPURL(src) {
			err = learnIMAPSource(ctx, st, src, opts, &sum)
		} else if isAddressBook(src) {
			err = importAddressBook(st, src, &sum)
		} else {
			err = ReadSource(ctx, src, func(it Item) error {
				sum.Messages++
				if l, taught := correspondents.Teach(message.Parse(it.Raw).Header, opts.Me, opts.AuthServIDs); taught {
					count(l)
					batch = append(batch, l)
				}
				if len(batch) >= learnBatch {
					return flush()
				}
				return nil
			}, report)
		}
		if ferr := flush(); err == nil {
			err = ferr
		}
		if reportSourceEnd(src, err, report) {
			return sum, false
		}
	}
	if h, err := st.History(); err == nil {
		sum.Senders, sum.Recipients = h.Size()
	} else {
		fmt.Fprintf(errOut, "mailsafe: learn: %v\n", err)
		ok = false
	}
	return sum, ok
}

// learnIMAPSource learns one imap:// mailbox from its headers, from where
// the last run stopped.
func learnIMAPSource(ctx context.Context, st *correspondents.Store, raw string, opts LearnOptions, sum *LearnSummary) error {
	src, err := ParseIMAPURL(raw)
	if err != nil {
		return &SourceError{Source: raw, Err: err}
	}
	login, err := loginFor(src.Account, opts.Settings, opts.Secrets)
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	s, err := dialSource(ctx, src, login)
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	defer s.Close()
	me := accountAddresses(src.Account, opts.Me)
	// The account's sent folder (by its special use or usual name) is the
	// reader's own mail whatever its From says.
	folders, err := s.Folders(ctx)
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	sent := slices.ContainsFunc(folders, func(f Folder) bool { return f.Use == "sent" && f.Name == src.Mailbox })
	res, err := learnFolder(ctx, s, st, learnAccountName(src.Account), src.Mailbox, sent, me, opts.AuthServIDs, time.Time{}, nil)
	sum.Messages += res.Fetched
	sum.Sent += res.Sent
	sum.Received += res.Received
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	return nil
}

// isAddressBook tells whether a learn source is an address book: a vCard
// (.vcf) or CSV file.
func isAddressBook(src string) bool {
	l := strings.ToLower(src)
	return strings.HasSuffix(l, ".vcf") || strings.HasSuffix(l, ".vcard") || strings.HasSuffix(l, ".csv")
}

// importAddressBook records the people of an address book file.
func importAddressBook(st *correspondents.Store, path string, sum *LearnSummary) error {
	f, err := os.Open(path)
	if err != nil {
		return &SourceError{Source: path, Err: describeOSError(err)}
	}
	defer f.Close()
	people, err := ReadAddressBook(path, f)
	if err != nil {
		return &SourceError{Source: path, Err: err}
	}
	if err := st.Import(people); err != nil {
		return &SourceError{Source: path, Err: err}
	}
	sum.Imported += len(people)
	return nil
}

// ReadAddressBook reads the people of the address book named name from r:
// CSV when the name ends in .csv, vCards otherwise; at most MaxMessageSize
// bytes of it.
func ReadAddressBook(name string, r io.Reader) ([]message.Address, error) {
	read := correspondents.ReadVCards
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		read = correspondents.ReadCSV
	}
	return read(io.LimitReader(r, MaxMessageSize))
}
