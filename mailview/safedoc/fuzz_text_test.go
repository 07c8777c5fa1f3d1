package safedoc

import (
	"errors"
	"strings"
	"testing"

	"mailsafe/internal/hostilemail"
)

// FuzzPlainText runs arbitrary text through the plain-text reader: its
// spans hold the text's words in order, and every link is a piece of it.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"see https://a.example/x_(y)) and www.b.example.", "> quoted\n>> deeper\n\nwww.", "İİ https://c.example/",
		"http://http://www.www.", "(https://d.example/a)b)", "wwww.e.example www.f.example,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inv := newInventory()
		doc := plainTextDocument(text, inv)
		var shown strings.Builder
		for _, b := range doc.Blocks {
			shown.WriteByte('\n') // blocks apart: invalid bytes either side of a break must not join into a rune
			for _, s := range b.Spans {
				if s.Link != "" && !strings.Contains(text, s.Text) {
					t.Fatalf("link text %q is not in the text", s.Text)
				}
				shown.WriteString(s.Text)
			}
		}
		// Quote marks become depth, white space is rearranged; nothing else may change.
		squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if !strings.Contains(text, ">") && squeeze(shown.String()) != squeeze(text) {
			t.Fatalf("the document's text %q is not that of %q", shown.String(), text)
		}
		for _, l := range inv.Links {
			if !strings.Contains(text, l.Text) {
				t.Fatalf("link %q is not in the text", l.Text)
			}
		}
	})
}

// FuzzImageSize reads arbitrary bytes as an image header: an image it
// accepts declares at most MaxImagePixels, one past that is refused as
// too large.
func FuzzImageSize(f *testing.F) {
	f.Add(hostilemail.DeclaredPNG(20000, 20000))
	f.Add(hostilemail.DeclaredPNG(10, 10))
	f.Add([]byte("GIF89a\x10\x27\x10\x27\x00\x00\x00"))
	f.Add([]byte("\xff\xd8\xff\xc0\x00\x11\x08\x4e\x20\x4e\x20\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ImageSize(data)
		switch {
		case err == nil && int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels:
			t.Fatalf("accepted %dx%d", cfg.Width, cfg.Height)
		case errors.Is(err, ErrImageTooLarge) && int64(cfg.Width)*int64(cfg.Height) <= MaxImagePixels:
			t.Fatalf("refused %dx%d as too large", cfg.Width, cfg.Height)
		}
	})
}
