//go:build unix

package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mailsafe/internal/hostilemail"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// heapSampler records the peak of the heap (live and not yet collected
// objects, runtime/metrics) every millisecond until stopped.
type heapSampler struct {
	stop chan struct{}
	done chan uint64
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan uint64)}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				h.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Peak returns the highest heap seen, and stops sampling.
func (h *heapSampler) Peak() uint64 {
	close(h.stop)
	return <-h.done
}

// streamMbox writes an mbox of about size bytes to w, message by message,
// never holding more than one: each message a short HTML part and an
// attachment of about 200 KB. It returns how many messages it wrote.
func streamMbox(w io.Writer, size int64) (int, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	block := make([]byte, 150<<10)
	for i := range block {
		block[i] = byte(rng.Uint32())
	}
	att := hostilemail.Base64Lines(block, "\n")
	bw := bufio.NewWriterSize(w, 64<<10)
	var written int64
	n := 0
	for written < size {
		n++
		m := fmt.Sprintf("From s%d@example.org Fri Nov 13 09:30:00 2026\nFrom: Shop <s%d@shop.example>\nTo: me@example.com\n"+
			"Subject: invoice %d\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html; charset=utf-8\n\n"+
			"<p>Your invoice %d is attached. <a href=\"https://shop.example/i/%d\">View it online</a>.</p><img src=\"https://t.shop.example/o/%d.gif\">\n"+
			"--b\nContent-Type: application/octet-stream; name=invoice-%d.bin\nContent-Transfer-Encoding: base64\n\n", n, n, n, n, n, n, n)
		k, err := io.WriteString(bw, m)
		written += int64(k)
		if err == nil {
			k, err = io.WriteString(bw, att)
			written += int64(k)
		}
		if err == nil {
			k, err = io.WriteString(bw, "--b--\n\n")
			written += int64(k)
		}
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// scanStream scans an mbox of size bytes that is never on disk: it is
// written into a named pipe while scan reads it. It returns the number of
// messages written, the reports and the peak heap during the scan.
func scanStream(tb testing.TB, size int64) (int, int, uint64) {
	tb.Helper()
	fifo := filepath.Join(tb.TempDir(), "stream.mbox")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		tb.Skipf("no named pipe here: %v", err)
	}
	var wg sync.WaitGroup
	var sent int
	var sendErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			sendErr = err
			return
		}
		defer f.Close()
		sent, sendErr = streamMbox(f, size)
	}()
	var reports countingWriter
	var errOut bytes.Buffer
	heap := sampleHeap()
	ok := Scan(context.Background(), []string{fifo}, ScanOptions{JSON: true, Lang: "en"}, &reports, &errOut)
	peak := heap.Peak()
	wg.Wait()
	if !ok || sendErr != nil {
		tb.Fatalf("scan ok=%v, writing the stream: %v; stderr: %s", ok, sendErr, errOut.String())
	}
	return sent, reports.lines, peak
}

// countingWriter counts the JSON reports (one a line) written to it.
type countingWriter struct{ lines int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte("\n"))
	return len(p), nil
}

// An mbox streams through scan: the heap stays a small fraction of the
// source however long the source is (a 2 GB mbox is scanned in the memory
// of a few messages; BenchmarkScanStreamedMbox measures one).
func TestScanStreamsALargeMbox(t *testing.T) {
	if raceDetector {
		t.Skip("a memory bound; the race pass's heap figures mean nothing (and it would take 20 s)")
	}
	const size = 96 << 20
	sent, got, peak := scanStream(t, size)
	if got != sent {
		t.Fatalf("%d reports for %d messages", got, sent)
	}
	t.Logf("%d messages, %d MB streamed, peak heap %.1f MB", sent, size>>20, float64(peak)/(1<<20))
	if peak > size/4 {
		t.Errorf("peak heap %.1f MB while scanning a %d MB stream: the source is held, not streamed", float64(peak)/(1<<20), size>>20)
	}
}

// BenchmarkScanStreamedMbox scans a generated mbox of MAILSAFE_BENCH_MBOX_MB
// megabytes (default 2048) through a named pipe and reports the peak heap.
// Not part of make bench (it takes a minute); run it by name.
func BenchmarkScanStreamedMbox(b *testing.B) {
	mb := int64(2048)
	if s := os.Getenv("MAILSAFE_BENCH_MBOX_MB"); s != "" {
		fmt.Sscan(s, &mb)
	}
	for b.Loop() {
		sent, got, peak := scanStream(b, mb<<20)
		if got != sent {
			b.Fatalf("%d reports for %d messages", got, sent)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(mb), "stream-MB")
		b.ReportMetric(float64(sent), "msgs")
	}
}

// endless is a reader of n bytes of one letter and no line end.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	e.n -= k
	return int(k), nil
}

// A message that is one endless line is not gathered whole: it is read
// through holding no more than the limit, reported as too big, and the
// next message is read.
func TestMboxEndlessLineIsCapped(t *testing.T) {
	const limit = 1 << 20
	src := io.MultiReader(strings.NewReader("From a@example.org Fri Nov 13 09:30:00 2026\nSubject: endless\n\n"),
		&endless{n: 64 << 20}, strings.NewReader("\n\nFrom b@example.org Fri Nov 13 09:30:00 2026\nSubject: fine\n\nhello\n"))
	var items []Item
	var skipped []*SourceError
	heap := sampleHeap()
	err := readMbox(context.Background(), "endless.mbox", bufio.NewReaderSize(src, 64<<10), limit,
		func(it Item) error { items = append(items, it); return nil },
		func(e *SourceError) { skipped = append(skipped, e) })
	peak := heap.Peak()
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[0].Source != "endless.mbox#1" || !strings.Contains(skipped[0].Err.Error(), "larger than") {
		t.Errorf("skipped %v, want endless.mbox#1 as too big", skipped)
	}
	if len(items) != 1 || items[0].ID != "endless.mbox#2" || !strings.Contains(string(items[0].Raw), "hello") {
		t.Errorf("items %v, want the message after it", items)
	}
	if peak > 16<<20 {
		t.Errorf("peak heap %.1f MB reading a 64 MB line with a 1 MB limit", float64(peak)/(1<<20))
	}
}
