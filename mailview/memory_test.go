package mailview

import (
	"bytes"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"mailsafe/internal/hostilemail"
)

// memoryUse is what analysing one message cost in heap: every byte
// allocated, and the most the heap held at once beyond what it held before
// (sampled from runtime/metrics while the analysis ran).
type memoryUse struct {
	allocated, peak uint64
}

// measureMemory runs f and returns its heap cost. The test runs alone (not
// in parallel), so the process's figures are f's.
func measureMemory(f func()) memoryUse {
	samples := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(samples)
	allocBefore, heapBefore := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	var peak uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	metrics.Read(samples)
	peak = max(peak, samples[1].Value.Uint64())
	return memoryUse{allocated: samples[0].Value.Uint64() - allocBefore, peak: peak - min(peak, heapBefore)}
}

// memoryShapes are the shapes of large mail whose analysis must stay
// within a few times the mail's size.
var memoryShapes = []struct {
	name string
	make func(size int) []byte
}{
	{"attachment", hostilemail.BigAttachment},
	{"html", hostilemail.PlainHTML},
	{"html-links", hostilemail.URLHTML},
	{"text-urls", hostilemail.URLText},
	{"many-parts", hostilemail.ManyParts},
	// html-lf is html written with LF line ends, as mail saved on Unix
	// and mbox files often is: its body needs no conversion and is the
	// message's own bytes (message.sharedString).
	{"html-lf", func(size int) []byte {
		return bytes.ReplaceAll(hostilemail.PlainHTML(size), []byte("\r\n"), []byte("\n"))
	}},
	// html-crlf is html with every line ending in CRLF, as IMAP serves
	// mail: scan reads it with its line ends made LF in place (message.ParseOwned).
	{"html-crlf", func(size int) []byte { return hostilemail.CRLFLines(hostilemail.PlainHTML(size)) }},
	// nested-text is Outlook's conditional comments holding text, each a
	// nested document of its own (up to maxNestedDocs of them).
	{"nested-text", func(size int) []byte {
		head := hostilemail.Header("nested", "Content-Type: text/html\r\n") + "\r\n<html><body>"
		const each = "<!--[if mso]><p>hello <b>there</b></p><![endif]-->\n<p>x</p>"
		return []byte(head + strings.Repeat(each, (size-len(head))/len(each)) + "</body></html>")
	}},
}

// A 20 MB message of each shape is analysed allocating at most twice its
// size: with the message itself, the bound of three times on
// scan's memory. Copies of whole bodies (a part decoded to a string, then
// its line ends normalised; each paragraph joined again; the text
// lower-cased to find URLs; spans re-copied as an arena grew; the checks'
// plain text of the whole body) had made it 5 to 30 times. html-links (a
// link and an image every 250 bytes) has its own bound in the window: its
// blocks, images and spans alone come near its text's size; 6.9 times
// before a link past the links budget stopped gathering its text and
// blocks shrank to 56 bytes in small chunks, 5.8 after, 4.8 since
// attribute values are slices of the body rather than x/net/html's TagAttr
// copies (tagattrs.go). scan reads no blocks (AnalyzeReport): what is left
// there is the body's decoded text (none when it needs no conversion:
// html-lf) and what reading it leaves behind; scan's html-links was 3.3
// times with the images and the pieces of spans made and let go, 2.0
// since neither is made. scan hands its message over (AnalyzeReportOwned):
// a message whose every line ends in CRLF (text-urls, html-crlf) has them
// made LF in place, and its body is its own bytes, not a copy: text-urls
// 1.4 times before, 0.4 since; html-crlf 1.05, 0.05. Its base64 content is
// decoded where it lies: attachment 0.74 times before, 0.00 since; and a
// body text of other line ends (html, html-links: CRLF header, LF body) has
// them made LF where it lies: html 1.05 times before, 0.05 since;
// html-links 1.79, 0.78.
func TestLargeMailCostsAtMostThreeTimesItsSize(t *testing.T) {
	limits := map[string]struct{ window, scan float64 }{
		"attachment": {2, 0.1}, "html": {2, 0.3}, "text-urls": {2, 0.6}, "many-parts": {2, 1.7}, "html-links": {5.2, 1.2}, "html-lf": {1, 0.3}, "html-crlf": {2, 0.3},
		"nested-text": {4.5, 1.6},
	}
	for _, shape := range memoryShapes {
		limit, ok := limits[shape.name]
		if !ok {
			continue
		}
		t.Run(shape.name, func(t *testing.T) {
			raw := shape.make(20 << 20)
			for _, run := range []struct {
				name    string
				analyze func([]byte, Reader) *View
				limit   float64
			}{{"window", Analyze, limit.window}, {"scan", AnalyzeReportOwned, limit.scan}} {
				var v *View
				raw := bytes.Clone(raw) // scan's analysis may change its own
				use := measureMemory(func() { v = run.analyze(raw, Reader{}) })
				ratio := float64(use.allocated) / float64(len(raw))
				t.Logf("%s, %d bytes: allocated %.2fx, peak heap %.2fx", run.name, len(raw), ratio, float64(use.peak)/float64(len(raw)))
				if ratio > run.limit {
					t.Errorf("%s: analysis allocated %.2f times the message's size, more than %g", run.name, ratio, run.limit)
				}
				if v.Document == nil || v.Document.TextLen() == 0 && shape.name != "attachment" {
					t.Errorf("%s: no document read", run.name)
				}
			}
		})
	}
}

// MAILSAFE_MEMREPORT=1 go test ./mailview -run TestMemoryReport -v prints
// the memory figures of each shape at 10, 50 and 100 MB.
func TestMemoryReport(t *testing.T) {
	if os.Getenv("MAILSAFE_MEMREPORT") == "" {
		t.Skip("set MAILSAFE_MEMREPORT=1 to measure")
	}
	for _, mb := range []int{10, 50, 100} {
		for _, shape := range memoryShapes {
			raw := shape.make(mb << 20)
			start := time.Now()
			use := measureMemory(func() { Analyze(raw, Reader{}) })
			t.Logf("%-10s %3d MB: allocated %.2fx, peak heap %.2fx, %.2fs", shape.name, mb,
				float64(use.allocated)/float64(len(raw)), float64(use.peak)/float64(len(raw)), time.Since(start).Seconds())
		}
	}
}
