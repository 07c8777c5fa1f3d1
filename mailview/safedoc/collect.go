package safedoc

// Resource collection: every URL an element, its style or a carried document would load, and every link.

import (
	"mailsafe/mailview/message"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// element is what collect learned of the element being read, shared by the
// references it records.
type element struct {
	n        *html.Node
	hidden   bool // hidden by its own style or hidden attribute
	width    int  // declared size, for images; -1 when not declared
	height   int
	measured bool
}

// addSibling records the element just read among the children of the
// element open above it, for sibling combinators (at most maxSiblingsKept,
// the latest).
func (s *sanitizer) addSibling(k siblingKey) {
	d := len(s.stack)
	for len(s.kids) <= d {
		s.kids = append(s.kids, nil)
	}
	if list := s.kids[d]; len(list) == maxSiblingsKept {
		list[0] = siblingKey{name: forgottenSiblings} // the oldest go, and the first entry says so
		copy(list[1:], list[2:])
		s.kids[d] = list[:maxSiblingsKept-1]
	}
	s.kids[d] = append(s.kids[d], k)
}

// collect lists every URL the element would load and every link it offers,
// whether or not it is shown, and tells whether the element hides its content.
func (s *sanitizer) collect(n *html.Node) (hidden bool) {
	s.elem = element{n: n}
	el := &s.elem
	style, hasStyle := attr(n, "style")
	var c map[string]string // the element's computed declarations, nil when none were read
	measured := false
	switch n.DataAtom {
	case atom.Img, atom.Input, atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet, atom.Video:
		measured = true
	}
	// Most style attributes only set colours and spacing: parse them only
	// when they can hide the element (display:none and visibility:hidden
	// need one of the words readTag looked for) or size an image.
	// Rules of the document's style sheets come first, the style attribute
	// after them (it wins).
	var sheetDecls []cssDeclaration
	if s.sheet != nil {
		id, _ := attr(n, "id")
		class, _ := attr(n, "class")
		var kids [][]siblingKey
		if s.sheet.siblings {
			kids = s.kids
		}
		forgot := s.sheet.forgot
		sheetDecls = s.sheet.match(n, id, class, s.stack, kids)
		if s.sheet.forgot && !forgot {
			s.out.Unapplied++ // a rule may have hidden an element through a sibling no longer kept: said once
		}
		if s.sheet.spent {
			s.out.Unapplied++
			s.sheet = nil // the rest of the document is read without its style sheets
		} else if s.sheet.siblings {
			s.addSibling(siblingKey{name: n.Data, id: id, class: class})
		}
	}
	if len(sheetDecls) > 0 || hasStyle && (s.mayHide || measured && (containsFold(style, "width") || containsFold(style, "height"))) {
		var st *parsedStyle
		if hasStyle {
			st = s.styleAttribute(style)
		}
		switch {
		case len(sheetDecls) > 0:
			var decls []cssDeclaration
			if st != nil {
				decls = st.decls
			}
			c = computed(append(sheetDecls, decls...))
			el.hidden = declarationsHide(c, measured)
		default:
			c = st.computed
			el.hidden = st.hides(measured)
		}
	}
	if _, ok := attr(n, "hidden"); ok && n.Namespace == "" {
		el.hidden = true
	}
	if !el.hidden && thinClip(n.DataAtom, c) {
		el.hidden = true // a block of a pixel or two that cuts off what it holds
	}
	if measured {
		el.width, el.height = declaredSize(n, c)
		el.measured = true
		if cp := c["clip-path"]; !el.hidden && strings.Contains(cp, "inset(") {
			el.hidden = insetCovers(cp, el.width, el.height) // of the size the attributes declare too
		}
	}
	s.el = el
	switch n.Namespace {
	case "":
		s.collectHTML(n, el)
	case "svg", "math":
		// foreignObject and MathML hold HTML elements (read here with the
		// namespace of their root): their img, video, iframe load too.
		s.collectHTML(n, el)
		s.collectSVG(n, el)
	}
	if v, ok := attr(n, "attributionsrc"); ok {
		for _, u := range strings.Fields(v) { // requested as the element loads, or as the link is followed
			if n.DataAtom == atom.A || n.DataAtom == atom.Area {
				s.addLink(u, LinkPing)
			} else {
				s.reference(u, VectorAttribution, el)
			}
		}
	}
	if hasStyle && mayHoldURL(style) {
		s.collectCSS(style, el)
	}
	return el.hidden
}

// styleAttribute returns a style attribute's declarations and what they
// compute to by themselves. A document repeats the same style attribute on
// many elements (every cell of a newsletter's table): each distinct one is
// parsed once per document. Its declarations and computed values are not
// changed by their readers.
func (s *sanitizer) styleAttribute(style string) *parsedStyle {
	if st, ok := s.styles[style]; ok {
		return st
	}
	decls := parseDeclarations(style)
	st := &parsedStyle{decls: decls, computed: computed(decls)}
	if s.styles == nil {
		s.styles = map[string]*parsedStyle{}
	}
	s.styles[style] = st
	return st
}

// parsedStyle is a style attribute read by styleAttribute.
type parsedStyle struct {
	decls    []cssDeclaration
	computed map[string]string
	hide     [2]int8 // declarationsHide of computed, for a container [0] and a replaced element [1]: 0 not yet known, 1 no, 2 yes
}

// hides is declarationsHide(st.computed, replaced), worked out once.
func (st *parsedStyle) hides(replaced bool) bool {
	i := 0
	if replaced {
		i = 1
	}
	if st.hide[i] == 0 {
		st.hide[i] = 1
		if declarationsHide(st.computed, replaced) {
			st.hide[i] = 2
		}
	}
	return st.hide[i] == 2
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
		s.endPicture(el)
	case atom.Picture:
		s.picture = s.picture[:0]
	case atom.Source:
		before := len(s.out.Resources)
		res("src", VectorSourceSrc)
		resSet("srcset", VectorSourceSet)
		if s.inPicture() {
			for i := before; i < len(s.out.Resources); i++ {
				s.picture = append(s.picture, i)
			}
		}
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
		if v, ok := attr(n, "srcdoc"); ok {
			s.searchNested(v, nestedDoc{base: s.r}) // searched, not shown; relative URLs resolve against the parent's base
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
	switch {
	case n.Data == "bgsound":
		res("src", VectorBgsound)
	case n.Data == "amp-img" || n.Data == "amp-anim": // AMP for Email
		res("src", VectorImgSrc)
		resSet("srcset", VectorImgSrcset)
	case n.Data == "mglyph":
		res("src", VectorMathML)
	case strings.HasPrefix(n.Data, "v:"): // VML: v:fill, v:image, v:imagedata (Outlook for Windows)
		res("src", VectorVML)
	}
	res("background", VectorBackground)
}

// inPicture tells whether the element being read is inside a <picture>.
func (s *sanitizer) inPicture() bool {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].a == atom.Picture {
			return true
		}
	}
	return false
}

// endPicture gives the resources of a <picture>'s <source> elements the
// size and visibility of its <img>: the browser loads the source it picks
// into the img's box, so a 1x1 or hidden img makes every source a pixel.
func (s *sanitizer) endPicture(img *element) {
	if len(s.picture) == 0 || !s.inPicture() {
		return
	}
	for _, i := range s.picture {
		r := &s.out.Resources[i]
		r.Width, r.Height = img.width, img.height
		r.Hidden = r.Hidden || img.hidden || s.hidden > 0
	}
	s.picture = s.picture[:0]
}

// collectSVG lists SVG references: href and xlink:href on any element but a
// link (<a>) load something; a reference to a fragment of the same document
// ("#id") loads nothing.
func (s *sanitizer) collectSVG(n *html.Node, el *element) {
	animatesHref := false
	switch n.Data {
	case "animate", "set", "animatemotion", "animatetransform", "discard":
		name, _ := attr(n, "attributename")
		name = strings.TrimSpace(name)
		animatesHref = name == "href" || name == "xlink:href" || name == "src"
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key != "href" && a.Key != "style" && containsFold(a.Val, "url(") {
			for _, ref := range scanCSS("a:" + a.Val) { // fill="url(https://…)", filter, mask, marker, cursor
				s.reference(ref.URL, VectorSVGURLAttr, el)
			}
		}
		if animatesHref && a.Namespace == "" {
			switch a.Key {
			case "to", "from", "by":
				s.reference(a.Val, VectorSVGAnimate, el)
			case "values":
				for _, v := range strings.Split(a.Val, ";") {
					s.reference(v, VectorSVGAnimate, el)
				}
			}
		}
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
		if s.seenCID[cid] {
			return
		}
		p := s.msg.PartByContentID(cid)
		if s.nesting >= maxNesting {
			if p != nil && isNestedDocument(p.ContentType) {
				s.out.Unread++ // a document past the nesting budget: reported, not searched
			}
			return
		}
		s.seenCID[cid] = true
		if p != nil && isNestedDocument(p.ContentType) { // an image's bytes are not copied to be searched for nothing
			s.nested(p.ContentType, string(p.Bytes()))
		}
	case refData:
		if !isNestedDocument(dataURLType(target)) {
			return // an image: decoded only where it is shown
		}
		if s.nesting >= maxNesting {
			s.out.Unread++
			return
		}
		if ct, data, ok := parseDataURL(target); ok {
			s.nested(ct, string(data))
		}
	}
}

// isNestedDocument tells whether content of the media type is searched for
// what it loads when a document refers to it (nested).
func isNestedDocument(contentType string) bool {
	switch contentType {
	case "text/css", "image/svg+xml", "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// nested searches a document carried inside the message for what it loads.
func (s *sanitizer) nested(contentType, content string) {
	switch contentType {
	case "text/css":
		sub := &sanitizer{msg: s.msg, out: s.out, nesting: s.nesting + 1, seenCID: s.seenCID, doc: &Document{}, hidden: 1}
		sub.collectCSS(content, nil)
	case "image/svg+xml", "text/html", "application/xhtml+xml":
		s.searchNested(content, nestedDoc{hidden: s.hidden > 0}) // searched, not shown
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
	target, rk := s.r.resolve(raw)
	if target == "" && rk == refNone {
		t := strings.TrimSpace(raw)
		if t == "" || strings.HasPrefix(t, "#") {
			return -1
		}
		target = t
	}
	return s.out.addLink(Link{URL: target, Kind: kind})
}

// srcsetURLs returns the URLs of a srcset value ("a.png 1x, b.png 2x"),
// parsed as the HTML standard's "parse a srcset attribute" does: a URL runs
// to white space and may hold commas (trailing ones end the candidate);
// descriptors run to a comma outside parentheses.
func srcsetURLs(v string) []string {
	var out []string
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	for i := 0; i < len(v); {
		for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
			i++
		}
		start := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		u := v[start:i]
		if u == "" {
			break
		}
		if strings.HasSuffix(u, ",") {
			out = append(out, strings.TrimRight(u, ","))
			continue // no descriptors
		}
		out = append(out, u)
	descriptors: // up to the next comma outside parentheses
		for depth := 0; i < len(v); i++ {
			switch v[i] {
			case '(':
				depth++
			case ')':
				if depth > 0 {
					depth--
				}
			case ',':
				if depth == 0 {
					break descriptors
				}
			}
		}
	}
	return out
}

// refreshURL reads the target of <meta http-equiv=refresh content="5; url=...">
// the way the HTML standard's shared declarative refresh steps do: after the
// time, a ";" or "," or white space, then an optional "url=" (or "url ="),
// then the URL, quoted or not ("0 URL=…", "0,…" and "0 …" all redirect).
func refreshURL(content string) string {
	s := strings.TrimLeft(content, " \t\n\r\f")
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 || i == len(s) {
		return ""
	}
	switch s[i] {
	case ';', ',', ' ', '\t', '\n', '\r', '\f':
	default:
		return ""
	}
	rest := strings.TrimLeft(s[i:], " \t\n\r\f")
	if rest != "" && (rest[0] == ';' || rest[0] == ',') {
		rest = strings.TrimLeft(rest[1:], " \t\n\r\f")
	}
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		after := strings.TrimLeft(rest[3:], " \t\n\r\f")
		if strings.HasPrefix(after, "=") {
			rest = strings.TrimLeft(after[1:], " \t\n\r\f")
		}
	}
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		q := rest[0]
		rest = rest[1:]
		if j := strings.IndexByte(rest, q); j >= 0 {
			rest = rest[:j]
		}
	}
	return strings.TrimSpace(rest)
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

// dataURLType returns the media type of a data: URL as parseDataURL reads
// it, without decoding its content; "" when it has none.
func dataURLType(u string) string {
	meta, _, ok := strings.Cut(u[len("data:"):], ",")
	if !ok {
		return ""
	}
	ct, _, _ := strings.Cut(meta, ";")
	ct = strings.ToLower(strings.TrimSpace(ct))
	if ct == "" {
		ct = "text/plain"
	}
	return ct
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
