package safedoc

// Blocks: the document the reader sees, built from the open-element stack.

import (
	"mailsafe/mailview/message"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textToken handles text: the content of <style> is CSS; other raw text
// (script, title, textarea, iframe) is never shown.
// The token starts at start in src, the document being read.
func (s *sanitizer) textToken(z *html.Tokenizer, src string, start int) {
	top := atom.Atom(0)
	if len(s.stack) > 0 {
		top = s.stack[len(s.stack)-1].a
	}
	switch top {
	case atom.Style:
		if s.inert == 0 {
			s.collectCSS(tokenText(z, src, start), nil) // a piece of src, not a copy, when it can be
		}
		return
	case atom.Script, atom.Title, atom.Textarea, atom.Iframe, atom.Noembed, atom.Noframes, atom.Xmp:
		return
	}
	if s.hidden > 0 || s.inert > 0 || s.svg > 0 {
		return
	}
	s.text(tokenText(z, src, start))
}

// tokenText is the text of the text token z has read, which starts at start
// in src. Text written without character references, carriage returns or
// NUL bytes is what the tokenizer returns: then it is a slice of src,
// shared rather than copied (a body may be megabytes of text).
func tokenText(z *html.Tokenizer, src string, start int) string {
	raw := z.Raw()
	if end := start + len(raw); end <= len(src) && string(raw) == src[start:end] && asIs(raw) {
		return src[start:end]
	}
	return string(z.Text())
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
		if alt, ok := attr(n, "alt"); ok && len(s.links) > 0 && s.links[len(s.links)-1] != nil && s.links[len(s.links)-1].alt == "" {
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
		// A declarative shadow root (<template shadowrootmode=open>) is
		// rendered in place; any other template's content is inert.
		_, shadow := attr(n, "shadowrootmode")
		_, legacy := attr(n, "shadowroot")
		if !shadow && !legacy {
			s.inert++
		}
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
		s.out.DeepElements++
		return false
	}
	s.stack = append(s.stack, openElement{name: name, a: a, block: block, style: s.style, link: s.link, links: len(s.links),
		quote: s.quote, lists: len(s.lists), pre: s.pre, heading: s.heading, hidden: s.hidden, inert: s.inert, svg: s.svg})
	if s.sheet != nil { // the element pushed is always the tag just read
		top := &s.stack[len(s.stack)-1]
		top.id, _ = attr(&s.scratch, "id")
		top.class, _ = attr(&s.scratch, "class")
		if d := len(s.stack); d < len(s.kids) {
			s.kids[d] = s.kids[d][:0] // its children are read from here
		}
	}
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
// and it is listed (with its pings) once its text is known. A link that
// lists nothing (no href, or past the links budget) gathers no text: it is
// a nil entry, which costs no allocation per link of a hostile mail.
func (s *sanitizer) openLink(n *html.Node) {
	var indexes []int
	if href, ok := attr(n, "href"); ok {
		if i := s.addLink(href, LinkAnchor); i >= 0 {
			s.link = s.out.Links[i].URL
			indexes = append(indexes, i)
		}
	}
	if v, ok := attr(n, "ping"); ok {
		for _, u := range strings.Fields(v) {
			if i := s.addLink(u, LinkPing); i >= 0 {
				indexes = append(indexes, i)
			}
		}
	}
	var ol *openLink
	if len(indexes) > 0 {
		ol = &openLink{indexes: indexes}
	}
	s.links = append(s.links, ol)
}

// closeLinks ends the open links above depth keep, giving their entries text.
func (s *sanitizer) closeLinks(keep int) {
	for len(s.links) > keep {
		ol := s.links[len(s.links)-1]
		s.links = s.links[:len(s.links)-1]
		if ol == nil {
			continue
		}
		text := strings.TrimSpace(collapseSpace(ol.text.String()))
		if text == "" {
			text = strings.TrimSpace(ol.alt)
		}
		text = message.Clip(text, 200)
		for _, i := range ol.indexes {
			s.out.Links[i].Text = text
		}
	}
}

// text adds a text node's content, collapsing white space outside <pre>.
func (s *sanitizer) text(t string) {
	for i := range s.links {
		if s.links[i] != nil && s.links[i].text.Len() < 1000 {
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
	if !s.doc.keep {
		// Only the facts are kept: the pieces are not joined into one
		// string, each is a span of its own, which the facts read as
		// one (documentFacts.add).
		s.newSpan(Span{Text: t, Style: s.style, Link: s.link})
		s.last = t[len(t)-1]
		return
	}
	if s.curOpen && (s.arena[len(s.arena)-1].Style != s.style || s.arena[len(s.arena)-1].Link != s.link) {
		s.closeSpan()
	}
	if !s.curOpen {
		s.newSpan(Span{Style: s.style, Link: s.link})
		s.curOpen = true
	}
	// Most spans are one piece: it is kept as it is, no copy. A span of
	// several pieces is gathered in curMore, so that a paragraph of a
	// hundred thousand tags costs linear time.
	switch {
	case s.cur == "" && s.curMore.Len() == 0:
		s.cur = t
	case s.curMore.Len() == 0:
		s.curMore.Grow(len(s.cur) + len(t)) // most spans of several pieces are two
		s.curMore.WriteString(s.cur)
		s.curMore.WriteString(t)
		s.cur = ""
	default:
		s.curMore.WriteString(t)
	}
	s.last = t[len(t)-1]
}

func (s *sanitizer) closeSpan() {
	if s.curOpen {
		text := s.cur
		if s.curMore.Len() > 0 {
			text = s.curMore.String()
			s.curMore = strings.Builder{}
		}
		s.arena[len(s.arena)-1].Text = text
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
	b := Block{Spans: spans, Quote: quoteLevel(s.quote)}
	switch {
	case s.pre > 0:
		b.Kind = BlockPreformatted
	case s.heading > 0:
		b.Kind, b.Level = BlockHeading, int16(s.heading)
	case len(s.lists) > 0:
		b.Kind, b.Level = BlockListItem, int16(len(s.lists)) // at most maxOpenElements
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
		b.Quote = quoteLevel(s.quote)
	}
	s.doc.add(&b)
	if !s.doc.keep {
		// Only its facts are kept: the spans' room is used again.
		s.arena, s.first = s.arena[:0], 0
		return
	}
	if len(s.doc.Blocks) == cap(s.doc.Blocks) {
		// Full: keep it as it is and go on in a new chunk, joined to it
		// at the end, rather than copy every block at each growth. The
		// first chunk is sized for the whole document (readHTML); the
		// ones past it are small, so that the blocks cost at most twice
		// what they hold, whatever the estimate missed.
		s.blockChunks = append(s.blockChunks, s.doc.Blocks)
		s.doc.Blocks = make([]Block, 0, blockChunk)
	}
	s.doc.Blocks = append(s.doc.Blocks, b)
}

// joinBlocks makes the document's blocks one slice again, once they are all read.
func (s *sanitizer) joinBlocks() {
	if len(s.blockChunks) == 0 {
		return
	}
	n := len(s.doc.Blocks)
	for _, c := range s.blockChunks {
		n += len(c)
	}
	all := make([]Block, 0, n)
	for _, c := range s.blockChunks {
		all = append(all, c...)
	}
	s.doc.Blocks, s.blockChunks = append(all, s.doc.Blocks...), nil
}

// blockChunk is how many blocks a chunk past the first holds.
const blockChunk = 4096

// spanChunk is how many spans the arena holds at a time: a full arena is
// left to the blocks that use it and a new one started, never copied whole.
const spanChunk = 4096

// newSpan starts a span in the arena; when it is full, the current block's
// spans move to a new one (a block's spans are one slice). A document that
// keeps no blocks uses its arena again for each block (emit): it grows only
// as its largest block needs.
func (s *sanitizer) newSpan(sp Span) {
	if len(s.arena) == cap(s.arena) {
		open := s.arena[s.first:]
		size := max(spanChunk, 2*len(open))
		if !s.doc.keep {
			size = max(16, 2*len(open))
		}
		next := make([]Span, len(open), size)
		copy(next, open)
		s.arena, s.first = next, 0
	}
	s.arena = append(s.arena, sp)
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
	im := s.doc.newImage()
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
	im := s.doc.newImage()
	im.Vector = Vector(n.Data)
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

// collapseSpace turns every run of HTML white space into one space.
func collapseSpace(s string) string {
	if !needsCollapse(s) {
		return s
	}
	// Most text that needs it is white space between tags, or text with
	// white space only at its ends: then no copy is made.
	i, j := 0, len(s)
	for i < j && isHTMLSpace(s[i]) {
		i++
	}
	if i == j {
		return " "
	}
	for isHTMLSpace(s[j-1]) {
		j--
	}
	if core := s[i:j]; !needsCollapse(core) && utf8.ValidString(core) {
		// One space stands for each run at the ends: a piece of s when
		// the run's byte next to the core is a space.
		if (i == 0 || s[i-1] == ' ') && (j == len(s) || s[j] == ' ') {
			if i > 0 {
				i--
			}
			if j < len(s) {
				j++
			}
			return s[i:j]
		}
	}
	var b strings.Builder
	b.Grow(len(s)) // the result is no longer, but for invalid UTF-8 (one byte becomes U+FFFD)
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

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

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
