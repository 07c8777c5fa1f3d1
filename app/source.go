// Package app is mailsafe's core without widgets: where messages come from,
// what is done with them, and the settings and secrets that go with that.
package app

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MaxMessageSize is the largest message read from a file. A message with a
// 50 MB attachment fits; anything past this is refused with a clear error
// rather than exhausting memory.
const MaxMessageSize = 256 << 20

// Item is one message from a source.
type Item struct {
	ID string // "path", "path#N" for the Nth message of an mbox (from 1)
	// Raw is the message, the item's own: its consumer may change it (scan
	// makes a CRLF message's line ends LF in place as it reads it).
	Raw []byte
	// AuthServIDs are the servers whose stamps the mail's account trusts
	// (Settings, for an IMAP source); nil: none known.
	AuthServIDs []string
}

// SourceError is a source, or one message in it, that could not be read.
type SourceError struct {
	Source string // the path or URL the user gave, or the message's ID
	Err    error
}

func (e *SourceError) Error() string { return e.Source + ": " + e.Err.Error() }
func (e *SourceError) Unwrap() error { return e.Err }

// reportSourceEnd passes how reading the source src ended, when not
// well, to report as a SourceError naming the source; interrupted is
// true when ctx was cancelled (a run reads no further sources then).
func reportSourceEnd(src string, err error, report func(*SourceError)) (interrupted bool) {
	var se *SourceError
	switch {
	case err == nil:
	case errors.As(err, &se):
		report(se)
	case errors.Is(err, context.Canceled):
		report(&SourceError{Source: src, Err: errors.New("interrupted")})
		return true
	default:
		report(&SourceError{Source: src, Err: err})
	}
	return false
}

// ReadSource reads every message of a source — a .eml file, an mbox file or a
// Maildir directory — and calls each for it, in order. It stops at the first
// error each returns. A message that cannot be read is passed to skip and
// reading goes on; an error opening the source itself is returned.
func ReadSource(ctx context.Context, path string, each func(Item) error, skip func(*SourceError)) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &SourceError{Source: path, Err: describeOSError(err)}
	}
	if fi.IsDir() {
		return readMaildir(ctx, path, each, skip)
	}
	f, err := os.Open(path)
	if err != nil {
		return &SourceError{Source: path, Err: describeOSError(err)}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64*1024)
	head, _ := br.Peek(5)
	if string(head) == "From " {
		return readMbox(ctx, path, br, MaxMessageSize, each, skip)
	}
	raw, err := readCapped(br, fi.Size())
	if err != nil {
		return &SourceError{Source: path, Err: err}
	}
	return each(Item{ID: path, Raw: raw})
}

// readCapped reads all of r, refusing more than MaxMessageSize bytes.
func readCapped(r io.Reader, sizeHint int64) ([]byte, error) {
	if sizeHint > MaxMessageSize {
		return nil, fmt.Errorf("message is %d MB, larger than the %d MB mailsafe reads", sizeHint>>20, MaxMessageSize>>20)
	}
	var buf bytes.Buffer
	if sizeHint > 0 {
		// ReadFrom asks for MinRead bytes of room before it sees the end:
		// without them the whole message would be copied once more.
		buf.Grow(int(sizeHint) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(r, MaxMessageSize+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", describeOSError(err))
	}
	if n > MaxMessageSize {
		return nil, fmt.Errorf("message is larger than the %d MB mailsafe reads", MaxMessageSize>>20)
	}
	return buf.Bytes(), nil
}

// describeOSError turns the common file errors into plain words.
func describeOSError(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such file or directory")
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission denied (check the file's owner and mode)")
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readMbox splits an mbox file at its "From " separator lines. Lines quoted as
// ">From " (mboxrd and mboxo) are unquoted by one level. It holds only the
// message being read, at most limit bytes of it (MaxMessageSize): a message
// past that, even one endless line, is read through and reported as too big.
func readMbox(ctx context.Context, path string, br *bufio.Reader, limit int, each func(Item) error, skip func(*SourceError)) error {
	var msg bytes.Buffer
	n := 0
	tooBig := false
	emit := func() error {
		if n == 0 {
			return nil
		}
		id := fmt.Sprintf("%s#%d", path, n)
		if tooBig {
			skip(&SourceError{Source: id, Err: fmt.Errorf("message is larger than the %d MB mailsafe reads", limit>>20)})
			return nil
		}
		// The blank line before the next separator, CRLF in a CRLF mbox.
		raw := msg.Bytes()
		if r, ok := bytes.CutSuffix(raw, []byte("\r\n")); ok {
			raw = r
		} else {
			raw = bytes.TrimSuffix(raw, []byte("\n"))
		}
		return each(Item{ID: id, Raw: append([]byte(nil), raw...)})
	}
	prevBlank := true
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A very long line: gather it whole, but no more of it than
			// the message may hold (one byte past says it is too big).
			room := max(limit-msg.Len(), 0) + 1
			long := append([]byte(nil), line[:min(len(line), room)]...)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				long = append(long, line[:min(len(line), room-len(long))]...)
			}
			line = long
		}
		if len(line) > 0 {
			if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
				if e := emit(); e != nil {
					return e
				}
				n++
				if msg.Cap() > 4<<20 {
					msg = bytes.Buffer{} // a big message's room is not kept for the rest of the source
				} else {
					msg.Reset()
				}
				tooBig = false
			} else if n > 0 {
				if isQuotedFrom(line) {
					line = line[1:]
				}
				if msg.Len()+len(line) > limit {
					tooBig = true
				} else {
					msg.Write(line)
				}
			}
			prevBlank = isBlankLine(line)
		}
		if err == io.EOF {
			return emit()
		}
		if err != nil {
			return &SourceError{Source: path, Err: fmt.Errorf("read: %w", describeOSError(err))}
		}
	}
}

// isBlankLine tells whether line holds nothing but its line end (CR and
// LF bytes only).
func isBlankLine(line []byte) bool {
	for _, c := range line {
		if c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func isQuotedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}

// readMaildir reads the messages in cur/ and new/ of a Maildir, oldest
// delivery first (Maildir file names start with the delivery time).
func readMaildir(ctx context.Context, dir string, each func(Item) error, skip func(*SourceError)) error {
	var files []string
	found := false
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return &SourceError{Source: dir, Err: fmt.Errorf("read %s/: %w", sub, describeOSError(err))}
		}
		found = true
		for _, e := range entries {
			// Regular files and links to them; a broken link is reported when read.
			if (e.Type().IsRegular() || e.Type()&os.ModeSymlink != 0) && !strings.HasPrefix(e.Name(), ".") {
				files = append(files, filepath.Join(dir, sub, e.Name()))
			}
		}
	}
	if !found {
		return &SourceError{Source: dir, Err: errors.New("a directory, but not a Maildir (it has neither cur/ nor new/)")}
	}
	sort.Slice(files, func(i, j int) bool { return filepath.Base(files[i]) < filepath.Base(files[j]) })
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := readFileCapped(path)
		if err != nil {
			skip(&SourceError{Source: path, Err: err})
			continue
		}
		if err := each(Item{ID: path, Raw: raw}); err != nil {
			return err
		}
	}
	return nil
}

func readFileCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, describeOSError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, describeOSError(err)
	}
	return readCapped(f, fi.Size())
}
