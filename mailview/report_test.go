package mailview

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mailsafe/internal/hostilemail"
)

// reportSamples are messages whose analysis a report (AnalyzeReport, no
// blocks) must give exactly as the window's (Analyze): the test mails, the
// corpus sample, hostile shapes past the excerpt, link and image budgets,
// and bodies where a span is written in pieces (text around links past the
// links budget, bold words, images between words).
func reportSamples(t *testing.T) map[string][]byte {
	t.Helper()
	samples := map[string][]byte{
		"url-html":      hostilemail.URLHTML(1_300_000), // past 5,000 links: their text joins the plain spans
		"plain-html":    hostilemail.PlainHTML(300_000), // past the excerpt's start and end
		"url-text":      hostilemail.URLText(400_000),
		"many-parts":    hostilemail.ManyParts(200_000),
		"cid-images":    hostilemail.CIDImages(100_000),
		"too-large":     hostilemail.InlineImage(hostilemail.DeclaredPNG(20000, 20000), 2),
		"too-many":      hostilemail.InlineImage(hostilemail.DeclaredPNG(6000, 6000), 4),
		"conditional":   hostilemail.ConditionalComments(100_000),
		"flowed":        hostilemail.FlowedText(100_000),
		"unclosed":      hostilemail.UnclosedWords(100_000),
		"image-only":    htmlMail(`<p>Your <b>in</b>voice</p><a href="https://pay.example.net/x"><img src="https://img.example.net/a.png" width="600" height="400"></a><img src="https://t.example.net/p.gif" width="1" height="1">`),
		"pieces":        htmlMail(strings.Repeat(`<p>a<a>b</a>c <a href="https://x.example/">d</a>e<b>f</b>g<i>h</i>&amp;i <img src="https://i.example/x.png" width="9"> j</p><blockquote><ul><li>k<li>l</ul></blockquote><pre> m  n </pre><hr>`, 30)),
		"split-words":   htmlMail(`<p>wo<a>rd</a>s and <span>mo</span>re</p><img src="https://i.example/a.png" width="500" height="300"><a href="https://pay.example/">go</a>`),
		"cells":         htmlMail(`<table><tr><td>one</td><td>two<td><b>three</b></table><h2>head</h2><iframe src="https://f.example/"></iframe>`),
		"no-html-words": htmlMail(`<p> </p>`),
	}
	for _, dir := range []string{"testdata"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".eml") {
				return err
			}
			raw, err := os.ReadFile(path)
			samples[path] = raw
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return samples
}

func htmlMail(body string) []byte {
	return []byte(hostilemail.Header("html", "Content-Type: text/html; charset=utf-8\r\n") + "\r\n<html><body>" + body + "</body></html>\r\n")
}

// A report is the window's analysis without the document's blocks: the
// same findings, verdict, problems, resources, links and attachments, and
// the same facts of the document (its text's length and excerpt, its words
// and remote images), at every depth of forwarded messages.
func TestReportAnalysesAsTheWindowDoes(t *testing.T) {
	for name, raw := range reportSamples(t) {
		window, report := Analyze(raw, Reader{}), AnalyzeReport(raw, Reader{})
		compareReport(t, name, window, report)
	}
}

func compareReport(t *testing.T, name string, window, report *View) {
	t.Helper()
	wd, rd := window.Document, report.Document
	if report.Document.Blocks != nil {
		t.Errorf("%s: the report kept %d blocks", name, len(rd.Blocks))
	}
	if len(wd.Blocks) == 0 && wd.TextLen() > 0 {
		t.Errorf("%s: the window's document has text but no blocks", name)
	}
	if wd.TextLen() != rd.TextLen() || wd.Words() != rd.Words() || wd.RemoteImages() != rd.RemoteImages() {
		t.Errorf("%s: the report's document has %d bytes, %d words, %d images; the window's %d, %d, %d",
			name, rd.TextLen(), rd.Words(), rd.RemoteImages(), wd.TextLen(), wd.Words(), wd.RemoteImages())
	}
	if we, re := wd.Excerpt(), rd.Excerpt(); we != re {
		t.Errorf("%s: the report's excerpt differs (%d bytes, the window's %d)", name, len(re), len(we))
	}
	if wd.Excerpt() != excerptOf(wd.Text()) {
		t.Errorf("%s: the excerpt is not the text's start and end", name)
	}
	if len(window.Forwarded) != len(report.Forwarded) {
		t.Fatalf("%s: %d forwarded messages in the report, %d in the window", name, len(report.Forwarded), len(window.Forwarded))
	}
	for i := range window.Forwarded {
		compareReport(t, name+" forwarded", window.Forwarded[i], report.Forwarded[i])
	}
	w, r := *window, *report
	w.Document, r.Document, w.Forwarded, r.Forwarded = nil, nil, nil, nil
	if !reflect.DeepEqual(w, r) {
		t.Errorf("%s: the report's analysis differs from the window's:\nreport findings %v problems %v\nwindow findings %v problems %v",
			name, r.Findings, r.Message.Problems, w.Findings, w.Message.Problems)
	}
}

// excerptOf is what Excerpt says it gives of text.
func excerptOf(text string) string {
	const n = 64 << 10
	if len(text) <= 2*n+1 {
		return text
	}
	return text[:n] + "\n" + text[len(text)-n:]
}
