package safedoc

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Tags and attributes: what the tokenizer gives, read without building a tree.

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// readTag reads the current tag into the sanitizer's scratch node (nothing
// keeps it past the tag): name, atom, namespace and attributes (values
// unescaped; "xlink:href" split into namespace and key). The name is read
// from the raw tag, and attributes only when they can matter, from the raw
// tag too (tagattrs.go) when the tag starts at start in src: a value written
// without character references is then a slice of src, where the tokenizer
// would copy each name and value it returns.
func (s *sanitizer) readTag(z *html.Tokenizer, src string, start int) *html.Node {
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
	if n.DataAtom == atom.Image && n.Namespace == "" {
		n.DataAtom, n.Data = atom.Img, "img" // the HTML parser reads <image> as <img>
	}
	readAll := n.Namespace != "" || carriesURLs(n.DataAtom) || s.sheet != nil
	s.mayHide = false
	if !readAll {
		var paren, background bool
		s.mayHide, paren, background = tagSignals(raw)
		if !s.mayHide && !paren && !background {
			return n // a layout tag whose attributes can neither load nor hide anything
		}
	}
	// fast: the attributes are read from raw (spans), else with z.TagAttr,
	// which the first value that needs decoding hands over to.
	spans, fast := s.attrSpans[:0], false
	if end := start + len(raw); end <= len(src) && string(raw) == src[start:end] {
		spans, fast = tagAttrSpans(raw, spans)
		s.attrSpans = spans
	}
	handOver := func(i int) { // attributes i and on are read with the tokenizer
		for range i {
			z.TagAttr()
		}
		fast = false
	}
	var keyBuf [32]byte
	for i := 0; ; i++ {
		var key, val []byte
		if fast {
			if i == len(spans) {
				break
			}
			sp := spans[i]
			key, val = raw[sp.key0:sp.key1], raw[sp.val0:sp.val1]
			if bytes.IndexByte(key, 0) >= 0 {
				handOver(i) // the tokenizer writes U+FFFD for NUL in a key
			} else {
				key = lowerKey(key, keyBuf[:0])
			}
		}
		if !fast {
			key, val, _ = z.TagAttr()
			if key == nil {
				break
			}
		}
		a := html.Attribute{}
		name := usedAttribute(key)
		if name == "" && n.Namespace != "" {
			name = string(key) // SVG and MathML: presentation attributes (fill="url(…)") and SMIL's to/values load too
		}
		switch name {
		case "":
			continue // align, bgcolor, ...: nothing here reads them
		case "class", "id":
			if s.sheet == nil {
				continue // read only to apply a style sheet's rules
			}
			a.Key = name
		case "xlink:href":
			a.Namespace, a.Key = "xlink", "href"
		default:
			a.Key = name
		}
		switch {
		case fast && asIs(val):
			sp := spans[i]
			a.Val = src[start+sp.val0 : start+sp.val1]
		case fast:
			handOver(i)
			_, val, _ = z.TagAttr()
			fallthrough
		default:
			a.Val = string(val)
		}
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
		atom.Script, atom.Meta, atom.Html, atom.Base, atom.Body, atom.Ol, atom.Template, 0:
		return true
	}
	return false
}

// tagSignals reads a raw tag once for what makes its attributes matter:
// mayHide when it holds "none", "hidden", "collapse", "opacity",
// "position", "clip", "transform", "scale", "max-", "margin",
// "text-indent" or "zoom" (in any case), one of
// which every way of hiding an element needs (a clipped zero-size box says
// "overflow:hidden" or "overflow:clip"); paren when it holds "(", which any
// URL in a style needs (url(), image-set(), even escaped); background when it
// may have a background attribute ("background" then "=", so that
// "background-color:" in a style does not count).
func tagSignals(raw []byte) (mayHide, paren, background bool) {
	for i := 0; i < len(raw); i++ {
		if !signalBytes[raw[i]] { // most bytes of a tag: one load and one test
			continue
		}
		switch c := raw[i] | 0x20; c {
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
			mayHide = mayHide || hasFoldAt(raw, i, "collapse") || hasFoldAt(raw, i, "clip")
		case 't':
			mayHide = mayHide || hasFoldAt(raw, i, "transform") || hasFoldAt(raw, i, "text-indent")
		case 's':
			mayHide = mayHide || hasFoldAt(raw, i, "scale")
		case 'm':
			mayHide = mayHide || hasFoldAt(raw, i, "max-") || hasFoldAt(raw, i, "margin")
		case 'z':
			mayHide = mayHide || hasFoldAt(raw, i, "zoom")
		case 'o':
			mayHide = mayHide || hasFoldAt(raw, i, "opacity")
		case 'p':
			mayHide = mayHide || hasFoldAt(raw, i, "position")
		}
	}
	return mayHide, paren, background
}

// signalBytes holds the bytes that tagSignals' switch looks at: those that
// |0x20 makes "(" or one of the first letters of its words.
var signalBytes = func() (t [256]bool) {
	for b := range 256 {
		switch byte(b) | 0x20 {
		case '(', 'b', 'c', 'h', 'm', 'n', 'o', 'p', 's', 't', 'z':
			t[b] = true
		}
	}
	return t
}()

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
	case "attributionsrc":
		return "attributionsrc"
	case "shadowrootmode":
		return "shadowrootmode"
	case "shadowroot":
		return "shadowroot"
	case "class":
		return "class"
	case "id":
		return "id"
	}
	return ""
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
