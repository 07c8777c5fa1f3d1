package safedoc

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"mailsafe/mailview/message"
)

// FuzzRead reads arbitrary messages as the app does (message.Parse, then
// Read: the body, the parts beside it, nested and cid: documents, the
// budgets): no panic, every resource an absolute remote URL, the text
// valid UTF-8; and ReadFacts (scan's read, without blocks) gives the same
// facts, inventory and problems.
func FuzzRead(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "*.eml"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte("Content-Type: multipart/related; boundary=B\r\n\r\n--B\r\nContent-Type: text/html\r\n\r\n<img src=cid:a><iframe srcdoc=\"<img src=https://t.example/p.gif>\"></iframe>\r\n--B\r\nContent-ID: <a>\r\nContent-Type: image/svg+xml\r\n\r\n<svg><image href=https://x.example/i.png /></svg>\r\n--B--\r\n"))
	f.Add([]byte("Content-Type: text/plain\r\n\r\n> see https://example.com/a, and www.example.org.\r\nline two  \r\n\r\nHTTPS://EXAMPLE.NET/x\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := message.Parse(raw)
		doc, inv := Read(m)
		text := doc.Text()
		if !utf8.ValidString(text) && utf8.ValidString(m.Text) && utf8.ValidString(m.HTML) {
			t.Fatalf("document text is not valid UTF-8")
		}
		for _, r := range inv.Resources {
			u, err := url.Parse(r.URL)
			if err != nil || u.Host == "" {
				t.Fatalf("resource %q (%s) is not an absolute remote URL", r.URL, r.Vector)
			}
		}
		fm := message.Parse(raw)
		facts, finv := ReadFacts(fm)
		if facts.Blocks != nil || facts.TextLen() != doc.TextLen() || facts.Words() != doc.Words() ||
			facts.RemoteImages() != doc.RemoteImages() || facts.Excerpt() != doc.Excerpt() {
			t.Fatalf("ReadFacts: %d blocks, %d bytes, %d words, %d images; Read: %d bytes, %d words, %d images (or their excerpts differ)",
				len(facts.Blocks), facts.TextLen(), facts.Words(), facts.RemoteImages(), doc.TextLen(), doc.Words(), doc.RemoteImages())
		}
		if !reflect.DeepEqual(finv, inv) || !reflect.DeepEqual(fm.Problems, m.Problems) {
			t.Fatalf("ReadFacts's inventory or problems differ from Read's: %v, %v", fm.Problems, m.Problems)
		}
	})
}
