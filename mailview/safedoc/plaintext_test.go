package safedoc

import (
	"mailsafe/mailview/message"
	"strings"
	"testing"
)

func TestPlainTextDocument(t *testing.T) {
	a := newInventory()
	doc := plainTextDocument("Hello,\nsee https://example.org/a_(b) and www.example.com.\n\n> quoted\n> > deeper\n\nBye", a)
	text := doc.Text()
	want := "Hello,\nsee https://example.org/a_(b) and www.example.com.\n> quoted\n> > deeper\nBye"
	if text != want {
		t.Errorf("document text:\n%q\nwant\n%q", text, want)
	}
	if len(a.Links) != 2 || a.Links[0].URL != "https://example.org/a_(b)" || a.Links[1].URL != "http://www.example.com" {
		t.Errorf("links = %+v", a.Links)
	}
	if doc.Blocks[1].Quote != 1 || doc.Blocks[2].Quote != 2 {
		t.Errorf("quote depths = %d, %d", doc.Blocks[1].Quote, doc.Blocks[2].Quote)
	}
}

// Letters whose lower case has another byte length (İ, Ⱥ) before a URL
// must not hide it or cut it.
func TestPlainTextURLAfterLengthChangingLetters(t *testing.T) {
	for _, body := range []string{"İİİİ see https://bank.example/x", "ȺȺȺȺ http://a.example/"} {
		v := read([]byte("Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"))
		want := body[strings.Index(body, "http"):]
		if len(v.Links) != 1 || v.Links[0].URL != want {
			t.Errorf("%q: links %+v, want %s", body, v.Links, want)
		}
	}
}

// read runs the stages this package needs on a raw message.
func read(raw []byte) *readResult {
	m := message.Parse(raw)
	doc, inv := Read(m)
	return &readResult{Message: m, Document: doc, Resources: inv.Resources, Links: inv.Links}
}

type readResult struct {
	Message   *message.Message
	Document  *Document
	Resources []Resource
	Links     []Link
}

// An excerpt is the text itself when short, and else its first and last
// n bytes around a line break, however the text is cut into spans.
func TestExcerptKeepsTheStartAndTheEnd(t *testing.T) {
	doc := plainTextDocument(strings.Repeat("0123456789 ", 50)+"\n\nhttps://example.com/end and the last words", newInventory())
	text := doc.Text()
	for _, n := range []int{1, 7, 100, 250, len(text)/2 - 1, len(text) / 2, len(text)} {
		got := doc.excerpt(n)
		want := text
		if len(text) > 2*n+1 {
			want = text[:n] + "\n" + text[len(text)-n:]
		}
		if got != want {
			t.Errorf("Excerpt(%d) = %q, want %q", n, got, want)
		}
	}
}
