package safedoc

import (
	"mailsafe/mailview/message"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on hostile HTML.
const (
	maxNesting   = 4    // iframe srcdoc, cid: and data: documents inside each other
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

	doc     *Document
	arena   []Span // spans of all blocks; each block's spans are a slice of it
	first   int    // where the current block's spans start in arena
	cur     string // text of the span being built (the last in arena)
	curOpen bool
	last    byte // last byte of text written in this block, 0 at its start
	sep     bool // a table-cell separator is due before the next text

	style   SpanStyle
	link    string
	links   []*openLink // <a> elements whose text is being gathered
	quote   int
	lists   []listState
	pre     int
	heading int
	liFirst bool // the next block is the first of a list item: give it the marker
	hidden  int  // > 0 inside content that is not shown: only collect URLs
	inert   int  // > 0 inside <template>: nothing there loads or shows
	svg     int  // > 0 inside <svg> or <math>
	stack   []openElement
	mayHide bool      // the tag being read has a word that hiding needs ("none", "hidden", "collapse")
	el      *element  // the element collect read last
	elem    element   // storage for el
	scratch html.Node // the tag being read
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
}

// maxOpenElements bounds the stack; elements past it are read for URLs but
// do not change the context.
const maxOpenElements = 1024

// sanitizeHTML reads src as an HTML document and returns its safe document.
func sanitizeHTML(src string, msg *message.Message, out *Inventory, nesting int, seenCID map[string]bool) *Document {
	if seenCID == nil {
		seenCID = map[string]bool{}
	}
	s := &sanitizer{msg: msg, out: out, nesting: nesting, seenCID: seenCID, doc: &Document{}}
	s.doc.Blocks = make([]Block, 0, len(src)/128+4)
	s.arena = make([]Span, 0, len(src)/64+4)
	s.r = findBase(src)
	s.run(src)
	return s.doc
}

// findBase returns the resolver of the document's first <base href>, which
// applies to every relative URL, even those before it.
func findBase(src string) urlResolver {
	if !hasBaseTag(src) {
		return urlResolver{}
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return urlResolver{}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "base" {
				continue
			}
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

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// run reads the whole document.
func (s *sanitizer) run(src string) {
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			s.closeLinks(0)
			s.flush()
			return
		case html.TextToken:
			s.textToken(z)
		case html.StartTagToken, html.SelfClosingTagToken:
			n := s.readTag(z)
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

// readTag reads the current tag into the sanitizer's scratch node (nothing
// keeps it past the tag): name, atom, namespace and attributes (values
// unescaped; "xlink:href" split into namespace and key). The name is read
// from the raw tag, and attributes only when they can matter, because the
// tokenizer copies each name and value it returns.
func (s *sanitizer) readTag(z *html.Tokenizer) *html.Node {
	raw := z.Raw()
	var buf [32]byte
	name := tagName(raw, buf[:0])
	n := &s.scratch
	*n = html.Node{Type: html.ElementNode, Attr: n.Attr[:0]}
	n.DataAtom = atom.Lookup(name)
	if n.DataAtom != 0 {
		n.Data = n.DataAtom.String()
	} else {
		n.Data = string(name)
	}
	if s.svg > 0 || n.DataAtom == atom.Svg || n.DataAtom == atom.Math {
		n.Namespace = "svg"
		if n.DataAtom == atom.Math {
			n.Namespace = "math"
		}
	}
	readAll := n.Namespace != "" || carriesURLs(n.DataAtom)
	s.mayHide = false
	if !readAll {
		var paren, background bool
		s.mayHide, paren, background = tagSignals(raw)
		if !s.mayHide && !paren && !background {
			return n // a layout tag whose attributes can neither load nor hide anything
		}
	}
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		if key == nil {
			break
		}
		a := html.Attribute{}
		switch name := usedAttribute(key); name {
		case "":
			continue // class, id, align, bgcolor, ...: nothing here reads them
		case "xlink:href":
			a.Namespace, a.Key = "xlink", "href"
		default:
			a.Key = name
		}
		a.Val = string(val)
		if readAll && (a.Key == "hidden" || a.Key == "style" && !s.mayHide) {
			s.mayHide, _, _ = tagSignals(val)
			s.mayHide = s.mayHide || a.Key == "hidden"
		}
		n.Attr = append(n.Attr, a)
	}
	return n
}

// tagName reads the lower-cased name of a raw start or end tag into buf.
func tagName(raw, buf []byte) []byte {
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// carriesURLs tells whether an element's own attributes name URLs or links
// (or, for <ol>, its numbering), so that they are always read.
func carriesURLs(a atom.Atom) bool {
	switch a {
	case atom.Img, atom.A, atom.Area, atom.Link, atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet,
		atom.Param, atom.Video, atom.Audio, atom.Source, atom.Track, atom.Input, atom.Button, atom.Form,
		atom.Script, atom.Meta, atom.Html, atom.Base, atom.Body, atom.Ol, 0:
		return true
	}
	return false
}

// tagSignals reads a raw tag once for what makes its attributes matter:
// mayHide when it holds "none", "hidden", "collapse", "opacity" or
// "position" (in any case), one of which every way of hiding an element
// needs (a clipped zero-size box says "overflow:hidden"); paren when it holds "(", which any
// URL in a style needs (url(), image-set(), even escaped); background when it
// may have a background attribute ("background" then "=", so that
// "background-color:" in a style does not count).
func tagSignals(raw []byte) (mayHide, paren, background bool) {
	for i := 0; i < len(raw); i++ {
		switch raw[i] | 0x20 {
		case '(':
			paren = true
		case 'b':
			if !background && hasFoldAt(raw, i, "background") {
				j := i + len("background")
				for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
					j++
				}
				background = j < len(raw) && raw[j] == '='
			}
		case 'n':
			mayHide = mayHide || hasFoldAt(raw, i, "none")
		case 'h':
			mayHide = mayHide || hasFoldAt(raw, i, "hidden")
		case 'c':
			mayHide = mayHide || hasFoldAt(raw, i, "collapse")
		case 'o':
			mayHide = mayHide || hasFoldAt(raw, i, "opacity")
		case 'p':
			mayHide = mayHide || hasFoldAt(raw, i, "position")
		}
	}
	return mayHide, paren, background
}

// hasFoldAt tells whether b holds sub (lower-case ASCII) at i, ignoring case.
func hasFoldAt(b []byte, i int, sub string) bool {
	if i+len(sub) > len(b) {
		return false
	}
	for j := 0; j < len(sub); j++ {
		if b[i+j]|0x20 != sub[j] {
			return false
		}
	}
	return true
}

// usedAttribute returns the name of an attribute the sanitizer reads, as a
// constant string, or "" for the others, which are dropped as the tag is read.
func usedAttribute(key []byte) string {
	switch string(key) {
	case "src":
		return "src"
	case "href":
		return "href"
	case "style":
		return "style"
	case "alt":
		return "alt"
	case "width":
		return "width"
	case "height":
		return "height"
	case "srcset":
		return "srcset"
	case "background":
		return "background"
	case "hidden":
		return "hidden"
	case "type":
		return "type"
	case "ping":
		return "ping"
	case "action":
		return "action"
	case "formaction":
		return "formaction"
	case "data":
		return "data"
	case "code":
		return "code"
	case "codebase":
		return "codebase"
	case "archive":
		return "archive"
	case "value":
		return "value"
	case "name":
		return "name"
	case "poster":
		return "poster"
	case "manifest":
		return "manifest"
	case "http-equiv":
		return "http-equiv"
	case "content":
		return "content"
	case "srcdoc":
		return "srcdoc"
	case "start":
		return "start"
	case "title":
		return "title"
	case "lowsrc":
		return "lowsrc"
	case "dynsrc":
		return "dynsrc"
	case "imagesrcset":
		return "imagesrcset"
	case "xlink:href":
		return "xlink:href"
	}
	return ""
}

// textToken handles text: the content of <style> is CSS; other raw text
// (script, title, textarea, iframe) is never shown.
func (s *sanitizer) textToken(z *html.Tokenizer) {
	top := atom.Atom(0)
	if len(s.stack) > 0 {
		top = s.stack[len(s.stack)-1].a
	}
	switch top {
	case atom.Style:
		if s.inert == 0 {
			s.collectCSS(string(z.Text()), nil)
		}
		return
	case atom.Script, atom.Title, atom.Textarea, atom.Iframe, atom.Noembed, atom.Noframes, atom.Xmp:
		return
	}
	if s.hidden > 0 || s.inert > 0 || s.svg > 0 {
		return
	}
	s.text(string(z.Text()))
}

// Elements that never have content (the tokenizer reports <br> and
// <br/> alike; these are never pushed).
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link,
		atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr, atom.Keygen, atom.Frame:
		return true
	}
	return false
}

// isBlock tells whether an element starts a new block of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Main, atom.Nav,
		atom.Aside, atom.Center, atom.Address, atom.Figure, atom.Figcaption, atom.Details, atom.Summary,
		atom.Dl, atom.Dt, atom.Dd, atom.Form, atom.Fieldset, atom.Legend, atom.Table, atom.Tbody, atom.Thead,
		atom.Tfoot, atom.Caption, atom.Tr, atom.Body, atom.Html, atom.Hgroup, atom.Output,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Menu, atom.Dir, atom.Li,
		atom.Blockquote, atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext, atom.Hr:
		return true
	}
	return false
}

// closesP tells whether a start tag ends an open <p>, as the HTML parser does.
func closesP(a atom.Atom) bool {
	return isBlock(a) && a != atom.Body && a != atom.Html && a != atom.Tbody && a != atom.Thead &&
		a != atom.Tfoot && a != atom.Tr && a != atom.Caption && a != atom.Li && a != atom.Dt && a != atom.Dd
}

// start handles a start tag.
func (s *sanitizer) start(z *html.Tokenizer, n *html.Node, selfClosing bool) {
	a := n.DataAtom
	if s.svg == 0 {
		s.impliedEnds(a)
	}
	hidden := false
	if s.inert == 0 {
		hidden = s.collect(n)
	}
	if s.svg > 0 || n.Namespace != "" {
		if !selfClosing && n.Namespace != "" && s.push(n.Data, a, false) {
			s.svg++
			s.hidden++
		}
		return
	}
	shown := s.hidden == 0 && s.inert == 0 && !hidden
	switch a {
	case atom.Br:
		if shown {
			s.appendText("\n")
		}
		return
	case atom.Hr:
		if shown {
			s.flush()
			s.emit(Block{Kind: BlockRule})
		}
		return
	case atom.Img, atom.Input:
		if a == atom.Input {
			if t, _ := attr(n, "type"); !strings.EqualFold(strings.TrimSpace(t), "image") {
				return
			}
		}
		if alt, ok := attr(n, "alt"); ok && len(s.links) > 0 && s.links[len(s.links)-1].alt == "" {
			s.links[len(s.links)-1].alt = alt
		}
		if shown {
			if im := s.image(n); im != nil {
				s.flush()
				s.emit(Block{Kind: BlockImage, Image: im})
			}
		}
		return
	case atom.Embed, atom.Frame:
		if shown {
			s.flush()
			s.emit(Block{Kind: BlockEmbed, Image: s.embed(n)})
		}
		return
	case atom.Noscript:
		z.NextIsNotRawText() // scripts never run here, so its content is markup
	}
	if isVoid(a) || selfClosing && a == 0 {
		return
	}
	block := isBlock(a)
	if block {
		s.flush()
	}
	if !s.push(n.Data, a, block) {
		return // too deep to undo: its effects are not applied
	}
	if hidden {
		s.hidden++
	}
	switch a {
	case atom.Template:
		s.inert++
	case atom.Head, atom.Select, atom.Datalist, atom.Map, atom.Svg, atom.Math:
		s.hidden++
	case atom.Iframe, atom.Object, atom.Applet, atom.Video, atom.Audio:
		if shown {
			s.flush()
			s.emit(Block{Kind: BlockEmbed, Image: s.embed(n)})
		}
		if a != atom.Object { // an object's content is its fallback, shown when it does not load
			s.hidden++
		}
	case atom.A:
		s.openLink(n)
	case atom.B, atom.Strong:
		s.style |= StyleBold
	case atom.I, atom.Em, atom.Cite, atom.Var, atom.Dfn:
		s.style |= StyleItalic
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		s.style |= StyleCode
	case atom.U, atom.Ins:
		s.style |= StyleUnderline
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		s.heading = int(n.Data[1] - '0')
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		st := listState{ordered: a == atom.Ol}
		if v, ok := attr(n, "start"); ok {
			if k, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				st.n = k - 1
			}
		}
		s.lists = append(s.lists, st)
	case atom.Li:
		if len(s.lists) == 0 {
			s.lists = append(s.lists, listState{})
		}
		s.lists[len(s.lists)-1].n++
		s.liFirst = true
	case atom.Blockquote:
		s.quote++
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		s.pre++
	case atom.Th:
		s.style |= StyleBold
		s.cellStart()
	case atom.Td:
		s.cellStart()
	}
}

// cellStart separates a table cell from the one before it on the same line;
// cells that hold blocks end up on lines of their own anyway.
func (s *sanitizer) cellStart() {
	if len(s.arena) > s.first {
		s.sep = true
	}
}

// push records an open element with the context as it was before it, for
// its end to restore; false when the stack is full and the element's effects
// must not be applied.
func (s *sanitizer) push(name string, a atom.Atom, block bool) bool {
	if len(s.stack) >= maxOpenElements {
		return false
	}
	s.stack = append(s.stack, openElement{name: name, a: a, block: block, style: s.style, link: s.link, links: len(s.links),
		quote: s.quote, lists: len(s.lists), pre: s.pre, heading: s.heading, hidden: s.hidden, inert: s.inert, svg: s.svg})
	return true
}

// end handles an end tag: the element and everything opened inside it close.
func (s *sanitizer) end(name string) {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].name == name {
			s.popTo(i)
			return
		}
		// An end tag does not reach past a table cell or an SVG root for
		// elements outside them (stray </p>, </b> in cells are ignored).
		if a := s.stack[i].a; a == atom.Td || a == atom.Th || a == atom.Table || s.stack[i].svg != s.svg && s.svg > 0 && name != "svg" {
			if name != "td" && name != "th" && name != "tr" && name != "table" && name != "tbody" && name != "thead" && name != "tfoot" {
				return
			}
		}
	}
	if name == "br" && s.hidden == 0 && s.inert == 0 { // </br> is read as <br>
		s.appendText("\n")
	}
}

// popTo closes the elements from the top of the stack down to index i.
func (s *sanitizer) popTo(i int) {
	for j := len(s.stack) - 1; j >= i; j-- {
		e := s.stack[j]
		if e.block {
			s.flush()
		}
		s.closeLinks(e.links)
		s.style, s.link, s.quote, s.pre, s.heading = e.style, e.link, e.quote, e.pre, e.heading
		s.hidden, s.inert, s.svg = e.hidden, e.inert, e.svg
		if len(s.lists) > e.lists {
			s.lists = s.lists[:e.lists]
		}
		if e.a == atom.Li {
			s.liFirst = false
		}
	}
	s.stack = s.stack[:i]
}

// impliedEnds closes what the start of element a implicitly ends, as the
// HTML parser would: an open <p> before a block, the previous <li>, <dt>,
// <dd>, cell, row or link.
func (s *sanitizer) impliedEnds(a atom.Atom) {
	var closes func(atom.Atom) bool
	var stop func(atom.Atom) bool
	switch {
	case a == atom.Li:
		closes = func(x atom.Atom) bool { return x == atom.Li }
		stop = func(x atom.Atom) bool { return x == atom.Ul || x == atom.Ol || x == atom.Menu || x == atom.Table }
	case a == atom.Dt || a == atom.Dd:
		closes = func(x atom.Atom) bool { return x == atom.Dt || x == atom.Dd }
		stop = func(x atom.Atom) bool { return x == atom.Dl || x == atom.Table }
	case a == atom.Td || a == atom.Th:
		closes = func(x atom.Atom) bool { return x == atom.Td || x == atom.Th }
		stop = func(x atom.Atom) bool { return x == atom.Tr || x == atom.Table }
	case a == atom.Tr:
		closes = func(x atom.Atom) bool { return x == atom.Tr }
		stop = func(x atom.Atom) bool { return x == atom.Table }
	case a == atom.A: // links do not nest: a new one ends the open one
		closes = func(x atom.Atom) bool { return x == atom.A }
		stop = func(x atom.Atom) bool { return x == atom.Td || x == atom.Th || x == atom.Table }
	case closesP(a):
		closes = func(x atom.Atom) bool { return x == atom.P }
		stop = func(x atom.Atom) bool {
			return x == atom.Td || x == atom.Th || x == atom.Table || x == atom.Li || x == atom.Blockquote || x == atom.Div
		}
	default:
		return
	}
	for i := len(s.stack) - 1; i >= 0; i-- {
		x := s.stack[i].a
		if closes(x) {
			s.popTo(i)
			return
		}
		if stop(x) || s.stack[i].svg != s.svg {
			return
		}
	}
}

// openLink starts a link: its target becomes the link of the text inside,
// and it is listed (with its pings) once its text is known.
func (s *sanitizer) openLink(n *html.Node) {
	ol := &openLink{}
	if href, ok := attr(n, "href"); ok {
		if i := s.addLink(href, LinkAnchor); i >= 0 {
			s.link = s.out.Links[i].URL
			ol.indexes = append(ol.indexes, i)
		}
	}
	if v, ok := attr(n, "ping"); ok {
		for _, u := range strings.Fields(v) {
			if i := s.addLink(u, LinkPing); i >= 0 {
				ol.indexes = append(ol.indexes, i)
			}
		}
	}
	s.links = append(s.links, ol)
}

// closeLinks ends the open links above depth keep, giving their entries text.
func (s *sanitizer) closeLinks(keep int) {
	for len(s.links) > keep {
		ol := s.links[len(s.links)-1]
		text := strings.TrimSpace(collapseSpace(ol.text.String()))
		if text == "" {
			text = strings.TrimSpace(ol.alt)
		}
		text = message.Clip(text, 200)
		for _, i := range ol.indexes {
			s.out.Links[i].Text = text
		}
		s.links = s.links[:len(s.links)-1]
	}
}

// text adds a text node's content, collapsing white space outside <pre>.
func (s *sanitizer) text(t string) {
	for i := range s.links {
		if s.links[i].text.Len() < 1000 {
			s.links[i].text.WriteString(t)
		}
	}
	if s.pre > 0 {
		s.appendText(t)
		return
	}
	t = collapseSpace(t)
	if t == "" {
		return
	}
	if t[0] == ' ' && (s.last == 0 || s.last == ' ' || s.last == '\n') {
		t = t[1:]
	}
	s.appendText(t)
}

// appendText adds t in the current style and link.
func (s *sanitizer) appendText(t string) {
	if t == "" {
		return
	}
	if s.sep {
		s.sep = false
		if s.last != 0 && s.last != '\n' {
			s.appendText(" | ")
		}
	}
	if s.curOpen && (s.arena[len(s.arena)-1].Style != s.style || s.arena[len(s.arena)-1].Link != s.link) {
		s.closeSpan()
	}
	if !s.curOpen {
		s.arena = append(s.arena, Span{Style: s.style, Link: s.link})
		s.curOpen = true
	}
	s.cur += t // most spans are one piece: no copy then
	s.last = t[len(t)-1]
}

func (s *sanitizer) closeSpan() {
	if s.curOpen {
		s.arena[len(s.arena)-1].Text = s.cur
		s.cur = ""
		s.curOpen = false
	}
}

// flush ends the current run of text as a block of the kind the context gives.
func (s *sanitizer) flush() {
	s.closeSpan()
	spans := s.arena[s.first:len(s.arena):len(s.arena)] // capped: later appends never write into it
	s.first, s.last, s.sep = len(s.arena), 0, false
	if s.pre == 0 {
		spans = trimSpans(spans)
	}
	if len(spans) == 0 {
		return
	}
	b := Block{Spans: spans, Quote: s.quote}
	switch {
	case s.pre > 0:
		b.Kind = BlockPreformatted
	case s.heading > 0:
		b.Kind, b.Level = BlockHeading, s.heading
	case len(s.lists) > 0:
		b.Kind, b.Level = BlockListItem, len(s.lists)
		if s.liFirst {
			top := s.lists[len(s.lists)-1]
			b.Marker = "•"
			if top.ordered {
				b.Marker = strconv.Itoa(top.n) + "."
			}
			s.liFirst = false
		}
	}
	s.emit(b)
}

func (s *sanitizer) emit(b Block) {
	if b.Quote == 0 {
		b.Quote = s.quote
	}
	s.doc.Blocks = append(s.doc.Blocks, b)
}

// trimSpans removes white space at the start and end of a block and drops
// blocks that hold nothing but white space.
func trimSpans(spans []Span) []Span {
	for len(spans) > 0 {
		spans[0].Text = strings.TrimLeft(spans[0].Text, " \n")
		if spans[0].Text != "" {
			break
		}
		spans = spans[1:]
	}
	for len(spans) > 0 {
		last := &spans[len(spans)-1]
		last.Text = strings.TrimRight(last.Text, " \n")
		if last.Text != "" {
			break
		}
		spans = spans[:len(spans)-1]
	}
	return spans
}

// image builds the image of an <img> (or <input type=image>): bytes when the
// message carries them, a placeholder with the remote source otherwise.
func (s *sanitizer) image(n *html.Node) *Image {
	im := &Image{}
	im.Alt, _ = attr(n, "alt")
	im.Alt = strings.TrimSpace(collapseSpace(im.Alt))
	im.Width, im.Height = max(s.el.width, 0), max(s.el.height, 0)
	src, _ := attr(n, "src")
	target, kind := s.r.resolve(src)
	if kind != refRemote && kind != refCID && kind != refData {
		// No usable src: a srcset alone still loads.
		if set, ok := attr(n, "srcset"); ok {
			if urls := srcsetURLs(set); len(urls) > 0 {
				target, kind = s.r.resolve(urls[0])
			}
		}
	}
	switch kind {
	case refRemote:
		im.URL, im.Host, im.Vector = target, hostOf(target), VectorImgSrc
	case refCID:
		p := s.msg.PartByContentID(cidOf(target))
		if p == nil {
			im.Missing = true
		} else if isRasterImage(p.ContentType) {
			im.Data, im.ContentType = p.Bytes(), p.ContentType
		}
	case refData:
		if ct, data, ok := parseDataURL(target); ok && isRasterImage(ct) {
			im.Data, im.ContentType = data, ct
		}
	default:
		if im.Alt == "" {
			return nil // nothing to show and nothing blocked
		}
	}
	return im
}

// embed builds the placeholder of a frame, object, video or audio element.
func (s *sanitizer) embed(n *html.Node) *Image {
	im := &Image{Vector: Vector(n.Data)}
	im.Width, im.Height = max(s.el.width, 0), max(s.el.height, 0)
	for _, key := range []string{"src", "data", "code", "poster"} {
		if v, ok := attr(n, key); ok {
			if target, kind := s.r.resolve(v); kind == refRemote {
				im.URL, im.Host = target, hostOf(target)
				break
			}
		}
	}
	if v, ok := attr(n, "title"); ok {
		im.Alt = strings.TrimSpace(v)
	}
	return im
}

// element is what collect learned of the element being read, shared by the
// references it records.
type element struct {
	n        *html.Node
	hidden   bool // hidden by its own style or hidden attribute
	width    int  // declared size, for images; -1 when not declared
	height   int
	measured bool
}

// collect lists every URL the element would load and every link it offers,
// whether or not it is shown, and tells whether the element hides its content.
func (s *sanitizer) collect(n *html.Node) (hidden bool) {
	s.elem = element{n: n}
	el := &s.elem
	style, hasStyle := attr(n, "style")
	var decls []cssDeclaration
	measured := false
	switch n.DataAtom {
	case atom.Img, atom.Input, atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet, atom.Video:
		measured = true
	}
	// Most style attributes only set colours and spacing: parse them only
	// when they can hide the element (display:none and visibility:hidden
	// need one of the words readTag looked for) or size an image.
	if hasStyle && (s.mayHide || measured && (containsFold(style, "width") || containsFold(style, "height"))) {
		decls = parseDeclarations(style)
		el.hidden = declarationsHide(decls)
	}
	if _, ok := attr(n, "hidden"); ok && n.Namespace == "" {
		el.hidden = true
	}
	if measured {
		el.width, el.height = declaredSize(n, decls)
		el.measured = true
	}
	s.el = el
	switch n.Namespace {
	case "":
		s.collectHTML(n, el)
	case "svg":
		s.collectSVG(n, el)
	}
	if hasStyle && mayHoldURL(style) {
		s.collectCSS(style, el)
	}
	return el.hidden
}

// mayHoldURL is a quick test that lets most style attributes (colours,
// padding) skip the URL scan: any URL needs one of these.
func mayHoldURL(style string) bool {
	for i := 0; i < len(style); i++ {
		switch style[i] {
		case '(', '"', '\'', '\\':
			return true
		}
	}
	return false
}

func (s *sanitizer) collectHTML(n *html.Node, el *element) {
	res := func(key string, vector Vector) {
		if v, ok := attr(n, key); ok {
			s.reference(v, vector, el)
		}
	}
	resSet := func(key string, vector Vector) { // srcset: "a.png 1x, b.png 2x"
		if v, ok := attr(n, key); ok {
			for _, u := range srcsetURLs(v) {
				s.reference(u, vector, el)
			}
		}
	}
	switch n.DataAtom {
	case atom.Img:
		res("src", VectorImgSrc)
		resSet("srcset", VectorImgSrcset)
		res("lowsrc", VectorImgLowsrc)
		res("dynsrc", VectorImgDynsrc)
	case atom.Source:
		res("src", VectorSourceSrc)
		resSet("srcset", VectorSourceSet)
	case atom.Input:
		if t, _ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(t), "image") {
			res("src", VectorInputImage)
		}
		s.linkAttr(n, "formaction", LinkForm)
	case atom.Button:
		s.linkAttr(n, "formaction", LinkForm)
	case atom.Link:
		res("href", VectorLink)
		resSet("imagesrcset", VectorLink)
	case atom.Iframe:
		res("src", VectorIframe)
		if v, ok := attr(n, "srcdoc"); ok && s.nesting < maxNesting {
			sanitizeHTML(v, s.msg, s.out, s.nesting+1, s.seenCID) // searched, not shown
		}
	case atom.Frame:
		res("src", VectorFrame)
	case atom.Object, atom.Applet:
		vector := VectorObject
		if n.DataAtom == atom.Applet {
			vector = VectorApplet
		}
		base := s.r
		if v, ok := attr(n, "codebase"); ok {
			if abs, kind := s.r.resolve(v); kind == refRemote {
				s.r = withBase(abs)
			}
		}
		res("data", vector)
		res("code", vector)
		if v, ok := attr(n, "archive"); ok {
			for _, u := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' }) {
				s.reference(u, vector, el)
			}
		}
		s.r = base
		if n.DataAtom == atom.Object {
			res("codebase", vector) // an ActiveX codebase is itself a download
		}
	case atom.Param:
		if name, _ := attr(n, "name"); isURLParam(name) {
			res("value", VectorObject)
		}
	case atom.Embed:
		res("src", VectorEmbed)
		res("code", VectorEmbed)
	case atom.Video:
		res("src", VectorVideo)
		res("poster", VectorPoster)
	case atom.Audio:
		res("src", VectorAudio)
	case atom.Track:
		res("src", VectorTrack)
	case atom.Script:
		res("src", VectorScript)
	case atom.Meta:
		if he, _ := attr(n, "http-equiv"); strings.EqualFold(strings.TrimSpace(he), "refresh") {
			if c, ok := attr(n, "content"); ok {
				if u := refreshURL(c); u != "" {
					s.reference(u, VectorMetaRefresh, el)
				}
			}
		}
	case atom.Html:
		res("manifest", VectorManifest)
	case atom.Area:
		alt, _ := attr(n, "alt")
		if i := s.linkAttr(n, "href", LinkArea); i >= 0 {
			s.out.Links[i].Text = strings.TrimSpace(alt)
		}
		if v, ok := attr(n, "ping"); ok {
			for _, u := range strings.Fields(v) {
				if i := s.addLink(u, LinkPing); i >= 0 {
					s.out.Links[i].Text = strings.TrimSpace(alt)
				}
			}
		}
	case atom.Form:
		s.linkAttr(n, "action", LinkForm)
	}
	if n.Data == "bgsound" {
		res("src", VectorBgsound)
	}
	res("background", VectorBackground)
}

// collectSVG lists SVG references: href and xlink:href on any element but a
// link (<a>) load something; a reference to a fragment of the same document
// ("#id") loads nothing.
func (s *sanitizer) collectSVG(n *html.Node, el *element) {
	for _, a := range n.Attr {
		if a.Key != "href" || (a.Namespace != "" && a.Namespace != "xlink") {
			continue
		}
		if n.Data == "a" {
			s.addLink(a.Val, LinkAnchor)
			continue
		}
		s.reference(a.Val, VectorSVGPrefix+Vector(strings.ToLower(n.Data)), el)
	}
}

// collectCSS lists the URLs of a style sheet.
func (s *sanitizer) collectCSS(src string, el *element) {
	for _, ref := range scanCSS(src) {
		s.referenceFor(ref.URL, ref.Vector, el, ref.Contexts)
	}
}

// reference records one URL that would load. A cid: reference to an SVG, CSS
// or HTML part, and a data: URL with such content, are searched in turn.
func (s *sanitizer) reference(raw string, vector Vector, el *element) {
	s.referenceFor(raw, vector, el, nil)
}

// referenceFor is reference with the reasons the URL's context already gives
// (a CSS rule that only applies when printing, say).
func (s *sanitizer) referenceFor(raw string, vector Vector, el *element, contexts []Context) {
	target, kind := s.r.resolve(raw)
	switch kind {
	case refRemote:
		r := Resource{URL: target, Vector: vector, Hidden: s.hidden > 0, Width: -1, Height: -1, Contexts: contexts}
		if el != nil {
			r.Hidden = r.Hidden || el.hidden
			if el.measured {
				r.Width, r.Height = el.width, el.height
			}
		}
		s.out.addResource(r)
	case refCID:
		cid := cidOf(target)
		if s.seenCID[cid] || s.nesting >= maxNesting {
			return
		}
		s.seenCID[cid] = true
		if p := s.msg.PartByContentID(cid); p != nil {
			s.nested(p.ContentType, string(p.Bytes()))
		}
	case refData:
		if s.nesting >= maxNesting {
			return
		}
		if ct, data, ok := parseDataURL(target); ok {
			s.nested(ct, string(data))
		}
	}
}

// nested searches a document carried inside the message for what it loads.
func (s *sanitizer) nested(contentType, content string) {
	switch contentType {
	case "text/css":
		sub := &sanitizer{msg: s.msg, out: s.out, nesting: s.nesting + 1, seenCID: s.seenCID, doc: &Document{}, hidden: 1}
		sub.collectCSS(content, nil)
	case "image/svg+xml", "text/html", "application/xhtml+xml":
		sanitizeHTML(content, s.msg, s.out, s.nesting+1, s.seenCID) // searched, not shown
	}
}

// linkAttr lists the link in attribute key of n and returns its index, or -1.
func (s *sanitizer) linkAttr(n *html.Node, key string, kind LinkKind) int {
	if v, ok := attr(n, key); ok {
		return s.addLink(v, kind)
	}
	return -1
}

// addLink lists a click target and returns its index in the links, or -1
// when there is none (empty, a fragment of the same page, or too many).
func (s *sanitizer) addLink(raw string, kind LinkKind) int {
	if len(s.out.Links) >= maxLinks {
		return -1
	}
	target, rk := s.r.resolve(raw)
	if target == "" && rk == refNone {
		t := strings.TrimSpace(raw)
		if t == "" || strings.HasPrefix(t, "#") {
			return -1
		}
		target = t
	}
	s.out.Links = append(s.out.Links, Link{URL: target, Kind: kind})
	return len(s.out.Links) - 1
}

// styleHides tells whether a style attribute hides the element.
func styleHides(style string) bool { return declarationsHide(parseDeclarations(style)) }

// declarationsHide tells whether declarations hide the element and what it
// holds: display:none, visibility:hidden, opacity:0, a box moved far off
// screen, or a box of no width or height that clips what overflows it.
func declarationsHide(decls []cssDeclaration) bool {
	var positioned, offscreen, clips, zero bool
	for _, d := range decls {
		v := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(d.Value), "!important")))
		switch d.Property {
		case "display":
			if v == "none" {
				return true
			}
		case "visibility":
			if v == "hidden" || v == "collapse" {
				return true
			}
		case "opacity":
			if f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil && f <= 0 {
				return true
			}
		case "position":
			positioned = v == "absolute" || v == "fixed"
		case "left", "top", "right", "margin-left", "margin-top", "text-indent":
			if f, err := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64); err == nil && f <= -500 {
				offscreen = true
			}
		case "overflow", "overflow-x", "overflow-y":
			clips = clips || v == "hidden" || v == "clip"
		case "width", "height", "max-width", "max-height":
			if pixels(v) == 0 {
				zero = true
			}
		}
	}
	return positioned && offscreen || clips && zero
}

// declaredSize reads an element's width and height in CSS pixels from its
// attributes and its style declarations (the style wins, as in browsers);
// -1 where none is declared (or in a unit other than pixels).
func declaredSize(n *html.Node, decls []cssDeclaration) (w, h int) {
	w, h = -1, -1
	if v, ok := attr(n, "width"); ok {
		w = pixels(v)
	}
	if v, ok := attr(n, "height"); ok {
		h = pixels(v)
	}
	for _, d := range decls {
		switch d.Property {
		case "width":
			if p := pixels(d.Value); p >= 0 {
				w = p
			}
		case "height":
			if p := pixels(d.Value); p >= 0 {
				h = p
			}
		}
	}
	return w, h
}

// pixels reads "600", "600px" or "1.5px" as whole pixels; -1 for anything
// else (percentages, em, auto).
func pixels(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "!important")), "px")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 100000 {
		return -1
	}
	return int(f + 0.5)
}

// srcsetURLs returns the URLs of a srcset value ("a.png 1x, b.png 2x").
func srcsetURLs(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		fields := strings.Fields(cand)
		if len(fields) > 0 {
			out = append(out, fields[0])
		}
	}
	return out
}

// refreshURL reads the target of <meta http-equiv=refresh content="5; url=...">.
func refreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		if _, rest, ok = strings.Cut(content, ","); !ok {
			return ""
		}
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
	}
	return strings.Trim(rest, "'\" ")
}

func isURLParam(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "movie", "src", "url", "filename", "data", "href", "code", "codebase":
		return true
	}
	return false
}

func isRasterImage(ct string) bool {
	switch ct {
	case "image/png", "image/jpeg", "image/jpg", "image/gif":
		return true
	}
	return false
}

// parseDataURL decodes a data: URL into its media type and bytes.
func parseDataURL(u string) (string, []byte, bool) {
	rest := u[len("data:"):]
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return "", nil, false
	}
	parts := strings.Split(meta, ";")
	ct := strings.ToLower(strings.TrimSpace(parts[0]))
	if ct == "" {
		ct = "text/plain"
	}
	b64 := false
	for _, p := range parts[1:] {
		if strings.EqualFold(strings.TrimSpace(p), "base64") {
			b64 = true
		}
	}
	if b64 {
		return ct, message.DecodeBase64Lenient([]byte(payload)), true
	}
	if dec, err := url.PathUnescape(payload); err == nil {
		return ct, []byte(dec), true
	}
	return ct, []byte(payload), true
}

// cidOf returns the Content-ID a cid: URL names.
func cidOf(u string) string {
	id := u[len("cid:"):]
	if dec, err := url.PathUnescape(id); err == nil {
		return dec
	}
	return id
}

// collapseSpace turns every run of HTML white space into one space.
func collapseSpace(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
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
func containsFold(s, substr string) bool {
	first := substr[:1]
	if c := substr[0]; 'a' <= c && c <= 'z' {
		first += string(c - ('a' - 'A'))
	}
	for i := 0; i+len(substr) <= len(s); i++ {
		j := strings.IndexAny(s[i:], first) // stops at the first candidate: linear overall
		if j < 0 {
			return false
		}
		i += j
		if i+len(substr) <= len(s) && strings.EqualFold(s[i:i+len(substr)], substr) {
			return true
		}
	}
	return false
}

// needsCollapse tells whether s has white space other than single spaces.
func needsCollapse(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r', '\f':
			return true
		case ' ':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}
