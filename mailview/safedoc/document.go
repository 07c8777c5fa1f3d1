package safedoc

import (
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"mailsafe/mailview/message"
)

// Document is a message body made safe to show: text with its structure,
// links with their real targets, and images as placeholders or as bytes that
// are already in the message. Nothing in a Document can cause a network
// request; the remote URLs of blocked images are kept only so that the
// reader can later choose to load them.
type Document struct {
	// Blocks are the document's blocks, nil when it was read without them
	// (ReadFacts): a report shows no body, and a body of hundreds of
	// thousands of blocks then costs only the facts below.
	Blocks []Block

	keep  bool  // add keeps the blocks in Blocks
	spare Image // the image of the block being read, when the blocks are not kept (newImage)
	facts documentFacts
}

// newImage returns a zero image for a block about to be added: a new one
// when the document keeps its blocks, else the one spare image, used again
// for each (a body may hold hundreds of thousands of images).
func (d *Document) newImage() *Image {
	if d.keep {
		return &Image{}
	}
	d.spare = Image{}
	return &d.spare
}

// documentFacts are what is known of a document's blocks, gathered as each
// is added (add), the same whether the blocks are kept or not: what the
// checks and the budgets read of a body never needs its blocks.
type documentFacts struct {
	blocks  int // blocks added
	textLen int // bytes of text in their spans
	images  int // images loading a remote source, pixels not counted (RemoteImages)
	words   int // words outside images, counted up to CountedWords
	excerpt excerptWriter
	text    string // the excerpt, once read without blocks (finish)
	// The pixel budgets of the images carried in the message (budget.go).
	pixels   int64
	refused  int               // images past MaxMessageImagePixels
	tooLarge []message.Problem // images past MaxImagePixels, in the order read
}

// newDocument returns an empty document, which keeps its blocks when keep
// is true and else only their facts.
func newDocument(keep bool) *Document {
	return &Document{keep: keep, facts: documentFacts{excerpt: excerptWriter{n: ExcerptBytes}}}
}

// add adds a block at the end of the document: its facts, and the block
// itself when the document keeps them. The sanitizer's emit adds its blocks
// here too, in chunks of its own (blocks.go).
func (d *Document) add(b *Block) {
	f := &d.facts
	f.blocks++
	for _, s := range b.Spans {
		f.textLen += len(s.Text)
	}
	if b.Kind == BlockImage {
		if im := b.Image; im != nil {
			if im.URL != "" && !im.isPixel() {
				f.images++
			}
			if im.Data != nil {
				f.budgetImage(im)
			}
		}
	} else {
		// A span's words are its own. Without blocks, the sanitizer leaves
		// the pieces of a span unjoined (blocks.go, appendText): pieces of
		// the same style and link one after the other are one span.
		in := outsideWord
		for i := range b.Spans {
			if f.words >= CountedWords {
				break
			}
			s := &b.Spans[i]
			if d.keep || i > 0 && (s.Style != b.Spans[i-1].Style || s.Link != b.Spans[i-1].Link) {
				in = outsideWord
			}
			var n int
			n, in = countWords(s.Text, in, CountedWords-f.words)
			f.words += n
		}
	}
	if !d.keep {
		writeBlockText(&f.excerpt, b, f.blocks == 1)
	}
}

// finish ends the reading of a document without blocks: its excerpt is
// kept as text, the room that gathered it let go.
func (d *Document) finish() {
	if !d.keep {
		d.facts.text = d.facts.excerpt.String()
		d.facts.excerpt = excerptWriter{}
	}
}

// CountedWords is how many words of a document's text Words counts at most.
const CountedWords = 64

// Words returns how many words the document's text (outside images) holds,
// counted up to CountedWords: runs of letters and digits.
func (d *Document) Words() int { return d.facts.words }

// RemoteImages returns how many image blocks load a remote source, not
// counting pixels (3 px or less across, either way: a tracker or a spacer,
// which shows nothing).
func (d *Document) RemoteImages() int { return d.facts.images }

// isPixel tells whether the image declares itself 3 px or less across.
func (im *Image) isPixel() bool {
	return im.Width > 0 && im.Width <= 3 || im.Height > 0 && im.Height <= 3
}

// wordState is where countWords stopped: outside a word, in one, or in a
// run of characters of a script written without spaces between words,
// after an odd or an even number of them.
type wordState uint8

const (
	outsideWord wordState = iota
	inWord
	inSpacelessOdd
	inSpacelessEven
)

// countWords counts the words in s, without making them, up to limit: runs
// of letters and digits (what strings.FieldsFunc would split out) and, in
// Japanese, Chinese, Thai and other scripts written without spaces, a word
// for every two characters (the average length of a Japanese word; a
// sentence of them is not one word). in tells where the text before s
// stopped, and the result where s does.
func countWords(s string, in wordState, limit int) (int, wordState) {
	n := 0
	for _, r := range s {
		next := outsideWord
		switch {
		case spaceless(r):
			next = inSpacelessOdd
			if in == inSpacelessOdd {
				next = inSpacelessEven
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			next = inWord
		}
		if next == inWord && in != inWord || next == inSpacelessOdd {
			if n == limit {
				break
			}
			n++
		}
		in = next
	}
	return n, in
}

// spaceless tells whether r is a letter of a script written without spaces
// between words, or the long-vowel mark katakana words use (ー, which
// Unicode gives to no script).
func spaceless(r rune) bool {
	return r >= 0x0E00 && (r == 'ー' || r == 'ｰ' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao,
		unicode.Khmer, unicode.Myanmar, unicode.Tibetan))
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
func (d *Document) TextLen() int { return d.facts.textLen }

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
	for i := range d.Blocks {
		writeBlockText(w, &d.Blocks[i], i == 0)
	}
}

// writeBlockText writes the text of one block to w, as Text has it: a line
// break before every block but the first.
func writeBlockText(w io.StringWriter, bl *Block, first bool) {
	if !first {
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

// ExcerptBytes is how much of the start and of the end of its text a
// document's Excerpt gives.
const ExcerptBytes = 64 << 10

// Excerpt returns the document's Text when it is at most 2*ExcerptBytes+1
// bytes long; a longer text gives its first ExcerptBytes bytes and its last
// ExcerptBytes bytes joined by a line break, built without the whole text:
// what reads a body's start and its end (the checks that read words) reads
// the same, and a hundred megabytes of body are not copied once more for
// it. A document read without blocks kept it as it was read.
func (d *Document) Excerpt() string {
	if !d.keep {
		return d.facts.text
	}
	return d.excerpt(ExcerptBytes)
}

// excerpt is Excerpt of n bytes, from the blocks.
func (d *Document) excerpt(n int) string {
	x := excerptWriter{n: n}
	d.writeText(&x)
	return x.String()
}

// excerptWriter keeps the first 2n+1 and the last n bytes written to it,
// which is all an excerpt of n bytes needs however long the text is.
type excerptWriter struct {
	n    int
	head []byte // the first 2n+1 bytes
	tail []byte // once more were written, the last n bytes at its end (of up to 2n bytes)
	at   int    // bytes written so far
}

func (x *excerptWriter) WriteString(s string) (int, error) {
	written, full := len(s), 2*x.n+1
	if x.at+len(s) <= full { // all of the text so far is in the head
		x.head = append(x.head, s...)
		x.at += len(s)
		return written, nil
	}
	if x.tail == nil { // the head fills up: the tail starts as its end
		k := full - x.at
		x.head = append(x.head, s[:k]...)
		x.tail = append(make([]byte, 0, 2*x.n), x.head[len(x.head)-x.n:]...)
		x.at, s = full, s[k:]
	}
	x.at += len(s)
	if len(s) >= x.n {
		x.tail = append(x.tail[:0], s[len(s)-x.n:]...)
		return written, nil
	}
	if len(x.tail)+len(s) > 2*x.n { // room for s: the last bytes before it move to the front
		k := copy(x.tail, x.tail[len(x.tail)-(x.n-len(s)):])
		x.tail = x.tail[:k]
	}
	x.tail = append(x.tail, s...)
	return written, nil
}

// String returns the excerpt of what was written.
func (x *excerptWriter) String() string {
	if x.at <= 2*x.n+1 {
		return string(x.head)
	}
	var b strings.Builder
	b.Grow(2*x.n + 1)
	b.Write(x.head[:x.n])
	b.WriteByte('\n')
	b.Write(x.tail[len(x.tail)-x.n:])
	return b.String()
}
