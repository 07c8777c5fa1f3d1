package message

import (
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

// BenchmarkParseCorpus: Parse over the benchmark mails of
// app.BenchmarkRatioFileScan (easy-ham-1 and phishing_pot in turn), read
// from disk once beforehand: the parser's own per-message cost.
func BenchmarkParseCorpus(b *testing.B) {
	raws := corpusRaws(b)
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		for _, raw := range raws {
			Parse(raw)
		}
	}
	reportCPU(b, c0)
}

// BenchmarkParseTraceCorpus: ParseTrace over the headers of the same mails.
func BenchmarkParseTraceCorpus(b *testing.B) {
	raws := corpusRaws(b)
	hs := make([]Header, len(raws))
	for i, raw := range raws {
		hs[i], _, _ = parseHeader(raw)
	}
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		for _, h := range hs {
			ParseTrace(h)
		}
	}
	reportCPU(b, c0)
}

// cpuTime is the CPU time (user and system) the process has used: on a
// busy machine it says more than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since c0.
func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e6, "cpu-ms/op")
}

// corpusRaws are the raw mails of app.BenchmarkRatioFileScan.
func corpusRaws(b *testing.B) [][]byte {
	dir := os.Getenv("MAILSAFE_CORPORA")
	if dir == "" {
		dir = filepath.Join("..", "..", ".eval", "corpora")
	}
	ham, _ := filepath.Glob(filepath.Join(dir, "spamassassin", "easy-ham-1", "*"))
	phish, _ := filepath.Glob(filepath.Join(dir, "phishing_pot", "*"))
	if len(ham) == 0 || len(phish) == 0 {
		b.Skip("no corpora unpacked: run make eval once")
	}
	sort.Strings(ham)
	sort.Strings(phish)
	var raws [][]byte
	for i := 0; len(raws) < 5000 && (i < len(ham) || i < len(phish)); i++ {
		for _, list := range [][]string{ham, phish} {
			if i < len(list) && len(raws) < 5000 {
				raw, err := os.ReadFile(list[i])
				if err != nil {
					b.Fatal(err)
				}
				raws = append(raws, raw)
			}
		}
	}
	return raws
}
