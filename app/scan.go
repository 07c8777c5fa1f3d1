package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"

	"mailsafe/assets"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// ScanOptions are the settings of one `mailsafe scan` run.
type ScanOptions struct {
	JSON     bool     // one JSON object per message per line instead of the readable report
	Me       []string // the reader's own addresses
	Contacts []message.Address
	// AuthServIDs are the authserv-ids whose Authentication-Results are
	// trusted (scan --authserv-id); none: only the topmost.
	AuthServIDs []string
	Lang        string // "en" or "ja"
	// History is the correspondents learned into the store (scan --store);
	// nil: none.
	History *check.History
	Secrets *Secrets // where IMAP passwords are looked up when MAILSAFE_PASSWORD is unset; nil: not at all
	// Settings are the mail viewer's, where an imap:// source finds its
	// OAuth2 account (and so its stored sign-in) and, without AuthServIDs,
	// the account's trusted authserv-id; nil: none.
	Settings *Settings
	// Lookup, when set, asks the registries about the sender and link
	// domains (scan --lookup); nil: nothing is looked up.
	Lookup *DomainLookup
	// Resolver answers DKIM key queries, only when Lookup is set (the
	// reader's consent to network lookups); nil: the system's resolver.
	Resolver TXTResolver
	// Workers is how many messages are analysed at once; 0: one per core
	// (GOMAXPROCS).
	Workers int
	// LimitHeap, for a scan that owns its process (the command line), has
	// the collector keep pace while a large message is in hand, holding the
	// heap near what it needs (scanheap.go).
	LimitHeap bool
}

// Scan analyses every message of every source and writes one report per
// message to out, in the order read. Problems reading a source are written to
// errOut, naming the source and the reason, in their place among the reports,
// and the other sources are still read. It returns false when any source or
// message could not be read.
//
// The messages are analysed on every core (opts.Workers) while the sources
// are read, with a bounded window of them in flight; one writer writes the
// reports in input order.
func Scan(ctx context.Context, sources []string, opts ScanOptions, out, errOut io.Writer) bool {
	cat := assets.NewCatalog(opts.Lang)
	rc := ReaderConfig{Me: opts.Me, Contacts: opts.Contacts, AuthServIDs: opts.AuthServIDs, History: opts.History,
		Lookups: opts.Lookup != nil, Resolver: opts.Resolver}
	if rc.Lookups {
		rc.Resolver = scanResolver{ctx: ctx, r: rc.Resolver}
	}
	actx := NewReader(rc)
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	ok := true
	writeSkip := func(e *SourceError) {
		ok = false
		bw.Flush()
		fmt.Fprintf(errOut, "mailsafe: %s: %s: %v\n", cat.T("could not read"), e.Source, e.Err)
	}
	var heap *scanHeap
	if opts.LimitHeap {
		heap = newScanHeap()
		defer heap.end()
	}
	analyse := func(ctx context.Context, it Item) scanned {
		defer heap.release(len(it.Raw)) // held since it was read (each)
		v := mailview.AnalyzeReportOwned(it.Raw, readerForItem(actx, it))
		rec := NewRecord(it.ID, v, cat.Lang())
		if opts.Lookup != nil {
			opts.Lookup.AddLookups(ctx, &rec, v, cat.Lang())
		}
		// The report is written out here, by the worker: what waits for its
		// turn is its bytes, not a record whose strings share the message's
		// (a body's text is the raw message itself when it needs no
		// conversion), which would keep every waiting message whole.
		var report bytes.Buffer
		if opts.JSON {
			enc := json.NewEncoder(&report)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(rec); err != nil {
				return scanned{err: fmt.Errorf("write report: %w", err)}
			}
		} else {
			writeTextReport(&report, rec, cat)
		}
		return scanned{report: report.Bytes()}
	}
	write := func(s scanned) error {
		if s.skip != nil {
			writeSkip(s.skip)
			return nil
		}
		if s.err != nil {
			return s.err
		}
		if _, err := bw.Write(s.report); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := startInOrder(ctx, scanBounds(workers), analyse, write)
	// A report that cannot be queued is lost only when the run has ended,
	// which the end of the source says below.
	report := func(e *SourceError) { _ = p.Done(scanned{skip: e}) }
	each := func(it Item) error {
		heap.hold(len(it.Raw))
		err := p.Put(it)
		if err != nil {
			heap.release(len(it.Raw)) // not taken: never analysed
		}
		return err
	}
	last := ""
	for _, src := range sources {
		last = src
		var err error
		if IsIMAPURL(src) {
			err = scanIMAP(ctx, src, opts.Settings, opts.Secrets, each, report)
		} else {
			err = ReadSource(ctx, src, each, report)
		}
		if reportSourceEnd(src, err, report) || p.err() != nil {
			break
		}
	}
	// The writer has stopped once Close returns: what ended the run early
	// is written here, after every report written before it.
	if err := p.Close(); err != nil {
		if ctx.Err() != nil {
			err = errors.New("interrupted")
		}
		writeSkip(&SourceError{Source: last, Err: err})
	}
	return ok
}

// scanBounds sizes scan's pipeline (scanAhead, scanBytes).
func scanBounds(workers int) inOrderBounds[Item] {
	return inOrderBounds[Item]{Workers: workers, Window: scanAhead * workers, Bytes: scanBytes,
		Size: func(it Item) int { return len(it.Raw) }}
}

// scanned is what one item of a scan came to: its report as written, or
// why it could not be read or reported.
type scanned struct {
	report []byte
	skip   *SourceError
	err    error
}

// scanResolver asks r (nil: the system's resolver) for DKIM keys, giving up
// as soon as the scan is interrupted.
type scanResolver struct {
	ctx context.Context
	r   TXTResolver
}

func (s scanResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	r := s.r
	if r == nil {
		r = net.DefaultResolver
	}
	ctx, cancel := joinCancel(ctx, s.ctx)
	defer cancel()
	return r.LookupTXT(ctx, name)
}

// scanIMAP reads an IMAP source for scan.
func scanIMAP(ctx context.Context, raw string, settings *Settings, secrets *Secrets, each func(Item) error, skip func(*SourceError)) error {
	src, err := ParseIMAPURL(raw)
	if err != nil {
		return &SourceError{Source: raw, Err: err}
	}
	login, err := loginFor(src.Account, settings, secrets)
	if err != nil {
		return &SourceError{Source: src.URL, Err: err}
	}
	// Without --authserv-id, the account's own provider as Settings knows it.
	return readIMAP(ctx, src, login, withStamps(each, storedAuthServIDs(src, settings)), skip)
}

// scanAhead is how many messages per worker a scan takes in while the
// oldest one not written is still analysed. Reports leave in input order,
// so a slow message holds its slot and those of every message after it:
// with 2 a worker (the window before), each slow message left the other
// core idle once it had done 3 more. Analysis costs are skewed (p50
// 0.8 ms, p90 5 to 12 ms on the realistic IMAP mail of
// BenchmarkRatioIMAPScan): on the costs measured for those 3,000 messages
// (twice, on a loaded machine), a simulated 2-worker run takes longer than
// the ideal by 41-46% with a window of 4, 13-23% with 8, 8-19% with 16,
// 17% with 32 and 1-13% with 64. A message waiting for a worker is held
// raw, so this also bounds the memory: 16 messages a worker at most, and
// at most scanBytes of them (an item larger runs alone).
const (
	scanAhead = 16
	scanBytes = 32 << 20
)

// IsIMAPURL tells whether a scan source names an IMAP mailbox rather than a file.
func IsIMAPURL(s string) bool {
	return strings.HasPrefix(s, "imap://") || strings.HasPrefix(s, "imaps://")
}

// writeTextReport writes the readable form of one record.
func writeTextReport(w io.Writer, r Record, cat assets.Catalog) {
	fmt.Fprintf(w, "%s\n", r.Source)
	field := func(label, value string) {
		l := cat.T(label) + ":"
		fmt.Fprintf(w, "  %s%s %s\n", l, strings.Repeat(" ", max(12-displayWidth(l), 0)), value)
	}
	subject := r.Subject
	if subject == "" {
		subject = cat.T("(no subject)")
	}
	field("Subject", subject)
	field("From", r.From)
	if r.Date != "" {
		field("Date", r.Date)
	}
	if r.MessageID != "" {
		field("Message-ID", r.MessageID)
	}
	if len(r.Attachments) > 0 {
		fmt.Fprintf(w, "  %s (%d):\n", cat.T("Attachments"), len(r.Attachments))
		for _, a := range r.Attachments {
			name := a.Filename
			if name == "" {
				name = "-"
			}
			extra := ""
			if a.Inline {
				extra = ", " + cat.T("inline")
			}
			fmt.Fprintf(w, "    %s  (%s, %s%s)\n", name, a.ContentType, HumanSize(a.Size), extra)
		}
	}
	if len(r.Findings) == 0 && len(r.Forwarded) == 0 {
		field("Findings", cat.T("none"))
	} else if len(r.Findings) > 0 {
		fmt.Fprintf(w, "  %s (%d):\n", cat.T("Findings"), len(r.Findings))
		for _, f := range r.Findings {
			fmt.Fprintf(w, "    [%s] %s: %s\n", f.Severity, f.ID, f.Title)
			if f.Detail != "" {
				fmt.Fprintf(w, "        %s\n", f.Detail)
			}
			for _, e := range f.Evidence {
				fmt.Fprintf(w, "        > %s\n", e)
			}
		}
	}
	writeForwarded(w, r.Forwarded, cat, "  ")
	if len(r.Trace.Hops) > 0 {
		fmt.Fprintf(w, "  %s:", cat.T("Path"))
		if r.Trace.OriginIP != "" {
			fmt.Fprintf(w, " %s %s", cat.T("origin"), r.Trace.OriginIP)
		}
		fmt.Fprintln(w)
		for _, h := range r.Trace.Hops {
			fmt.Fprintf(w, "    %s %s [%s] → %s\n", h.Time, h.From, h.IP, h.By)
		}
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(w, "  %s:\n", cat.T("Notes on the message's form"))
		for _, p := range r.Problems {
			where := ""
			if p.Part != "" {
				where = "part " + p.Part + ": "
			}
			fmt.Fprintf(w, "    %s%s\n", where, p.Detail)
		}
	}
	fmt.Fprintln(w)
}

// displayWidth counts terminal columns: East Asian wide characters take two.
// writeForwarded writes what each forwarded message holds under its own
// heading, indented by indent, a forward inside a forward beneath it.
func writeForwarded(w io.Writer, forwarded []Record, cat assets.Catalog, indent string) {
	for _, fr := range forwarded {
		heading := strings.ReplaceAll(cat.T("Forwarded message from {{.From}}"), "{{.From}}", fr.From)
		fmt.Fprintf(w, "%s%s (%s %s):\n", indent, heading, cat.T("part"), fr.Part)
		for _, f := range fr.Findings {
			fmt.Fprintf(w, "%s  [%s] %s: %s\n", indent, f.Severity, f.ID, f.Title)
			for _, e := range f.Evidence {
				fmt.Fprintf(w, "%s      > %s\n", indent, e)
			}
		}
		if len(fr.Findings) == 0 {
			fmt.Fprintf(w, "%s  %s\n", indent, cat.T("No findings in this forwarded message."))
		}
		writeForwarded(w, fr.Forwarded, cat, indent+"  ")
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6):
			n += 2
		default:
			n++
		}
	}
	return n
}

// HumanSize formats a byte count the way file managers do: 512 B, 1.0 KB, 3.4 MB.
func HumanSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	default:
		return fmt.Sprintf("%.1f GB", float64(n)/(1024*1024*1024))
	}
}

// ReadContacts reads a contacts file: one "Name <addr>" (or a bare address)
// per line; blank lines and lines starting with "#" are skipped.
func ReadContacts(path string) ([]message.Address, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &SourceError{Source: path, Err: describeOSError(err)}
	}
	var out []message.Address
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		addrs := message.ParseAddressList(line)
		if len(addrs) == 0 || !strings.Contains(addrs[0].Addr, "@") {
			return nil, &SourceError{Source: path, Err: fmt.Errorf("line %d: %q is not \"Name <address>\"", i+1, line)}
		}
		out = append(out, addrs...)
	}
	return out, nil
}
