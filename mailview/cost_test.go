package mailview

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mailsafe/internal/hostilemail"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// hostileCase is a generated hostile mail with the budget problem it must
// meet and how many bytes analysing it may allocate in all.
type hostileCase struct {
	name     string
	raw      []byte
	problems []string
	maxAlloc uint64
}

// hostileCases are the mails of issue 15 that made the reader spend
// quadratic time or gigabytes. The allocation bounds are a few times what
// the linear code allocates: the quadratic code allocated hundreds of
// times more (each fold copied the Subject so far: 40 GB for 200,000
// folds; each URL copied the rest of its paragraph: 10 GB for 1 MB).
func hostileCases() []hostileCase {
	return []hostileCase{
		{"200,000-fold Subject", hostilemail.FoldedSubject(200_000), []string{message.ProblemHeaderTooLong}, 16 << 20},
		{"1 MB of plain text with URLs", hostilemail.URLText(1 << 20), []string{message.ProblemTooManyLinks, message.ProblemBodyLong}, 48 << 20},
		{"1 MB of format=flowed text, every line a soft break", hostilemail.FlowedText(1 << 20), []string{message.ProblemBodyLong}, 16 << 20},
		{"0.7 MB of nested CSS", hostilemail.NestedCSS(700<<10, false), []string{message.ProblemTooManyResources}, 40 << 20},
		{"0.7 MB of nested CSS in a style attribute", hostilemail.NestedCSS(700<<10, true), []string{message.ProblemTooManyResources}, 40 << 20},
		{"20000x20000 PNG", hostilemail.InlineImage(hostilemail.DeclaredPNG(20000, 20000), 1), []string{message.ProblemImageTooLarge}, 4 << 20},
		{"twenty 7000x5000 PNGs", hostilemail.InlineImage(hostilemail.DeclaredPNG(7000, 5000), 20), []string{message.ProblemImagesTooLarge}, 4 << 20},
		{"5 MB Subject", hostilemail.LongSubject(5 << 20), []string{message.ProblemHeaderTooLong}, 48 << 20},
		{"5,001 resources", hostilemail.ManyResources(5000, "https://ct.sendgrid.net/wf/open?upn=abc"), []string{message.ProblemTooManyResources}, 24 << 20},
		{"one paragraph of 100,000 pieces", []byte(hostilemail.Header("pieces", "Content-Type: text/html\r\n") + "\r\n<p>" + strings.Repeat("word <span></span>", 100_000)), []string{message.ProblemBodyLong}, 16 << 20},
		{"200,000 nested elements", []byte(hostilemail.Header("deep", "Content-Type: text/html\r\n") + "\r\n" + strings.Repeat("<div>", 200_000) + "x"), []string{message.ProblemHTMLTooDeep}, 16 << 20},
	}
}

// allocated is how many bytes f allocates (the process's cumulative heap
// allocations before and after: the test runs alone, not in parallel).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every hostile mail is analysed within its allocation budget, and the
// budget it hits is a problem of the message, not a silent cap.
func TestHostileMailCostsLittle(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			var v *View
			n := allocated(func() { v = Analyze(tc.raw, Reader{}) })
			t.Logf("%d bytes of mail, %d bytes allocated (%.1fx)", len(tc.raw), n, float64(n)/float64(len(tc.raw)))
			if n > tc.maxAlloc {
				t.Errorf("analysis allocated %d bytes, more than %d", n, tc.maxAlloc)
			}
			for _, kind := range tc.problems {
				if !slices.ContainsFunc(v.Message.Problems, func(p message.Problem) bool { return p.Kind == kind }) {
					t.Errorf("no %s problem; problems: %+v", kind, v.Message.Problems)
				}
			}
		})
	}
}

// A tracker past the 5,000th resource is not listed, but the reader is
// told that the rest was not checked, and the message is not called safe.
func TestPastTheResourceBudgetTheRestIsNotCheckedSaysSo(t *testing.T) {
	v := Analyze(hostilemail.ManyResources(5000, "https://ct.sendgrid.net/wf/open?upn=abc"), Reader{})
	if !v.Has(check.FindingIncomplete) {
		t.Fatalf("no %s finding; findings: %v", check.FindingIncomplete, v.Findings)
	}
	if v.Verdict.Level == check.LevelSafe {
		t.Errorf("verdict %s for a message not wholly checked", v.Verdict.Level)
	}
	// Below the budget the same tracker is found, and nothing is incomplete.
	v = Analyze(hostilemail.ManyResources(10, "https://ct.sendgrid.net/wf/open?upn=abc"), Reader{})
	if v.Has(check.FindingIncomplete) || !v.Has(check.FindingTrackerKnown) {
		t.Errorf("10 resources and a tracker: findings %v", v.Findings)
	}
}

// slowCases are hostile mails whose analysis allocated little but spent
// quadratic time: a URL whose host has half a million labels made every
// host list lookup hash each suffix of the host (1 MB: 45 s); a Subject of
// unclosed encoded words searched its rest for "?=" at every "=?" (2 MB:
// 23 s); each cid: image was looked for among all the parts (5,000 parts
// at most, but 8 MB: 6 s). Each must be analysed within its time, far
// above what the linear code takes (0.1-0.4 s) so that a loaded machine
// does not fail it.
func slowCases() []struct {
	name    string
	raw     []byte
	maxTime time.Duration
} {
	return []struct {
		name    string
		raw     []byte
		maxTime time.Duration
	}{
		{"a URL host of half a million labels", hostilemail.LongHostURL(1 << 20), 4 * time.Second},
		{"a 2 MB Subject of unclosed encoded words", hostilemail.UnclosedWords(2 << 20), 4 * time.Second},
		{"8 MB of cid: images and their parts", hostilemail.CIDImages(8 << 20), 2 * time.Second},
		{"1 MB of www.www.www.", []byte(hostilemail.Header("www", "Content-Type: text/plain\r\n") + "\r\n" + strings.Repeat("www.", 1<<18)), 4 * time.Second},
	}
}

// Every hostile mail of slowCases is analysed within its time.
func TestHostileMailTakesLittleTime(t *testing.T) {
	for _, tc := range slowCases() {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			Analyze(tc.raw, Reader{})
			took := time.Since(start)
			t.Logf("%d bytes of mail analysed in %v", len(tc.raw), took)
			if took > tc.maxTime {
				t.Errorf("analysis took %v, more than %v", took, tc.maxTime)
			}
		})
	}
}

// The folded Subject is unfolded whole: every continuation is kept.
func TestFoldedSubjectUnfoldsWhole(t *testing.T) {
	v := Analyze(hostilemail.FoldedSubject(1000), Reader{})
	if want := len("Hello") + 1000*len(" x"); len(v.Subject) != want {
		t.Errorf("subject is %d bytes, want %d", len(v.Subject), want)
	}
}

// The parsers scale linearly: BenchmarkHostileScaling/…-1x and -10x (the
// same mail ten times larger) should differ by about 10 in ns/op.
func BenchmarkHostileScaling(b *testing.B) {
	for _, c := range []struct {
		name string
		make func(scale int) []byte
	}{
		{"folds", func(s int) []byte { return hostilemail.FoldedSubject(100_000 * s) }},
		{"urls", func(s int) []byte { return hostilemail.URLText(s << 20) }},
		{"css", func(s int) []byte { return hostilemail.NestedCSS(s*700<<10, false) }},
		{"css-attribute", func(s int) []byte { return hostilemail.NestedCSS(s*700<<10, true) }},
		{"html", func(s int) []byte { return hostilemail.PlainHTML(s << 20) }},
	} {
		for _, scale := range []int{1, 10} {
			raw := c.make(scale)
			b.Run(fmt.Sprintf("%s-%dx", c.name, scale), func(b *testing.B) {
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				for b.Loop() {
					Analyze(raw, Reader{})
				}
			})
		}
	}
}
