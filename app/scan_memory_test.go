package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"mailsafe/internal/hostilemail"
)

// scan reports a message without reading its body into blocks
// (mailview.AnalyzeReport): an 8 MB body of a link and an image every 250
// bytes is scanned, file read and report written, allocating 5.0 times its
// size: the file's bytes, its decoded text, and some 20 MB the 5,000
// resources and 5,000 links listed cost at any size (their URLs parsed,
// checked and reported). With its blocks read it was 7.7 times.
func TestScanReadsNoBlocks(t *testing.T) {
	if raceDetector {
		t.Skip("a memory bound; the race pass's figures mean nothing")
	}
	// Collected when done: the heap goal this test raised is not left to
	// the heap figures of the tests after it (TestScanStreamsALargeMbox).
	defer runtime.GC()
	path := filepath.Join(t.TempDir(), "links.eml")
	raw := hostilemail.URLHTML(8 << 20)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	// The lists the checks load once per process are loaded first.
	small := filepath.Join(t.TempDir(), "small.eml")
	if err := os.WriteFile(small, hostilemail.URLHTML(64<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	Scan(context.Background(), []string{small}, ScanOptions{JSON: true, Lang: "en", Workers: 1}, io.Discard, &errOut)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ok := Scan(context.Background(), []string{path}, ScanOptions{JSON: true, Lang: "en", Workers: 1}, io.Discard, &errOut)
	runtime.ReadMemStats(&after)
	if !ok {
		t.Fatalf("scan failed: %s", errOut.String())
	}
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(raw))
	t.Logf("%d bytes: scan allocated %.2fx", len(raw), ratio)
	if ratio > 5.5 {
		t.Errorf("scan allocated %.2f times the message's size, more than 5.5", ratio)
	}
}
