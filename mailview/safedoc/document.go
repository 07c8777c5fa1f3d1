package safedoc

import (
	"io"
	"math"
	"strconv"
	"strings"
)

// Document is a message body made safe to show: text with its structure,
// links with their real targets, and images as placeholders or as bytes that
// are already in the message. Nothing in a Document can cause a network
// request; the remote URLs of blocked images are kept only so that the
// reader can later choose to load them.
type Document struct {
	Blocks []Block
}

// BlockKind is the kind of a vertical unit of a document.
type BlockKind uint8

// Block kinds.
const (
	BlockParagraph    BlockKind = iota // running text; line breaks are "\n" in spans
	BlockHeading                       // Level 1-6
	BlockListItem                      // Level is the nesting depth, Marker the bullet or number
	BlockPreformatted                  // white space kept as written
	BlockRule                          // a horizontal line
	BlockImage                         // Image is set
	BlockEmbed                         // a blocked frame, object, video or audio; Image holds its source
)

// SpanStyle is a set of inline text styles.
type SpanStyle uint8

// Span styles, combinable.
const (
	StyleBold SpanStyle = 1 << iota
	StyleItalic
	StyleCode
	StyleUnderline
)

// Block is one vertical unit of a document. A body may hold hundreds of
// thousands of them, so Kind, Level and Quote share one word (56 bytes a
// block, not 72): Level is at most maxOpenElements, Quote is clamped.
type Block struct {
	Kind   BlockKind
	Level  int16  // heading level, or list nesting depth (1 = top level)
	Quote  int32  // blockquote nesting depth
	Marker string // list item marker ("•", "3."), "" on a list item's later paragraphs
	Spans  []Span
	Image  *Image // for BlockImage and BlockEmbed
}

// quoteLevel is a blockquote depth as a Block holds it.
func quoteLevel(n int) int32 { return int32(min(max(n, 0), math.MaxInt32)) }

// Span is a run of text in one style, possibly a link.
type Span struct {
	Text  string
	Style SpanStyle
	Link  string // the link's real target, "" when the text is not a link
}

// Image is an image (or a frame, object or video) in the document.
type Image struct {
	Alt         string
	Width       int    // declared width in CSS pixels, 0 when none was declared
	Height      int    // declared height, 0 when none
	URL         string // the remote source, blocked; "" for images carried in the message
	Host        string // the remote source's host, for the placeholder
	Vector      Vector // how the source would load: img-src, iframe, video, ...
	Data        []byte // image bytes carried in the message (a cid: part or a data: URL)
	ContentType string // of Data
	Missing     bool   // a cid: reference whose part is not in the message
	// PixelWidth and PixelHeight are the dimensions Data declares (0 when
	// unreadable); Refused says which pixel budget (budget.go) they are
	// past, and then the window must not decode Data.
	PixelWidth, PixelHeight int
	Refused                 ImageRefusal
}

// ImageRefusal is why an image carried in the message is not decoded.
type ImageRefusal string

// Image refusals.
const (
	RefusedTooLarge ImageRefusal = "too-large" // the image alone declares more than MaxImagePixels
	RefusedTooMany  ImageRefusal = "too-many"  // the message's images before it used up MaxMessageImagePixels
)

// Placeholder describes a blocked or absent image in plain words (English),
// e.g. "blocked image, 600x300, from cdn.example.com".
func (im *Image) Placeholder(kind string) string {
	var b strings.Builder
	im.writePlaceholder(&b, kind)
	return b.String()
}

// writePlaceholder writes the Placeholder to w.
func (im *Image) writePlaceholder(w io.StringWriter, kind string) {
	switch {
	case im.Missing:
		w.WriteString("missing inline ")
	case im.Data != nil:
		w.WriteString("inline ")
	default:
		w.WriteString("blocked ")
	}
	w.WriteString(kind)
	if im.Width > 0 || im.Height > 0 {
		w.WriteString(", ")
		w.WriteString(dim(im.Width))
		w.WriteString("x")
		w.WriteString(dim(im.Height))
	}
	if im.Host != "" {
		w.WriteString(", from ")
		w.WriteString(im.Host)
	}
	if im.Alt != "" {
		w.WriteString(": “")
		w.WriteString(im.Alt)
		w.WriteString("”")
	}
}

func dim(n int) string {
	if n <= 0 {
		return "?"
	}
	return strconv.Itoa(n)
}

// TextLen is how many bytes of text the document's spans hold.
func (d *Document) TextLen() int {
	n := 0
	for _, b := range d.Blocks {
		for _, s := range b.Spans {
			n += len(s.Text)
		}
	}
	return n
}

// Text returns the document as plain text: what a reader sees, with
// placeholders for images. Tests and the text report use it. It is built
// in one allocation of its exact length (a body may be megabytes).
func (d *Document) Text() string {
	var n textLength
	d.writeText(&n)
	var b strings.Builder
	b.Grow(int(n))
	d.writeText(&b)
	return b.String()
}

// textLength counts what is written to it.
type textLength int

func (n *textLength) WriteString(s string) (int, error) {
	*n += textLength(len(s))
	return len(s), nil
}

// writeText writes the document's text to w.
func (d *Document) writeText(w io.StringWriter) {
	for i, bl := range d.Blocks {
		if i > 0 {
			w.WriteString("\n")
		}
		for range bl.Quote {
			w.WriteString("> ")
		}
		switch bl.Kind {
		case BlockRule:
			w.WriteString("----")
		case BlockImage:
			w.WriteString("[")
			bl.Image.writePlaceholder(w, "image")
			w.WriteString("]")
		case BlockEmbed:
			w.WriteString("[")
			bl.Image.writePlaceholder(w, string(bl.Image.Vector))
			w.WriteString("]")
		case BlockListItem:
			for range max(bl.Level-1, 0) {
				w.WriteString("  ")
			}
			if bl.Marker != "" {
				w.WriteString(bl.Marker)
				w.WriteString(" ")
			}
		case BlockHeading:
			for range bl.Level {
				w.WriteString("#")
			}
			w.WriteString(" ")
		}
		for _, s := range bl.Spans {
			w.WriteString(s.Text)
		}
	}
}

// Excerpt returns the document's Text when it is at most 2n+1 bytes long;
// a longer text gives its first n bytes and its last n bytes joined by a
// line break, built without the whole text: what reads a body's start and
// its end (the checks that read words) reads the same, and a hundred
// megabytes of body are not copied once more for it.
func (d *Document) Excerpt(n int) string {
	var total textLength
	d.writeText(&total)
	if int(total) <= 2*n+1 {
		return d.Text()
	}
	x := excerptWriter{n: n, total: int(total)}
	x.b.Grow(2*n + 1)
	d.writeText(&x)
	return x.b.String()
}

// excerptWriter keeps the first n and the last n of total bytes written to
// it, with a line break between them.
type excerptWriter struct {
	b        strings.Builder
	n, total int
	at       int // bytes written so far
}

func (x *excerptWriter) WriteString(s string) (int, error) {
	start, end := x.at, x.at+len(s)
	if start < x.n { // the head
		x.b.WriteString(s[:min(end, x.n)-start])
		if min(end, x.n) == x.n {
			x.b.WriteByte('\n')
		}
	}
	if from := x.total - x.n; end > from { // the tail
		x.b.WriteString(s[max(start, from)-start:])
	}
	x.at = end
	return len(s), nil
}
