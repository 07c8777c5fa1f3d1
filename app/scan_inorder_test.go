package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// variedMail is a message whose analysis cost depends on i: most are a few
// lines, some carry an HTML body of a few hundred links, so on several
// workers the small ones after a large one finish first.
func variedMail(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Sender %d <s%d@example.org>\nTo: me@example.com\nSubject: message %d\nMessage-ID: <m%d@example.org>\n", i, i, i, i)
	if i%5 != 0 {
		fmt.Fprintf(&b, "\nShort body %d.\n", i)
		return b.String()
	}
	b.WriteString("MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html><body><table>")
	for k := range 60 + (i*37)%400 {
		fmt.Fprintf(&b, `<tr><td><a href="https://shop%d.example/p/%d?u=%d">Offer %d</a><img src="https://cdn.example/%d.png"></td></tr>`+"\n", k%7, i, k, k, k)
	}
	b.WriteString("</table></body></html>\n")
	return b.String()
}

// scanIDs returns the "source" of every JSON report in out, in order.
func scanIDs(t *testing.T, out []byte) []string {
	t.Helper()
	var ids []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var r struct {
			Source string `json:"source"`
		}
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("report %d: %v", len(ids)+1, err)
		}
		ids = append(ids, r.Source)
	}
	return ids
}

// Analysed on several workers, an mbox's reports come out in the mbox's
// order and are the same, byte for byte, as one worker's.
func TestScanKeepsMboxOrderOnWorkers(t *testing.T) {
	const n = 120
	var mbox strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&mbox, "From s%d@example.org Fri Nov 13 09:30:00 2026\n%s\n", i, variedMail(i))
	}
	path := filepath.Join(t.TempDir(), "varied.mbox")
	if err := os.WriteFile(path, []byte(mbox.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(workers int) []byte {
		var out, errOut bytes.Buffer
		if !Scan(context.Background(), []string{path}, ScanOptions{JSON: true, Lang: "en", Workers: workers}, &out, &errOut) {
			t.Fatalf("scan on %d workers failed: %s", workers, errOut.String())
		}
		return out.Bytes()
	}
	parallel := run(4)
	ids := scanIDs(t, parallel)
	if len(ids) != n {
		t.Fatalf("%d reports, want %d", len(ids), n)
	}
	for i, id := range ids {
		if want := fmt.Sprintf("%s#%d", path, i+1); id != want {
			t.Fatalf("report %d is %s, want %s", i+1, id, want)
		}
	}
	if !bytes.Equal(parallel, run(1)) {
		t.Error("four workers wrote other reports than one")
	}
}

// A message of a Maildir that cannot be read (a broken link) is reported in
// its place: after the report of the message before it and before the next,
// on a terminal where both streams meet.
func TestScanReportsUnreadableInPlace(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "cur"), 0o755); err != nil {
		t.Fatal(err)
	}
	const n, broken = 40, 23
	for i := 1; i <= n; i++ {
		name := filepath.Join(dir, "cur", fmt.Sprintf("17000%05d.M%dP1.host:2,S", i, i))
		var err error
		if i == broken {
			err = os.Symlink(filepath.Join(dir, "gone"), name)
		} else {
			err = os.WriteFile(name, []byte(variedMail(i)), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var term syncBuffer // stdout and stderr on one terminal
	if Scan(context.Background(), []string{dir}, ScanOptions{Lang: "en", Workers: 4}, &term, &term) {
		t.Error("a scan with an unreadable message reported a clean run")
	}
	text := term.String()
	before := strings.Index(text, fmt.Sprintf("M%dP1.host", broken-1))
	skip := strings.Index(text, "mailsafe: could not read: "+filepath.Join(dir, "cur", fmt.Sprintf("17000%05d.M%dP1.host:2,S", broken, broken)))
	after := strings.Index(text, fmt.Sprintf("M%dP1.host", broken+1))
	if before < 0 || skip < 0 || after < 0 || !(before < skip && skip < after) {
		t.Errorf("the unreadable message is not reported between its neighbours (at %d, %d, %d):\n%s", before, skip, after, text)
	}
	if got := strings.Count(text, "Subject:"); got != n-1 {
		t.Errorf("%d reports, want %d", got, n-1)
	}
}

// syncBuffer is a bytes.Buffer two goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cancelAfter cancels the run once it has been written to n times.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
	bytes.Buffer
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.Buffer.Write(p)
}

// A scan interrupted in the middle of a source stops there: it says so
// once, naming the source, reads no further source, writes no report
// after the interruption, and leaves no goroutine running.
func TestScanInterruptedMidSource(t *testing.T) {
	var mbox strings.Builder
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&mbox, "From s%d@example.org Fri Nov 13 09:30:00 2026\n%s\n", i, variedMail(i))
	}
	path := filepath.Join(t.TempDir(), "long.mbox")
	if err := os.WriteFile(path, []byte(mbox.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelAfter{n: 3, cancel: cancel}
	var errOut bytes.Buffer
	if Scan(ctx, []string{path, "testdata/sample.mbox"}, ScanOptions{JSON: true, Lang: "en", Workers: 3}, out, &errOut) {
		t.Error("an interrupted scan reported a clean run")
	}
	if got := strings.Count(errOut.String(), "interrupted"); got != 1 || !strings.Contains(errOut.String(), path) {
		t.Errorf("stderr %q: want one interruption naming %s", errOut.String(), path)
	}
	if ids := scanIDs(t, out.Bytes()); len(ids) != 3 {
		t.Errorf("%d reports written, want the 3 before the interruption", len(ids))
	}
	waitGoroutines(t, base)
}

// A message slow to analyse does not stop the other workers: while it
// runs, they go on with the many after it (their reports wait for its own,
// in order). With two workers, at least 30 of those after it are analysed
// before it ends. (That the window also bounds what is put is
// TestInOrderBoundsInFlight's.)
func TestScanWindowKeepsWorkersBusyBehindASlowMessage(t *testing.T) {
	const workers, want = 2, 30
	release := make(chan struct{})
	var behind atomic.Int64 // messages after the slow one analysed
	p := startInOrder(context.Background(), inOrderBounds[int]{Workers: workers, Window: scanBounds(workers).Window}, func(_ context.Context, i int) int {
		if i == 0 {
			<-release
		} else {
			behind.Add(1)
		}
		return i
	}, func(int) error { return nil })
	put := make(chan int)
	go func() {
		n := 0
		for i := range 200 {
			if p.Put(i) != nil {
				break
			}
			n++
		}
		put <- n
	}()
	// A narrow window holds the workers below want for good: wait a while,
	// not for ever.
	for deadline := time.Now().Add(10 * time.Second); behind.Load() < want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	d := behind.Load()
	close(release)
	if n := <-put; n != 200 {
		t.Fatalf("%d of 200 put", n)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if d < want {
		t.Errorf("%d messages analysed behind the slow one, want at least %d", d, want)
	}
}
