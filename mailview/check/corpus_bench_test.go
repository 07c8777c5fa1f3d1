package check

import (
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// BenchmarkCheckCorpus: NewMail and Run over the benchmark mails of
// app.BenchmarkRatioFileScan (easy-ham-1 and phishing_pot in turn), parsed
// and read once beforehand: the checks' own per-message cost.
func BenchmarkCheckCorpus(b *testing.B) {
	mails := corpusMails(b)
	reader := Reader{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		for _, x := range mails {
			v := NewMail(x.m, x.doc, x.inv)
			Run(v, reader)
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

// corpusMail is a benchmark mail parsed and read.
type corpusMail struct {
	m   *message.Message
	doc *safedoc.Document
	inv *safedoc.Inventory
}

// corpusMails are the mails of app.BenchmarkRatioFileScan, parsed and read.
func corpusMails(b *testing.B) []corpusMail {
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
	var files []string
	for i := 0; len(files) < 5000 && (i < len(ham) || i < len(phish)); i++ {
		if i < len(ham) {
			files = append(files, ham[i])
		}
		if i < len(phish) && len(files) < 5000 {
			files = append(files, phish[i])
		}
	}
	ins := make([]corpusMail, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		m := message.Parse(raw)
		doc, inv := safedoc.Read(m)
		ins = append(ins, corpusMail{m, doc, inv})
	}
	return ins
}
