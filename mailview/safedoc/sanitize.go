package safedoc

import (
	"mailsafe/mailview/message"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on hostile HTML.
const (
	maxNesting   = 16   // iframe srcdoc, cid: and data: documents inside each other (also maxNestedBytes, nested.go)
	maxResources = 5000 // remote references listed per message
	maxLinks     = 5000
)

// sanitizer reads one HTML document (a body, an iframe's srcdoc, an attached
// SVG) in a single streaming pass over the HTML tokenizer, turning it into
// document blocks and collecting every remote reference and link. It keeps
// its own stack of open elements instead of building a tree: that is several
// times faster than the tree builder, has no depth limit (hundreds of
// unclosed <font> tags are common in real mail), and is all that text, links,
// hidden content and URLs need.
type sanitizer struct {
	msg     *message.Message
	r       urlResolver
	out     *Inventory
	nesting int
	seenCID map[string]bool

	doc   *Document
	arena []Span // spans of the blocks; each block's spans are a slice of it (or of an earlier arena)

	blockChunks [][]Block       // the document's blocks before s.doc.Blocks, joined when all are read
	first       int             // where the current block's spans start in arena
	cur         string          // text of the span being built (the last in arena), when it is one piece
	curMore     strings.Builder // text of the span being built, when it is several pieces
	curOpen     bool
	last        byte // last byte of text written in this block, 0 at its start
	sep         bool // a table-cell separator is due before the next text

	style     SpanStyle
	link      string
	links     []*openLink // <a> elements whose text is being gathered
	quote     int
	lists     []listState
	pre       int
	heading   int
	liFirst   bool // the next block is the first of a list item: give it the marker
	hidden    int  // > 0 inside content that is not shown: only collect URLs
	inert     int  // > 0 inside <template>: nothing there loads or shows
	svg       int  // > 0 inside <svg> or <math>
	stack     []openElement
	kids      [][]siblingKey // per depth, the element children read of the element open there (styleSheet.match)
	mayHide   bool           // the tag being read has a word that hiding needs ("none", "hidden", "collapse")
	el        *element       // the element collect read last
	elem      element        // storage for el
	scratch   html.Node      // the tag being read
	attrSpans []attrSpan     // its attributes in the raw tag (tagattrs.go)

	styles map[string]*parsedStyle // the style attributes read so far (styleAttribute)

	computedStyle // style sheet rules and picture chains (stylesheet.go)
}

type listState struct {
	ordered bool
	n       int
}

// openLink gathers the text of an open <a> for the links list.
type openLink struct {
	indexes []int // entries of Inventory.Links to receive the text
	text    strings.Builder
	alt     string
}

// openElement is an element on the stack with what it changed, so that its
// end tag (or an implied end) restores the context.
type openElement struct {
	name    string
	a       atom.Atom
	style   SpanStyle
	link    string
	links   int
	quote   int
	lists   int
	pre     int
	heading int
	hidden  int
	inert   int
	svg     int
	block   bool

	selectorKeys // id and class, for style sheet rules (stylesheet.go)
}

// maxOpenElements bounds the stack; elements past it are read for URLs but
// do not change the context.
const maxOpenElements = 1024

// sanitizeHTML reads src as an HTML document and returns its safe document.
func sanitizeHTML(src string, msg *message.Message, out *Inventory, nesting int, seenCID map[string]bool, within ...nestedDoc) *Document {
	doc := newDocument(true)
	readHTML(doc, src, msg, out, nesting, seenCID, within...)
	return doc
}

// readHTML reads src as an HTML document into doc (blocks.go: its blocks,
// or only their facts).
func readHTML(doc *Document, src string, msg *message.Message, out *Inventory, nesting int, seenCID map[string]bool, within ...nestedDoc) {
	if seenCID == nil {
		seenCID = map[string]bool{}
	}
	s := &sanitizer{msg: msg, out: out, nesting: nesting, seenCID: seenCID, doc: doc}
	if doc.keep {
		s.doc.Blocks = make([]Block, 0, len(src)/128+4)
		s.arena = make([]Span, 0, min(len(src)/64+4, spanChunk))
		// A shown body's tables nest its elements a dozen deep or more:
		// room for them at once, not grown through 1, 2, 4, 8 and 16.
		s.stack = make([]openElement, 0, 16)
	}
	var mayHaveBase bool
	s.sheet, mayHaveBase = readStyleSheets(src)
	s.r = findBase(src, mayHaveBase)
	if s.sheet != nil && s.sheet.cut {
		out.Unapplied++ // the rules before the cut still apply
	}
	if s.sheet != nil {
		out.UnreadSelectors += s.sheet.unread
	}
	for _, d := range within {
		d.apply(s)
	}
	s.run(src)
}

// findBase returns the resolver of the document's first <base href>, which
// applies to every relative URL, even those before it; mayHaveBase is
// hasBaseTag(src), which readStyleSheets learns in its scan.
func findBase(src string, mayHaveBase bool) urlResolver {
	if !mayHaveBase {
		return urlResolver{}
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return urlResolver{}
		case html.StartTagToken, html.SelfClosingTagToken:
			// The name read from the raw tag as readTag reads it: TagName
			// copies each one (its NUL replacement), and only <base> needs it.
			var buf [32]byte
			if string(tagName(z.Raw(), buf[:0])) != "base" {
				continue
			}
			_, more := z.TagName()
			for more {
				var key, val []byte
				key, val, more = z.TagAttr()
				if string(key) == "href" {
					return withBase(string(val))
				}
			}
		}
	}
}

// run reads the whole document.
func (s *sanitizer) run(src string) {
	z := html.NewTokenizer(strings.NewReader(src))
	pos := 0 // where the token read starts in src: the tokens' raw bytes follow each other
	for {
		tt := z.Next()
		start := pos
		pos += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			s.closeLinks(0)
			s.flush()
			s.joinBlocks()
			return
		case html.TextToken:
			s.textToken(z, src, start)
		case html.CommentToken:
			s.comment(z, src, start) // Outlook's conditional comments hold markup (nested.go)
		case html.StartTagToken, html.SelfClosingTagToken:
			n := s.readTag(z, src, start)
			s.start(z, n, tt == html.SelfClosingTagToken)
			z.AllowCDATA(s.svg > 0)
		case html.EndTagToken:
			var buf [32]byte
			name := tagName(z.Raw(), buf[:0])
			if a := atom.Lookup(name); a != 0 {
				s.end(a.String())
			} else {
				s.end(string(name))
			}
			z.AllowCDATA(s.svg > 0)
		}
	}
}

// hasBaseTag tells quickly whether src may hold a <base> tag.
func hasBaseTag(src string) bool {
	for i := 0; ; {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		if i+4 <= len(src) && strings.EqualFold(src[i:i+4], "base") {
			return true
		}
	}
}

// containsFold reports whether substr (lower-case ASCII) is in s, ignoring
// ASCII case, without copying s.
func containsFold(s, substr string) bool { return indexFold(s, substr) >= 0 }

// indexFold is the index of the first substr (lower-case ASCII) in s,
// ignoring ASCII case, or -1; s is not copied. The candidates (the first
// byte in either case) are found with one IndexByte search for each case,
// each resumed only once passed: linear, and most bytes are skipped at the
// speed of IndexByte rather than read one by one.
func indexFold(s, substr string) int {
	lower, upper := substr[0], substr[0]
	if 'a' <= lower && lower <= 'z' {
		upper = lower - ('a' - 'A')
	}
	// next returns the first index at or after from holding c, or len(s).
	next := func(c byte, from int) int {
		if j := strings.IndexByte(s[from:], c); j >= 0 {
			return from + j
		}
		return len(s)
	}
	nl, nu := next(lower, 0), len(s)
	if upper != lower {
		nu = next(upper, 0)
	}
	for {
		i := min(nl, nu)
		if i+len(substr) > len(s) {
			return -1
		}
		if strings.EqualFold(s[i:i+len(substr)], substr) {
			return i
		}
		if nl == i {
			nl = next(lower, i+1)
		}
		if nu == i {
			nu = next(upper, i+1)
		}
	}
}
