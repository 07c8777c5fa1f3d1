//go:build unix

package app

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fileScanMessages is how many messages BenchmarkRatioFileScan scans.
const fileScanMessages = 5000

// benchCorpusMails returns fileScanMessages messages: easy ham and
// phishing_pot in turn from the development corpora unpacked by make eval
// (MAILSAFE_CORPORA, default ../.eval/corpora), else mailview's sample of
// them over and over, so the benchmark runs anywhere. It names which.
func benchCorpusMails(b *testing.B) ([][]byte, string) {
	dir := os.Getenv("MAILSAFE_CORPORA")
	if dir == "" {
		dir = filepath.Join("..", ".eval", "corpora")
	}
	ham, _ := filepath.Glob(filepath.Join(dir, "spamassassin", "easy-ham-1", "*"))
	phish, _ := filepath.Glob(filepath.Join(dir, "phishing_pot", "*"))
	sort.Strings(ham)
	sort.Strings(phish)
	var files []string
	from := "corpora (easy-ham-1 and phishing_pot)"
	if len(ham) > 0 && len(phish) > 0 {
		for i := 0; len(files) < fileScanMessages && (i < len(ham) || i < len(phish)); i++ {
			if i < len(ham) {
				files = append(files, ham[i])
			}
			if i < len(phish) && len(files) < fileScanMessages {
				files = append(files, phish[i])
			}
		}
	}
	if len(files) < fileScanMessages {
		files, _ = filepath.Glob(filepath.Join("..", "mailview", "testdata", "corpus-sample", "*", "*.eml"))
		from = "mailview/testdata/corpus-sample, repeated (no corpora unpacked: run make eval once)"
	}
	if len(files) == 0 {
		b.Fatal("no mail to scan")
	}
	mails := make([][]byte, 0, fileScanMessages)
	for i := 0; len(mails) < fileScanMessages; i++ {
		raw, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		mails = append(mails, raw)
	}
	return mails, from
}

// writeBenchMbox writes mails as an mbox (mboxrd: "From " lines quoted)
// and returns its path.
func writeBenchMbox(b *testing.B, mails [][]byte) string {
	path := filepath.Join(b.TempDir(), "bench.mbox")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, raw := range mails {
		w.WriteString("From bench@example.org Thu Nov 26 00:00:00 2026\n")
		for len(raw) > 0 {
			line := raw
			if i := bytes.IndexByte(raw, '\n'); i >= 0 {
				line = raw[:i+1]
			}
			raw = raw[len(line):]
			if isQuotedFrom(line) || bytes.HasPrefix(line, []byte("From ")) {
				w.WriteByte('>')
			}
			w.Write(line)
		}
		w.WriteString("\n\n")
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRatioFileScan: scan of 5,000 messages from an mbox file, with
// the whole pipeline (reading, analysis on every core, reports in order to
// io.Discard), against the raw floor of the same messages on one thread,
// measured one after the other in each round.
//
//	x-floor      scan wall time ÷ floor wall time (issue 18: ≤ 1.5 on 2 cores)
//	cpu-x-floor  the per-core cost: scan CPU time per message ÷ floor CPU time per message
//	scan-µs/msg  scan wall time per message; floor-µs/msg the floor's
func BenchmarkRatioFileScan(b *testing.B) {
	mails, from := benchCorpusMails(b)
	path := writeBenchMbox(b, mails)
	b.Logf("%d messages from %s", len(mails), from)
	var scanWall, floorWall, scanCPU, floorCPU time.Duration
	ctx := context.Background()
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		for _, raw := range mails {
			rawFloor(raw)
		}
		t1, c1 := time.Now(), cpuTime()
		var errOut bytes.Buffer
		if !Scan(ctx, []string{path}, ScanOptions{JSON: true, Lang: "en"}, io.Discard, &errOut) {
			b.Fatalf("scan: %s", errOut.String())
		}
		t2, c2 := time.Now(), cpuTime()
		floorWall += t1.Sub(t0)
		floorCPU += c1 - c0
		scanWall += t2.Sub(t1)
		scanCPU += c2 - c1
	}
	n := float64(b.N * len(mails))
	b.ReportMetric(float64(scanWall)/float64(floorWall), "x-floor")
	b.ReportMetric(float64(scanCPU)/float64(floorCPU), "cpu-x-floor")
	b.ReportMetric(float64(scanWall.Microseconds())/n, "scan-µs/msg")
	b.ReportMetric(float64(floorWall.Microseconds())/n, "floor-µs/msg")
	b.ReportMetric(0, "ns/op") // one op is a whole round of both: the metrics above say it
	if strings.Contains(from, "repeated") {
		b.Log("figures over the test mails, not the corpora: compare like with like")
	}
}
