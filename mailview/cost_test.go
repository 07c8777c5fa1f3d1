package mailview

import (
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
		{"1 MB of small conditional comments", hostilemail.ConditionalComments(1 << 20), []string{message.ProblemNestedUnread}, 16 << 20},
		{"a 0.5 MB selector list in a style sheet", []byte(hostilemail.Header("selectors", "Content-Type: text/html\r\n") + "\r\n<style>" + strings.Repeat("a ", 1<<18) + "b{display:none}</style><p>x</p>"), []string{message.ProblemStyleUnapplied}, 16 << 20},
		{"a 0.5 MB declaration in a style sheet", []byte(hostilemail.Header("declaration", "Content-Type: text/html\r\n") + "\r\n<style>p{margin:" + strings.Repeat("1 ", 1<<18) + "}</style><p>x</p>"), []string{message.ProblemStyleUnapplied}, 16 << 20},
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

// The folded Subject is unfolded whole: every continuation is kept.
func TestFoldedSubjectUnfoldsWhole(t *testing.T) {
	v := Analyze(hostilemail.FoldedSubject(1000), Reader{})
	if want := len("Hello") + 1000*len(" x"); len(v.Subject) != want {
		t.Errorf("subject is %d bytes, want %d", len(v.Subject), want)
	}
}

// BenchmarkRatioHostileScaling: each hostile shape analysed at about 1 MB
// and 4 MB in the same round; SHAPE-x4 is the second time over the first,
// about 4 when the cost is linear and up to 16 when it is quadratic (a unit
// test cannot time it: these machines are shared). The shapes are those
// that once took quadratic time: a folded Subject, URLs in plain text,
// nested CSS (in a sheet and in a style attribute), format=flowed text, a
// URL host of many labels (every host-list lookup hashed each suffix: 1 MB
// took 45 s), a Subject of unclosed encoded words (each "=?" searched the
// rest for "?=": 2 MB, 23 s), cid: images (each looked for among all the
// parts: 8 MB, 6 s; 7 at x4) and "www." repeated; small conditional
// comments (once 85 MB allocated for 1 MB) and plain HTML for comparison.
func BenchmarkRatioHostileScaling(b *testing.B) {
	shapes := []struct {
		name string
		make func(size int) []byte
	}{
		{"folds", func(n int) []byte { return hostilemail.FoldedSubject(n / 4) }}, // "\r\n x" a fold
		{"urls", hostilemail.URLText},
		{"css", func(n int) []byte { return hostilemail.NestedCSS(n, false) }},
		{"css-attribute", func(n int) []byte { return hostilemail.NestedCSS(n, true) }},
		{"flowed", hostilemail.FlowedText},
		{"long-host", hostilemail.LongHostURL},
		{"unclosed-words", hostilemail.UnclosedWords},
		{"cid-images", hostilemail.CIDImages},
		{"conditional-comments", hostilemail.ConditionalComments},
		{"www", func(n int) []byte {
			return []byte(hostilemail.Header("www", "Content-Type: text/plain\r\n") + "\r\n" + strings.Repeat("www.", n/4))
		}},
		{"html", hostilemail.PlainHTML},
	}
	small := make([][]byte, len(shapes))
	large := make([][]byte, len(shapes))
	for i, sh := range shapes {
		small[i], large[i] = sh.make(1<<20), sh.make(4<<20)
	}
	took := make([][2]time.Duration, len(shapes))
	for b.Loop() {
		for i := range shapes {
			for j, raw := range [][]byte{small[i], large[i]} {
				start := time.Now()
				Analyze(raw, Reader{})
				took[i][j] += time.Since(start)
			}
		}
	}
	for i, sh := range shapes {
		b.ReportMetric(float64(took[i][1])/float64(took[i][0]), sh.name+"-x4")
	}
	b.ReportMetric(0, "ns/op") // one op is every shape at both sizes: the ratios say it
}
