package safedoc

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mailsafe/mailview/message"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Reference versions of functions rewritten for speed (issue 18): the
// fuzz targets below hold the rewrites to the same answers.

// nestingLimitReference is nestingLimit as first written.
func nestingLimitReference(text string, max int) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '{', '(', '[':
			if depth++; depth > max {
				return i
			}
		case '}', ')', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return len(text)
}

// FuzzNestingLimit compares nestingLimit with its reference.
func FuzzNestingLimit(f *testing.F) {
	for _, s := range []string{
		"a{b:c}", strings.Repeat("{", 40), strings.Repeat("{(}[", 30), strings.Repeat("{}", 50) + strings.Repeat("(", 33),
		"@media x{" + strings.Repeat("a{b:url(c)}", 20) + "}", "]]]" + strings.Repeat("[", 33),
	} {
		f.Add(s, 32)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, text string, max int) {
		if got, want := nestingLimit(text, max), nestingLimitReference(text, max); got != want {
			t.Fatalf("nestingLimit(%q, %d) = %d, want %d", text, max, got, want)
		}
	})
}

// FuzzTagAttrSpans compares the attributes tagAttrSpans finds in a raw start
// tag with those the tokenizer's TagAttr returns.
func FuzzTagAttrSpans(f *testing.F) {
	for _, s := range []string{
		`<img src="a.png" SRC=b alt='x y' width=1 height = 2 / >`, `<a href=x?a=1&amp;b=2 =b c= d/e f="g"h i='j'>`,
		`<div/id=x/class="y"//>`, `<p a b c=>`, `<p a=" > ">`, "<td\tstyle='x'\r\nclass=y\fz>", `<x ===a =b>`,
		"<a hr\x00ef=1 x=\"\x00\">", `<br/>`, `<p a='>'b>`, "<svg><image xlink:href=x /></svg>",
		"<p " + strings.Repeat("a1 a2 a3 a4 a5 a6 a7 a8 a9 b1 b2 b3 b4 b5 b6 b7 b8 b9 ", 5) + ">",
		"<img alt=\"a\rb\" title=c\r\nd src=e>", distinctKeys(maxAttrSpans) + ">", distinctKeys(maxAttrSpans+1) + ">",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		z := html.NewTokenizer(strings.NewReader(src))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			raw := bytes.Clone(z.Raw())
			spans, ok := tagAttrSpans(raw, nil)
			var keys, vals []string
			for {
				k, v, _ := z.TagAttr()
				if k == nil {
					break
				}
				keys, vals = append(keys, string(k)), append(vals, string(v))
			}
			if !ok {
				if len(keys) <= maxAttrSpans && len(raw) <= 1<<10 { // a longer one may pass maxKeyWork
					t.Fatalf("tagAttrSpans(%q) failed on %d attributes", raw, len(keys))
				}
				continue
			}
			if len(spans) != len(keys) {
				t.Fatalf("tagAttrSpans(%q) found %d attributes, the tokenizer %d (%q)", raw, len(spans), len(keys), keys)
			}
			for i, sp := range spans {
				key, val := raw[sp.key0:sp.key1], raw[sp.val0:sp.val1]
				if bytes.IndexByte(key, 0) < 0 && string(lowerKey(key, nil)) != keys[i] {
					t.Fatalf("tagAttrSpans(%q): key %d is %q, the tokenizer's %q", raw, i, key, keys[i])
				}
				if asIs(val) && string(val) != vals[i] {
					t.Fatalf("tagAttrSpans(%q): value %d is %q, the tokenizer's %q", raw, i, val, vals[i])
				}
			}
		}
	})
}

// distinctKeys is a start tag (without its ">") of n distinct attributes.
func distinctKeys(n int) string {
	var b strings.Builder
	b.WriteString("<p")
	for i := range n {
		b.WriteString(" k" + strconv.Itoa(i))
	}
	return b.String()
}

// A tag of long keys alike but for their last bytes, one repeated many
// times, is left to the tokenizer rather than compared key by key; a short
// one is read from the raw tag.
func TestTagAttrSpansBoundsKeyWork(t *testing.T) {
	alike := func(prefix, size int) string {
		var b strings.Builder
		b.WriteString("<img")
		for i := range maxAttrSpans - 1 {
			fmt.Fprintf(&b, " %s%02d", strings.Repeat("k", prefix), i)
		}
		for b.Len() < size {
			fmt.Fprintf(&b, " %s%02d", strings.Repeat("k", prefix), maxAttrSpans-2)
		}
		return b.String() + " src=x>"
	}
	if spans, ok := tagAttrSpans([]byte(alike(200, 256<<10)), nil); ok {
		t.Errorf("256 KB of alike keys read from the raw tag (%d attributes)", len(spans))
	}
	short := alike(10, 0)
	if spans, ok := tagAttrSpans([]byte(short), nil); !ok || len(spans) != maxAttrSpans {
		t.Errorf("%d alike keys in %d bytes: %d attributes, ok %v", maxAttrSpans, len(short), len(spans), ok)
	}
}

// readTagReference is readTag as first written, reading every attribute
// with the tokenizer's TagAttr.
func readTagReference(s *sanitizer, z *html.Tokenizer) *html.Node {
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
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		if key == nil {
			break
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
		a.Val = string(val)
		if readAll && (a.Key == "hidden" || a.Key == "style" && !s.mayHide) {
			s.mayHide, _, _ = tagSignals(val)
			s.mayHide = s.mayHide || a.Key == "hidden"
		}
		n.Attr = append(n.Attr, a)
	}
	return n
}

// FuzzReadTag compares readTag with its reference over the start tags of a
// document, read by two tokenizers in step, with and without a style sheet
// (which makes every tag's attributes read).
func FuzzReadTag(f *testing.F) {
	for _, s := range []string{
		`<img src="a.png" SRC=b alt='x y' width=1 height = 2 / >`, `<a href="x?a=1&amp;b=2" style="display:none">t</a>`,
		"<td style='x'\r\nclass=Y hidden>", "<div hidden style=\"a\x00\">", `<svg><image xlink:href="u&#x3a;x" fill="url(#a)"/></svg>`,
		`<p STYLE="visibility:hidden" id=a class="b c">`, `<img src=a&lt;b alt=&amp>`, `<meta http-equiv=refresh content="0;url=x">`,
		"<p s\x00tyle=x>", "<p " + strings.Repeat("a1 a2 a3 a4 a5 a6 a7 a8 a9 b1 b2 b3 b4 b5 b6 b7 b8 b9 ", 5) + "style=x>",
		distinctKeys(maxAttrSpans+1) + " style=x>", "<img alt=\"a\rb\" title=c src=e>",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, sheet bool) {
		newSanitizer := func() *sanitizer {
			s := &sanitizer{doc: &Document{}}
			if sheet {
				s.sheet = &styleSheet{}
			}
			return s
		}
		s, ref := newSanitizer(), newSanitizer()
		z, zr := html.NewTokenizer(strings.NewReader(src)), html.NewTokenizer(strings.NewReader(src))
		for pos := 0; ; {
			tt := z.Next()
			zr.Next()
			start := pos
			pos += len(z.Raw())
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			raw := string(z.Raw())
			got, want := s.readTag(z, src, start), readTagReference(ref, zr)
			if got.Data != want.Data || got.Namespace != want.Namespace || !slices.Equal(got.Attr, want.Attr) || s.mayHide != ref.mayHide {
				t.Fatalf("readTag(%q) = %s %q mayHide %v, want %s %q mayHide %v", raw, got.Data, got.Attr, s.mayHide, want.Data, want.Attr, ref.mayHide)
			}
			s.svg, ref.svg = 0, 0
			if got.Namespace != "" {
				s.svg, ref.svg = 1, 1
			}
		}
	})
}

// readReference is styleSheet.read as first written: every selector list parsed.
func (ss *styleSheet) readReference(text string) {
	// The cuts read makes, added after the reference was written.
	if n := min(nestingLimit(text, maxSheetNesting), segmentLimit(text, maxSegmentTokens)); n < len(text) {
		text, ss.cut = text[:n], true
	}
	p := css.NewParser(parse.NewInputString(text), false)
	var skip []bool // per open at-rule: its rules do not apply to the reading pane
	skipped := 0    // how many of skip are true
	skipping := func() bool { return skipped > 0 }
	var chains [][]compoundSelector // the selectors of the open rule set
	var decls []cssDeclaration
	var unread int // its selectors not read
	var sizes bool // it has a declaration that hides or sizes
	for {
		gt, _, data := p.Next()
		switch gt {
		case css.ErrorGrammar:
			if p.Err() != nil { // the end of the sheet (io.EOF) or a broken one
				return
			}
		case css.BeginAtRuleGrammar:
			if len(skip) >= maxSheetNesting {
				// Rules nested this deep are not written by any mail
				// client; reading on would only cost (the parser keeps
				// a buffer per level). nestingLimit cannot see this
				// nesting when the sheet closes its brackets inside
				// comments or strings ("@media x{/*}*/" repeated).
				ss.cut = true
				return
			}
			s := !appliesToPane(string(data), p.Values())
			skip = append(skip, s)
			if s {
				skipped++
			}
		case css.EndAtRuleGrammar:
			if len(skip) > 0 {
				if skip[len(skip)-1] {
					skipped--
				}
				skip = skip[:len(skip)-1]
			}
		case css.BeginRulesetGrammar:
			chains, decls, unread, sizes = nil, nil, 0, false
			if !skipping() {
				chains, unread = parseSelectorList(tokensText(p.Values()))
			}
		case css.DeclarationGrammar:
			if len(chains) == 0 && unread == 0 {
				continue
			}
			prop := strings.ToLower(string(data))
			if visibilityProperty(prop) {
				sizes = true
				if len(chains) > 0 {
					decls = append(decls, cssDeclaration{Property: prop, Value: strings.TrimSpace(tokensText(p.Values()))})
				}
			}
		case css.EndRulesetGrammar:
			if len(decls) > 0 {
				for _, c := range chains {
					ss.add(sheetRule{chain: c, decls: decls})
				}
			}
			if sizes { // the selectors not read count for a rule that hides or sizes
				ss.unread += unread
			}
			chains, decls, unread, sizes = nil, nil, 0, false
		}
		if len(ss.rules) >= maxSheetRules {
			ss.cut = true
			return
		}
	}
}

// FuzzStyleSheetRead compares styleSheet.read with its reference.
func FuzzStyleSheetRead(f *testing.F) {
	for _, s := range []string{
		`.a{display:none} #b .c{color:red;WIDTH:1px} @media print{.d{display:none}} p,q{Visibility:hidden}`,
		`a:hover{display:none} .x{DİSPLAY:none} .y{content-visibility:hidden;very-long-property-name-here:1}`,
		`@media screen{.a{b{display:none}opacity:0}} [hidden]{display:none} div[style*=x] span{height:0}`,
	} {
		f.Add(s)
	}
	newSheet := func() *styleSheet {
		return &styleSheet{byID: map[string][]int{}, byClass: map[string][]int{}, byTag: map[string][]int{}}
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := newSheet(), newSheet()
		got.read(text)
		want.readReference(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read(%q) = %+v, want %+v", text, got, want)
		}
	})
}

// collapseSpaceReference is collapseSpace before it returned pieces of its
// argument.
func collapseSpaceReference(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
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

// FuzzCollapseSpace compares collapseSpace with its reference.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", "\n", " \n\t ", "a b", "a  b", "\n  Hello world ", "  Hello\n", " a\tb ", "\r\n x \r\n",
		"\f", " \xff ", "\n \xe3\x81", "x\n", "\ny", "a\u00a0\nb", " \n a b c \n ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), collapseSpaceReference(s); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzParseNumber holds parseNumber to strconv.ParseFloat: its quick
// rejection must never refuse what ParseFloat accepts.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"", "0", "1.5", "-0.2", "+3", ".5", "-.5", "inf", "+Inf", "-infinity", "NaN", "nan", "0x1p-2", "1e5", "1_000",
		"0x_1p0", "_1", "auto", "100%", "px", "-", "+", "1px", " 1", "e5", "Infinity", "-nan", "٣",
		"1%", "5em", "0x1", "0x1p", "1e", "1.", "1e+", "0x1P+1", "1_", "infx", "nan.", "10px", "0.5f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseNumber(s)
		if ok != (err == nil) || ok && !(got == want || got != got && want != want) {
			t.Fatalf("parseNumber(%q) = %v, %v; ParseFloat gives %v, %v", s, got, ok, want, err)
		}
	})
}

// parseDeclarationsReference is parseDeclarations before plain styles were
// split without the tokenizer.
func parseDeclarationsReference(style string) []cssDeclaration {
	out := make([]cssDeclaration, 0, strings.Count(style, ";")+1)
	l := css.NewLexer(parse.NewInputString(style))
	var prop string
	var val []byte
	inValue := false
	level := 0
	flush := func() {
		if prop != "" {
			out = append(out, cssDeclaration{Property: prop, Value: string(bytes.TrimSpace(val))})
		}
		prop, inValue, level = "", false, 0
		val = val[:0]
	}
	for {
		tt, data := l.Next()
		switch {
		case tt == css.ErrorToken:
			flush()
			return out
		case tt == css.SemicolonToken && level == 0:
			flush()
		case !inValue && (tt == css.IdentToken || tt == css.CustomPropertyNameToken) && prop == "":
			prop = strings.ToLower(cssUnescape(string(data)))
		case !inValue && tt == css.ColonToken && prop != "":
			inValue = true
		case inValue:
			switch tt {
			case css.FunctionToken, css.LeftParenthesisToken:
				level++
			case css.RightParenthesisToken:
				level--
			case css.CommentToken:
				continue
			}
			val = append(val, data...)
		}
	}
}

// FuzzParseDeclarations compares parseDeclarations with its reference.
func FuzzParseDeclarations(f *testing.F) {
	for _, s := range []string{
		"", ";", " ; ;", "color:red", "COLOR : Red ;width:1px!important", "display:none;", "-webkit-x:1", "--x:1", "-1px:2",
		"u+0025-00ff: x", "color red; width:1", "1px color:red", "a:b:c", "_a:1", "-_a:1", "e5:1", "a-1-b: #fff, 2.5%",
		"font-family:Arial,sans-serif;font-size:12px;line-height:1.5;color:#333333;padding:0 0 10px 0",
		"a:1;;b:2; ", "a\f:\r\n1", "a:+.5", "-:1", "a1 :1", "a;b", "width:100%!important;height:auto",
		"background:url(x.png)", "a:'b'", "a:1/*x*/", "A\\:b", "\u00e9:1",
	} {
		f.Add(s)
	}
	// Each input is also tried with every byte mapped into the bytes
	// plainDeclarations reads, so that most runs take its path.
	const plain = "abcxyzABZ019 \t\n\r\f:;-_.,#%!+::;;--  "
	f.Fuzz(func(t *testing.T, style string) {
		mapped := []byte(style)
		for i, c := range mapped {
			mapped[i] = plain[int(c)%len(plain)]
		}
		for _, s := range []string{style, string(mapped)} {
			got, want := parseDeclarations(s), parseDeclarationsReference(s)
			if !slices.Equal(got, want) {
				t.Fatalf("parseDeclarations(%q) = %q, want %q", s, got, want)
			}
		}
	})
}

// registrableDomainReference is RegistrableDomain before plain hosts
// skipped idna.
func registrableDomainReference(host string) string {
	if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// FuzzRegistrableDomain compares RegistrableDomain with its reference, on
// each input and on it mapped into the bytes of plain hosts.
func FuzzRegistrableDomain(f *testing.F) {
	for _, s := range []string{
		"", ".", "example.com", "a.b.example.co.uk", ".example.com", "..a.com", "example.com.", "xn--bcher-kva.de",
		"XN--BCHER-KVA.DE", "xn--a.com", "a-.com", "-a.com", "ab--c.com", "a_b.com", "Example.COM", "bücher.de", "1.2.3.4",
		"localhost", "a..b.com", "com", "github.io", "x.github.io", "xn--zz", "a.xn--p1ai",
	} {
		f.Add(s)
	}
	const plain = "abcnxz019-.-.."
	f.Fuzz(func(t *testing.T, host string) {
		mapped := []byte(host)
		for i, c := range mapped {
			mapped[i] = plain[int(c)%len(plain)]
		}
		for _, h := range []string{host, string(mapped)} {
			if got, want := RegistrableDomain(h), registrableDomainReference(h); got != want {
				t.Fatalf("RegistrableDomain(%q) = %q, want %q", h, got, want)
			}
		}
	})
}

// FuzzListsNothing holds listsNothing to its promise: a document it
// passes, read in full as a nested document, adds nothing to the inventory
// (no resource, link, CID seen or count). Each input is also tried with its
// bytes mapped into markup without "=" or "[", so that most runs pass, and
// with each byte mapped to a piece of markup (layoutPieces), so that many
// runs reach layoutOnly's tags and attributes.
func FuzzListsNothing(f *testing.F) {
	for _, s := range []string{
		"</td></tr></table>", "<table><tr><td>", "<xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml>",
		"<!", "<iframe srcdoc>", "<style>a{background:url(https://x.example/a)}</style>", "<img src>", "<a href ping>x</a>",
		"<svg><use href/><animate attributename=href values></svg>", "<![if mso]><img src=x><![endif]>", "<!--[if x]>",
		strings.Repeat("<b>", maxOpenElements+1), strings.Repeat("<b>", maxOpenElements), "<meta http-equiv content>",
		"<object codebase data>", "<template shadowrootmode><img src></template>", "<STYLE>@import url(x)</STYLE>",
		// Attribute values on layout tags (layoutOnly).
		`<table role="presentation" border="0" cellpadding="0"><tr><td class="" style="vertical-align:top;width:600px;">`,
		"<td background=https://x.example/a>", "<TD BACKGROUND\f=https://x.example/a>", "<div background =//x.example/a>",
		`<td style="background:url(https://x.example/a)">`, `<td style="background:url&#40;https://x.example/a)">`,
		`<td style="background:u\72l(https://x.example/a)">`, `<p style="@import 'https://x.example/a'">`, `<p hidden style="@import 'https://x.example/a'">`,
		`<td hidden style="background:url&#40;https://x.example/a&#41;">`, `<div hidden style='-\2d a:"https://x.example/a"'>`,
		`<div style='--a:"https://x.example/a"'>`, "<td attributionsrc=https://x.example/a>",
		"<td hidden attributionsrc=https://x.example/a>", `<div style='display:none;--a:"https://x.example/a"'>`, "<o:p background=https://x.example/a>",
		"<xml><td style=display:none><img src=https://x.example/a>", "<td style=display:none><a href=https://x.example/a>",
		"<b><v:fill src=https://x.example/a>", "<span><svg><image href=https://x.example/a>", "<td style=x><bgsound src=https://x.example/a>",
		"<td x=1><base href=https://x.example/><img src=a>", "<font><iframe srcdoc=''>", "<u x=y><style>", "<i x=y><![CDATA[",
	} {
		f.Add(s)
	}
	const markup = "<<</>>  abimgsrcfetyl-:!ovdhAIS\"'&#;(){}"
	f.Fuzz(func(t *testing.T, src string) {
		mapped := []byte(src)
		var pieces strings.Builder
		for i, c := range mapped {
			mapped[i] = markup[int(c)%len(markup)]
			pieces.WriteString(layoutPieces[int(c)%len(layoutPieces)])
		}
		for _, doc := range []string{src, string(mapped), pieces.String()} {
			if !listsNothing(doc) {
				continue
			}
			inv, seen := newInventory(), map[string]bool{}
			m := message.Parse([]byte("Content-Type: text/html\r\n\r\n" + doc))
			sanitizeHTML(doc, m, inv, 1, seen, nestedDoc{base: withBase("https://base.example/d/")})
			if len(inv.Resources)+len(inv.Links)+len(seen)+inv.Dropped+inv.LinksDropped+inv.DeepElements+inv.Unread+
				inv.Unapplied+inv.nestedBytes+inv.nestedDocs > 0 {
				t.Fatalf("listsNothing(%q) but reading it lists %+v, CIDs %v", doc, *inv, seen)
			}
		}
	})
}

// layoutPieces are what FuzzListsNothing writes documents of: layout tags
// and their attributes, with the pieces that make an attribute load.
var layoutPieces = []string{
	"<td", "<table", "<TR", "<div", "<span", "<p", "<b", "<o:p", "<xml", "<font", "<center", "</td>", "</table>", "<!--", "-->",
	"<img", "<a", "<v:fill", "<svg", "<image", "<base", "<iframe", "<input", "<bgsound", "<amp-img", "<mglyph", "<math", "<meta",
	"<style", "<template", "<noscript", "<textarea", "<title", "<![CDATA[", "<link", "<picture", "<source", "<object", "<frame",
	" ", "\t", "\f", "\r", "\n", "/", ">", "=", "\"", "'", "&", ";", "&#40;", "&amp;", "(", ")", ":", "@", "\\", "--", "\x00",
	" style", " STYLE", " background", " Background", " src", " href", " srcset", " ping", " hidden", " class", " id",
	" attributionsrc", " xlink:href", " type", " data", " srcdoc", " shadowrootmode", " http-equiv", " content", " value", " name",
	"url(", "image-set(", "@import", "background:", "background-color:", "display:none", "width:1px", "max-height:0", "refresh",
	"https://x.example/a", "//x.example/b", "cid:c", "data:text/html,<img src=https://x.example/d>", "image", "0;url=https://x.example/e",
}

// readStyleSheetsReference is readStyleSheets before its scan also told
// whether src may hold a <base> tag, with the search it used.
func readStyleSheetsReference(src string) *styleSheet {
	indexFold := func(s, needle string) int {
		for i := 0; i+len(needle) <= len(s); {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				return -1
			}
			i += j
			if i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
				return i
			}
			i++
		}
		return -1
	}
	var sheets []string
	total := 0
	cut := false
	for i := 0; i < len(src); {
		if total >= maxSheetBytes {
			cut = cut || containsFold(src[i:], "<style")
			break
		}
		j := indexFold(src[i:], "<style")
		if j < 0 {
			break
		}
		start := i + j + len("<style")
		if start < len(src) && !strings.ContainsRune(" \t\n\r\f/>", rune(src[start])) {
			i = start
			continue
		}
		gt := strings.IndexByte(src[start:], '>')
		if gt < 0 {
			break
		}
		body := start + gt + 1
		end := indexFold(src[body:], "</style")
		if end < 0 {
			end = len(src) - body
		}
		text := src[body : body+end]
		if len(text) > maxSheetBytes-total {
			text, cut = text[:maxSheetBytes-total], true
		}
		sheets = append(sheets, text)
		total += len(text)
		i = body + end
	}
	if len(sheets) == 0 {
		return nil
	}
	ss := &styleSheet{cut: cut, byID: map[string][]int{}, byClass: map[string][]int{}, byTag: map[string][]int{}}
	for _, text := range sheets {
		ss.read(text)
	}
	if len(ss.rules) == 0 && !ss.cut && ss.unread == 0 {
		return nil
	}
	return ss
}

// FuzzReadStyleSheets compares readStyleSheets with its reference and its
// mayHaveBase with hasBaseTag, on each input and on it mapped into bytes
// that spell tags, so that most runs hold <style> and <base> in odd places.
func FuzzReadStyleSheets(f *testing.F) {
	for _, s := range []string{
		"", "<base", "<BASE href=x>", "x<base", "<style>a{display:none}</style><base href=y>", "<style <base>>a{}</style>",
		"<style x='<base'>.a{width:0}</style>", "<style>.a{}<base></style>", "<styles><base>", "<style", "<style><base",
		"<style>a{}</STYLE><b>", "</style><base>", "<stylE\n>i{opacity:0}</style ><bAsE>", "<ba<base",
	} {
		f.Add(s)
	}
	const tags = "<<</>style basestyle BASE <base<style{}:;.a#i=' \"\n"
	f.Fuzz(func(t *testing.T, src string) {
		mapped := []byte(src)
		for i, c := range mapped {
			mapped[i] = tags[int(c)%len(tags)]
		}
		for _, s := range []string{src, string(mapped)} {
			got, base := readStyleSheets(s)
			if want := readStyleSheetsReference(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("readStyleSheets(%q) = %+v, want %+v", s, got, want)
			}
			if want := hasBaseTag(s); base != want {
				t.Fatalf("readStyleSheets(%q) tells base %v, hasBaseTag %v", s, base, want)
			}
		}
	})
}

// urlFinderReference is urlFinder as first written: one scan per prefix.

// urlPrefixesReference start a URL in plain text.
var urlPrefixesReference = [...]string{"https://", "http://", "www."}

// urlFinderReference finds the URLs of one text in order, in time linear in its length.
type urlFinderReference struct {
	s  string
	at [len(urlPrefixesReference)]int // the next occurrence of each prefix at or after the last search, -1 when none, -2 not yet searched
}

func newURLFinderReference(s string) *urlFinderReference {
	f := &urlFinderReference{s: s}
	for i := range f.at {
		f.at[i] = -2
	}
	return f
}

// next finds the first URL at or after from; trailing punctuation and an
// unbalanced closing bracket are left out, as readers expect. It returns
// -1, -1 when there is none. from must not decrease between calls.
func (f *urlFinderReference) next(from int) (start, end int) {
	s := f.s
	for {
		start = -1
		for k, prefix := range urlPrefixesReference {
			j := f.at[k]
			if j == -1 {
				continue
			}
			if j < from {
				j = f.find(k, prefix, from)
				f.at[k] = j
			}
			if j >= 0 && (start < 0 || j < start) {
				start = j
			}
		}
		if start < 0 {
			return -1, -1
		}
		end = start
		for end < len(s) && !isURLStop(s[end]) {
			end++
		}
		opens, closes := strings.Count(s[start:end], "("), strings.Count(s[start:end], ")")
		for end > start {
			c := s[end-1]
			if strings.IndexByte(".,;:!?'\"", c) >= 0 {
				end--
				continue
			}
			if c == ')' && opens < closes {
				end--
				closes--
				continue
			}
			break
		}
		if end-start > len("www.") {
			return start, end
		}
		// Too short to be a URL ("www." alone): look on after it.
		from = max(end, start+1)
	}
}

// find returns the first occurrence of prefix k at or after from, ignoring
// ASCII case, or -1; "www." counts only at a word start. It compares in
// place: the text is not copied in lower case.
func (f *urlFinderReference) find(k int, prefix string, from int) int {
	s := f.s
	for j := from; j+len(prefix) <= len(s); j++ {
		if lowerASCII(s[j]) != prefix[0] || !equalLowerASCII(s[j:j+len(prefix)], prefix) {
			continue
		}
		if urlPrefixesReference[k] != "www." || j == 0 || !isWordByte(s[j-1]) {
			return j
		}
		j += len(prefix) - 1
	}
	return -1
}

// FuzzURLFinder holds urlFinder (one scan for all prefixes) to the URLs that
// urlFinderReference finds, driven as linkifyText drives it. Each input is
// also read mapped into bytes that make prefixes and near misses common.
func FuzzURLFinder(f *testing.F) {
	for _, seed := range []string{
		"see https://a.example/x, and http://b.example.", "www.example.com xwww.a.b HTTPS://X.Y (http://a/(b))",
		"http:/ https:/ http:x www. WwW.a.b https://", "hxxp://a http://", "_www.a www.www.a .www.b",
	} {
		f.Add(seed)
	}
	const alphabet = "hHtTpPsS:/wW. x(),_\n\"<"
	f.Fuzz(func(t *testing.T, text string) {
		mapped := []byte(text)
		for i, c := range mapped {
			mapped[i] = alphabet[int(c)%len(alphabet)]
		}
		for _, s := range []string{text, string(mapped)} {
			got, want := newURLFinder(s), newURLFinderReference(s)
			for pos := 0; pos < len(s); {
				gs, ge := got.next(pos)
				ws, we := want.next(pos)
				if gs != ws || ge != we {
					t.Fatalf("%q from %d: got %d-%d, want %d-%d", s, pos, gs, ge, ws, we)
				}
				if gs < 0 {
					break
				}
				pos = ge
			}
		}
	})
}

// findBaseReference is findBase as first written: each start tag's name
// from the tokenizer's TagName.
func findBaseReference(src string, mayHaveBase bool) urlResolver {
	if !mayHaveBase {
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

// FuzzFindBase holds findBase (tag names read from the raw tag) to
// findBaseReference's resolver. Each input is also read mapped into bytes
// that make <base> tags, odd cases and NULs common.
func FuzzFindBase(f *testing.F) {
	for _, seed := range []string{
		`<base href="https://a.example/">`, `<BASE HREF=x><base href=y>`, "<base\x00 href=a><base/href=b>",
		`<p><bAsE target=_top href="//c.example/d/"></p>`, `<basefont href=a><base>`, `<base
href=q>`,
	} {
		f.Add(seed)
	}
	const alphabet = "<base BASE/>=\"href\x00\t\n:.x"
	f.Fuzz(func(t *testing.T, src string) {
		mapped := []byte(src)
		for i, c := range mapped {
			mapped[i] = alphabet[int(c)%len(alphabet)]
		}
		for _, s := range []string{src, string(mapped)} {
			got, want := findBase(s, true), findBaseReference(s, true)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("findBase(%q) = %+v, want %+v", s, got.base, want.base)
			}
		}
	})
}

// indexFoldReference is indexFold as it was, finding each candidate with
// strings.IndexAny, which reads a byte at a time.
func indexFoldReference(s, substr string) int {
	first := substr[:1]
	if c := substr[0]; 'a' <= c && c <= 'z' {
		first += string(c - ('a' - 'A'))
	}
	for i := 0; i+len(substr) <= len(s); i++ {
		j := strings.IndexAny(s[i:], first)
		if j < 0 {
			return -1
		}
		i += j
		if i+len(substr) <= len(s) && strings.EqualFold(s[i:i+len(substr)], substr) {
			return i
		}
	}
	return -1
}

// FuzzIndexFold compares indexFold with indexFoldReference. The needle is
// made lower-case ASCII (as every caller's is); each input is also tried
// mapped into a few letters of both cases, so that candidates abound.
func FuzzIndexFold(f *testing.F) {
	for _, c := range [][2]string{
		{"<STYLE>", "<style"}, {"SrcDoc", "srcdoc"}, {"sssssS srcdoc", "srcdoc"}, {"s\u017ft", "sst"}, {"\u212a", "k"},
		{"backgroundBACKGROUND =", "background"}, {"", "a"}, {"a", "ab"}, {"Ab", "ab"}, {"xxAbAB", "abab"},
	} {
		f.Add(c[0], c[1])
	}
	const letters = "aAbBsS<-"
	f.Fuzz(func(t *testing.T, s, sub string) {
		needle := []byte(sub)
		for i, c := range needle {
			if c >= 0x80 || 'A' <= c && c <= 'Z' {
				needle[i] = letters[int(c)%len(letters)] | 0x20
			}
		}
		if len(needle) == 0 {
			return
		}
		mapped := []byte(s)
		for i, c := range mapped {
			mapped[i] = letters[int(c)%len(letters)]
		}
		for _, hay := range []string{s, string(mapped)} {
			if got, want := indexFold(hay, string(needle)), indexFoldReference(hay, string(needle)); got != want {
				t.Fatalf("indexFold(%q, %q) = %d, want %d", hay, needle, got, want)
			}
		}
	})
}

// mayReferenceCSSBySwitch is mayReferenceCSS as it was before it skipped
// the bytes its switch ignores with a table: the reference it must equal.
func mayReferenceCSSBySwitch(src string) bool {
	dashes, quote := false, false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\' || c >= 0x80:
			return true
		case c == '(':
			if hasFoldBefore(src, i, "url") || hasFoldBefore(src, i, "src") || hasFoldBefore(src, i, "image-set") {
				return true
			}
		case c == '@':
			if i+7 <= len(src) && strings.EqualFold(src[i+1:i+7], "import") {
				return true
			}
		case c == '-':
			dashes = dashes || i+1 < len(src) && src[i+1] == '-'
		case c == '"' || c == '\'':
			quote = true
		}
	}
	return dashes && quote
}

// FuzzMayReferenceCSS compares mayReferenceCSS with its reference, on each
// input and on it mapped into bytes that spell what the test looks for.
func FuzzMayReferenceCSS(f *testing.F) {
	for _, s := range []string{
		"", "color:red", "background:URL(x)", "src(x)", "a:image-set('x' 1x)", "@IMPORT 'x'", "--a:'x'", "--a:x", "a:'x'",
		"\\75 rl(x)", "\xc3\xa9", "@impor", "-", "a(", "(", "\x7f", "\x80",
	} {
		f.Add(s)
	}
	const css = "urlURLsrcimage-set()@import--'\"\\:; \x80"
	f.Fuzz(func(t *testing.T, src string) {
		mapped := []byte(src)
		for i, c := range mapped {
			mapped[i] = css[int(c)%len(css)]
		}
		for _, s := range []string{src, string(mapped)} {
			if got, want := mayReferenceCSS(s), mayReferenceCSSBySwitch(s); got != want {
				t.Fatalf("mayReferenceCSS(%q) = %v, want %v", s, got, want)
			}
		}
	})
}
