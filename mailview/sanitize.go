package mailview

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on hostile HTML.
const (
	maxNesting    = 4    // iframe srcdoc, cid: and data: documents inside each other
	maxResources  = 5000 // remote references listed per message
	maxLinks      = 5000
	inlineRowScan = 200 // nodes looked at to decide whether a table row is text only
)

// Vectors of URLs found in HTML and SVG. CSS vectors are in css.go.
const (
	VectorImgSrc      = "img-src"
	VectorImgSrcset   = "img-srcset"
	VectorImgLowsrc   = "img-lowsrc"
	VectorImgDynsrc   = "img-dynsrc"
	VectorSourceSrc   = "source-src"
	VectorSourceSet   = "source-srcset"
	VectorBackground  = "background"
	VectorLink        = "link"
	VectorIframe      = "iframe"
	VectorFrame       = "frame"
	VectorObject      = "object"
	VectorEmbed       = "embed"
	VectorApplet      = "applet"
	VectorVideo       = "video"
	VectorAudio       = "audio"
	VectorPoster      = "poster"
	VectorTrack       = "track"
	VectorInputImage  = "input-image"
	VectorScript      = "script"
	VectorMetaRefresh = "meta-refresh"
	VectorManifest    = "manifest"
	VectorBgsound     = "bgsound"
	VectorSVGPrefix   = "svg-" // followed by the element: svg-image, svg-use, svg-feimage, ...
)

// sanitizer turns one HTML document (a body, an iframe's srcdoc, an attached
// SVG) into document blocks and collects every remote reference and link.
type sanitizer struct {
	msg     *Message
	r       urlResolver
	out     *analysis
	nesting int
	seenCID map[string]bool

	doc     *Document
	spans   []Span
	style   SpanStyle
	link    string
	quote   int
	lists   []listState
	pre     int
	heading int
	liFirst bool // the next block is the first of a list item: give it the marker
	hidden  int  // > 0 inside content that is not shown: only collect URLs
}

type listState struct {
	ordered bool
	n       int
}

// analysis gathers what all documents of one message contribute.
type analysis struct {
	resources []Resource
	seenRes   map[[2]string]int
	links     []Link
}

func newAnalysis() *analysis { return &analysis{seenRes: map[[2]string]int{}} }

// addResource lists url for vector once; a later sighting that is visible
// clears the hidden mark, since the URL then loads where the reader sees it.
func (a *analysis) addResource(r Resource) {
	key := [2]string{r.URL, r.Vector}
	if i, ok := a.seenRes[key]; ok {
		a.resources[i].Hidden = a.resources[i].Hidden && r.Hidden
		return
	}
	if len(a.resources) >= maxResources {
		return
	}
	a.seenRes[key] = len(a.resources)
	a.resources = append(a.resources, r)
}

// sanitizeHTML parses src as an HTML document and returns its safe document.
// The HTML parser refuses documents nested deeper than 512 elements (hundreds
// of unclosed <font> tags will do it); those are read with the tokenizer
// alone, which finds every reference but renders simplified text, and
// simplified is true.
func sanitizeHTML(src string, msg *Message, out *analysis, nesting int, seenCID map[string]bool) (doc *Document, simplified bool) {
	if seenCID == nil {
		seenCID = map[string]bool{}
	}
	s := &sanitizer{msg: msg, out: out, nesting: nesting, seenCID: seenCID, doc: &Document{}}
	root, err := html.ParseWithOptions(strings.NewReader(src), html.ParseOptionEnableScripting(false))
	if err != nil {
		s.tokens(src)
		s.flush()
		return s.doc, true
	}
	s.r = findBase(root)
	s.walk(root)
	s.flush()
	return s.doc, false
}

// tokens reads HTML that the parser refused, token by token: every element's
// references are collected as in walk, and text is shown in paragraphs.
func (s *sanitizer) tokens(src string) {
	z := html.NewTokenizer(strings.NewReader(src))
	inSVG, inStyle := false, false
	skip := 0
	baseSeen := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			switch {
			case inStyle:
				s.collectCSS(string(z.Text()), nil)
			case skip == 0 && !inSVG:
				s.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			n := &html.Node{Type: html.ElementNode, Data: tok.Data, DataAtom: tok.DataAtom}
			for _, a := range tok.Attr {
				if ns, key, ok := strings.Cut(a.Key, ":"); ok && ns == "xlink" {
					a.Namespace, a.Key = ns, key
				}
				n.Attr = append(n.Attr, a)
			}
			if inSVG || tok.DataAtom == atom.Svg {
				n.Namespace = "svg"
				inSVG = inSVG || tt == html.StartTagToken
			}
			if tok.DataAtom == atom.Base && !baseSeen {
				if href, ok := attr(n, "href"); ok {
					s.r, baseSeen = withBase(href), true
				}
			}
			s.collect(n)
			if tt == html.SelfClosingTagToken {
				continue
			}
			switch tok.DataAtom {
			case atom.Noscript:
				z.NextIsNotRawText() // scripts never run here, so its content is markup
			case atom.Style:
				inStyle = true
			case atom.Script, atom.Title, atom.Textarea, atom.Template, atom.Head:
				skip++
			case atom.Br:
				s.appendText("\n")
			case atom.Img:
				if im := s.image(n); im != nil {
					s.flush()
					s.emit(Block{Kind: BlockImage, Image: im})
				}
			case atom.P, atom.Div, atom.Tr, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Blockquote:
				s.flush()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case inSVG:
				inSVG = !strings.EqualFold(string(name), "svg")
			case a == atom.Style:
				inStyle = false
			case a == atom.Script || a == atom.Title || a == atom.Textarea || a == atom.Template || a == atom.Head:
				if skip > 0 {
					skip--
				}
			case a == atom.P || a == atom.Div || a == atom.Tr || a == atom.Li || a == atom.Table || a == atom.Blockquote ||
				a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6:
				s.flush()
			}
		}
	}
}

// findBase returns the resolver of the document's first <base href>.
func findBase(n *html.Node) urlResolver {
	var found *html.Node
	var search func(*html.Node, int)
	search = func(n *html.Node, depth int) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Base && n.Namespace == "" {
			if _, ok := attr(n, "href"); ok {
				found = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			search(c, depth+1)
		}
	}
	search(n, 0)
	if found == nil {
		return urlResolver{}
	}
	href, _ := attr(found, "href")
	return withBase(href)
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// walk renders n and collects its references. The parser guarantees the tree
// is at most 512 elements deep, which bounds the recursion.
func (s *sanitizer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if s.hidden == 0 {
			s.text(n.Data)
		}
		return
	case html.DocumentNode:
		s.children(n)
		return
	case html.ElementNode:
	default:
		return
	}
	hidden := s.collect(n)
	if hidden {
		s.hidden++
		defer func() { s.hidden-- }()
	}
	if n.Namespace != "" { // SVG and MathML: nothing of them is drawn
		s.hidden++
		s.children(n)
		s.hidden--
		return
	}
	switch n.DataAtom {
	case atom.Head, atom.Title, atom.Script, atom.Style, atom.Template, atom.Noframes, atom.Select, atom.Datalist, atom.Textarea, atom.Map:
		s.hidden++
		s.children(n)
		s.hidden--
	case atom.Br:
		s.appendText("\n")
	case atom.Hr:
		s.block(func() { s.emit(Block{Kind: BlockRule}) })
	case atom.Img, atom.Input:
		if n.DataAtom == atom.Input {
			if t, _ := attr(n, "type"); !strings.EqualFold(strings.TrimSpace(t), "image") {
				return
			}
		}
		if s.hidden == 0 {
			if im := s.image(n); im != nil {
				s.flush()
				s.emit(Block{Kind: BlockImage, Image: im})
			}
		}
	case atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet, atom.Video, atom.Audio:
		if s.hidden == 0 {
			s.flush()
			s.emit(Block{Kind: BlockEmbed, Image: s.embed(n)})
		}
		if n.DataAtom == atom.Object {
			s.children(n) // fallback content is what shows when the object does not load
		} else {
			s.hidden++
			s.children(n)
			s.hidden--
		}
	case atom.A:
		href, ok := attr(n, "href")
		prev := s.link
		if ok {
			if target, kind := s.r.resolve(href); target != "" || kind != refNone {
				s.link = target
			} else if t := strings.TrimSpace(href); t != "" && !strings.HasPrefix(t, "#") {
				s.link = t
			}
		}
		s.children(n)
		s.link = prev
	case atom.B, atom.Strong:
		s.styled(n, StyleBold)
	case atom.I, atom.Em, atom.Cite, atom.Var, atom.Dfn:
		s.styled(n, StyleItalic)
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		s.styled(n, StyleCode)
	case atom.U, atom.Ins:
		s.styled(n, StyleUnderline)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		s.block(func() {
			prev := s.heading
			s.heading = int(n.Data[1] - '0')
			s.children(n)
			s.flush()
			s.heading = prev
		})
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		s.block(func() {
			st := listState{ordered: n.DataAtom == atom.Ol}
			if v, ok := attr(n, "start"); ok {
				if k, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
					st.n = k - 1
				}
			}
			s.lists = append(s.lists, st)
			s.children(n)
			s.flush()
			s.lists = s.lists[:len(s.lists)-1]
		})
	case atom.Li:
		s.block(func() {
			if len(s.lists) == 0 {
				s.lists = append(s.lists, listState{})
				defer func() { s.lists = s.lists[:0] }()
			}
			s.lists[len(s.lists)-1].n++
			s.liFirst = true
			s.children(n)
			s.flush()
			s.liFirst = false
		})
	case atom.Blockquote:
		s.block(func() {
			s.quote++
			s.children(n)
			s.flush()
			s.quote--
		})
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		s.block(func() {
			s.pre++
			s.children(n)
			s.flush()
			s.pre--
		})
	case atom.Tr:
		s.block(func() { s.row(n) })
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Main, atom.Nav,
		atom.Aside, atom.Center, atom.Address, atom.Figure, atom.Figcaption, atom.Details, atom.Summary,
		atom.Dl, atom.Dt, atom.Dd, atom.Form, atom.Fieldset, atom.Legend, atom.Table, atom.Tbody, atom.Thead,
		atom.Tfoot, atom.Caption, atom.Td, atom.Th, atom.Body, atom.Html, atom.Hgroup, atom.Output:
		s.block(func() { s.children(n) })
	default:
		s.children(n)
	}
}

func (s *sanitizer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c)
	}
}

func (s *sanitizer) styled(n *html.Node, st SpanStyle) {
	prev := s.style
	s.style |= st
	s.children(n)
	s.style = prev
}

// block runs f as a block-level element: the text before it and in it end up
// in blocks of their own.
func (s *sanitizer) block(f func()) {
	s.flush()
	f()
	s.flush()
}

// row renders a table row. A row whose cells hold only text reads best as one
// line with the cells separated; a layout row (cells with blocks, images or
// nested tables, as in newsletters) is read cell by cell.
func (s *sanitizer) row(n *html.Node) {
	if !textOnlyRow(n) {
		s.children(n)
		return
	}
	first := true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
			s.walk(c)
			continue
		}
		if !first && strings.TrimSpace(spansText(s.spans)) != "" {
			s.appendText(" | ")
		}
		first = false
		prev := s.style
		if c.DataAtom == atom.Th {
			s.style |= StyleBold
		}
		s.collect(c)
		s.children(c)
		s.style = prev
	}
}

// textOnlyRow tells whether a table row's cells hold only inline text.
func textOnlyRow(tr *html.Node) bool {
	seen := 0
	var ok func(*html.Node) bool
	ok = func(n *html.Node) bool {
		seen++
		if seen > inlineRowScan {
			return false
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Table, atom.P, atom.Div, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Blockquote, atom.Pre, atom.Hr, atom.Img, atom.Br, atom.Iframe, atom.Object, atom.Video, atom.Center, atom.Li:
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !ok(c) {
				return false
			}
		}
		return true
	}
	return ok(tr)
}

// text adds a text node's content, collapsing white space outside <pre>.
func (s *sanitizer) text(t string) {
	if s.pre > 0 {
		s.appendText(t)
		return
	}
	t = collapseSpace(t)
	if t == "" {
		return
	}
	if t[0] == ' ' {
		if cur := spansText(s.spans); cur == "" || strings.HasSuffix(cur, " ") || strings.HasSuffix(cur, "\n") {
			t = t[1:]
		}
	}
	s.appendText(t)
}

// appendText adds t in the current style and link, merging with the last span
// when they match.
func (s *sanitizer) appendText(t string) {
	if t == "" {
		return
	}
	if n := len(s.spans); n > 0 && s.spans[n-1].Style == s.style && s.spans[n-1].Link == s.link {
		s.spans[n-1].Text += t
		return
	}
	s.spans = append(s.spans, Span{Text: t, Style: s.style, Link: s.link})
}

func spansText(spans []Span) string {
	if len(spans) == 0 {
		return ""
	}
	return spans[len(spans)-1].Text
}

// flush ends the current run of text as a block of the kind the context gives.
func (s *sanitizer) flush() {
	spans := s.spans
	s.spans = nil
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
	im.Width, im.Height = declaredSize(n)
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
	im := &Image{Vector: n.Data}
	im.Width, im.Height = declaredSize(n)
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

// collect lists every URL the element would load and every link it offers,
// whether or not it is shown, and tells whether the element hides its content.
func (s *sanitizer) collect(n *html.Node) (hidden bool) {
	if n.Namespace == "svg" {
		s.collectSVG(n)
	} else if n.Namespace == "" {
		s.collectHTML(n)
	}
	style, hasStyle := attr(n, "style")
	if hasStyle {
		s.collectCSS(style, n)
	}
	if _, ok := attr(n, "hidden"); ok && n.Namespace == "" {
		hidden = true
	}
	if hasStyle && styleHides(style) {
		hidden = true
	}
	if (n.DataAtom == atom.Style) && n.FirstChild != nil {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}
		s.collectCSS(b.String(), n)
	}
	return hidden
}

func (s *sanitizer) collectHTML(n *html.Node) {
	res := func(key, vector string) {
		if v, ok := attr(n, key); ok {
			s.reference(v, vector, n)
		}
	}
	switch n.DataAtom {
	case atom.Img:
		res("src", VectorImgSrc)
		if v, ok := attr(n, "srcset"); ok {
			for _, u := range srcsetURLs(v) {
				s.reference(u, VectorImgSrcset, n)
			}
		}
		res("lowsrc", VectorImgLowsrc)
		res("dynsrc", VectorImgDynsrc)
	case atom.Source:
		res("src", VectorSourceSrc)
		if v, ok := attr(n, "srcset"); ok {
			for _, u := range srcsetURLs(v) {
				s.reference(u, VectorSourceSet, n)
			}
		}
	case atom.Input:
		if t, _ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(t), "image") {
			res("src", VectorInputImage)
		}
		s.linkAttr(n, "formaction", "form", "")
	case atom.Button:
		s.linkAttr(n, "formaction", "form", "")
	case atom.Link:
		res("href", VectorLink)
		if v, ok := attr(n, "imagesrcset"); ok {
			for _, u := range srcsetURLs(v) {
				s.reference(u, VectorLink, n)
			}
		}
	case atom.Iframe:
		res("src", VectorIframe)
		if v, ok := attr(n, "srcdoc"); ok && s.nesting < maxNesting {
			sanitizeHTML(v, s.msg, s.out, s.nesting+1, s.seenCID) // searched, not shown
		}
	case atom.Frame:
		res("src", VectorFrame)
	case atom.Object:
		base := s.r
		if v, ok := attr(n, "codebase"); ok {
			if abs, kind := s.r.resolve(v); kind == refRemote {
				s.r = withBase(abs)
			}
		}
		res("data", VectorObject)
		if v, ok := attr(n, "archive"); ok {
			for _, u := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' }) {
				s.reference(u, VectorObject, n)
			}
		}
		s.r = base
		res("codebase", VectorObject)
	case atom.Param:
		if name, _ := attr(n, "name"); isURLParam(name) {
			res("value", VectorObject)
		}
	case atom.Embed:
		res("src", VectorEmbed)
		res("code", VectorEmbed)
	case atom.Applet:
		base := s.r
		if v, ok := attr(n, "codebase"); ok {
			if abs, kind := s.r.resolve(v); kind == refRemote {
				s.r = withBase(abs)
			}
		}
		res("code", VectorApplet)
		res("archive", VectorApplet)
		s.r = base
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
					s.reference(u, VectorMetaRefresh, n)
				}
			}
		}
	case atom.Html:
		res("manifest", VectorManifest)
	case atom.A, atom.Area:
		text := linkText(n)
		kind := "a"
		if n.DataAtom == atom.Area {
			kind = "area"
		}
		s.linkAttr(n, "href", kind, text)
		if v, ok := attr(n, "ping"); ok {
			for _, u := range strings.Fields(v) {
				s.link2(u, "ping", text)
			}
		}
	case atom.Form:
		s.linkAttr(n, "action", "form", "")
	}
	if n.Data == "bgsound" {
		res("src", VectorBgsound)
	}
	res("background", VectorBackground)
}

// collectSVG lists SVG references: href and xlink:href on any element but a
// link (<a>) load something; a reference to a fragment of the same document
// ("#id") loads nothing.
func (s *sanitizer) collectSVG(n *html.Node) {
	for _, a := range n.Attr {
		if a.Key != "href" || (a.Namespace != "" && a.Namespace != "xlink") {
			continue
		}
		if strings.EqualFold(n.Data, "a") {
			s.link2(a.Val, "a", linkText(n))
			continue
		}
		s.reference(a.Val, VectorSVGPrefix+strings.ToLower(n.Data), n)
	}
}

// collectCSS lists the URLs of a style sheet or style attribute.
func (s *sanitizer) collectCSS(src string, n *html.Node) {
	for _, ref := range scanCSS(src) {
		s.reference(ref.URL, ref.Vector, n)
	}
}

// reference records one URL that would load. A cid: reference to an SVG, CSS
// or HTML part, and a data: URL with such content, are searched in turn.
func (s *sanitizer) reference(raw, vector string, n *html.Node) {
	target, kind := s.r.resolve(raw)
	switch kind {
	case refRemote:
		r := Resource{URL: target, Vector: vector, Hidden: s.hidden > 0}
		if n != nil && (n.DataAtom == atom.Img || n.DataAtom == atom.Input) {
			r.Width, r.Height = declaredSize(n)
		}
		if n != nil {
			if style, ok := attr(n, "style"); ok && styleHides(style) {
				r.Hidden = true
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
	switch {
	case contentType == "text/css":
		sub := &sanitizer{msg: s.msg, out: s.out, nesting: s.nesting + 1, seenCID: s.seenCID, doc: &Document{}, hidden: 1}
		sub.collectCSS(content, nil)
	case contentType == "image/svg+xml" || contentType == "text/html" || contentType == "application/xhtml+xml":
		sanitizeHTML(content, s.msg, s.out, s.nesting+1, s.seenCID) // searched, not shown
	}
}

// linkAttr records the link in attribute key of n.
func (s *sanitizer) linkAttr(n *html.Node, key, kind, text string) {
	if v, ok := attr(n, key); ok {
		s.link2(v, kind, text)
	}
}

func (s *sanitizer) link2(raw, kind, text string) {
	if len(s.out.links) >= maxLinks {
		return
	}
	target, rk := s.r.resolve(raw)
	if target == "" && rk == refNone {
		t := strings.TrimSpace(raw)
		if t == "" || strings.HasPrefix(t, "#") {
			return
		}
		target = t
	}
	s.out.links = append(s.out.links, Link{Text: text, URL: target, Kind: kind})
}

// linkText is the text a link shows: its text content, or the alt text of
// its images.
func linkText(n *html.Node) string {
	var b strings.Builder
	var alt string
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		count++
		if count > 1000 || b.Len() > 500 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Img && alt == "" {
				alt, _ = attr(n, "alt")
			}
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	text := strings.TrimSpace(collapseSpace(b.String()))
	if text == "" {
		if text = strings.TrimSpace(alt); text == "" {
			text, _ = attr(n, "alt")
		}
	}
	return clip(text, 200)
}

// styleHides tells whether a style attribute hides the element.
func styleHides(style string) bool {
	for _, d := range parseDeclarations(style) {
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
		}
	}
	return false
}

// declaredSize reads an element's width and height in CSS pixels from its
// attributes and its style attribute (the style wins, as in browsers).
func declaredSize(n *html.Node) (w, h int) {
	if v, ok := attr(n, "width"); ok {
		w = pixels(v)
	}
	if v, ok := attr(n, "height"); ok {
		h = pixels(v)
	}
	if style, ok := attr(n, "style"); ok {
		for _, d := range parseDeclarations(style) {
			switch d.Property {
			case "width":
				if p := pixels(d.Value); p > 0 || strings.HasPrefix(strings.TrimSpace(d.Value), "0") {
					w = p
				}
			case "height":
				if p := pixels(d.Value); p > 0 || strings.HasPrefix(strings.TrimSpace(d.Value), "0") {
					h = p
				}
			}
		}
	}
	return w, h
}

// pixels reads "600", "600px" or "1.5px" as whole pixels; other units give 0.
func pixels(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "!important")), "px")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 100000 {
		return 0
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
		return ct, decodeBase64Lenient([]byte(payload)), true
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
