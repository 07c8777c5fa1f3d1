package safedoc

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// Vectors of URLs found in CSS.
const (
	VectorCSSURL      Vector = "css-url"       // url() in a declaration: background, content, list-style, cursor, ...
	VectorCSSImport   Vector = "css-import"    // @import
	VectorCSSFont     Vector = "css-font"      // src of @font-face
	VectorCSSImageSet Vector = "css-image-set" // a string in image-set() or -webkit-image-set()
	VectorCSSVar      Vector = "css-var"       // an absolute URL string kept in a custom property for var()
)

// Contexts of a CSS reference that make it load only in some situation,
// telling the sender about that situation.
const (
	ContextPrint       Context = "css-print"        // inside @media print: loads when the mail is printed
	ContextColorScheme Context = "css-color-scheme" // inside @media (prefers-color-scheme): reveals dark mode
	ContextForward     Context = "css-forward"      // under a selector that only matches quoted (forwarded or replied) mail
)

// quotedMailSelectors are the markers mail clients put around the quoted
// original when the reader replies or forwards; CSS keyed to them loads only
// then, telling the sender that the mail was passed on.
var quotedMailSelectors = []string{
	"blockquote", ".gmail_quote", "[type=cite]", "[type=\"cite\"]", ".moz-cite-prefix", "#divrplyfwdmsg",
	"#appendonsend", ".yahoo_quoted", "#olk_src_body_section", "#mail-editor-reference-message-container",
	".protonmail_quote", ".zmail_extra", "#reply-intro", ".ms-outlook-mobile-reference-message",
}

// cssRef is one URL that a style sheet or style attribute would load.
type cssRef struct {
	URL      string // as written, escapes decoded, not yet resolved
	Vector   Vector
	Contexts []Context // from the rule's context
}

// scanCSS finds every URL that CSS would load, with a real CSS tokenizer:
// url() in any form (quoted, unquoted, escaped as u\rl( or \75 rl(), @import
// with a string or url(), @font-face sources, image-set() strings, and URL
// strings parked in custom properties for var(). It works the same on a
// style sheet and on a style attribute's declarations.
func scanCSS(src string) []cssRef {
	if !mayReferenceCSS(src) {
		return nil
	}
	return scanCSSTokens(src)
}

// mayReferenceCSS is a quick test that lets most CSS skip the tokenizer:
// scanCSS finds a reference only in url(), src(), image-set(), @import or a
// quoted string in a custom property. In ASCII text without escapes each
// of those is written as such (the names in any case); other text
// (escapes, or non-ASCII letters that lower-case to ASCII) is always read.
func mayReferenceCSS(src string) bool {
	dashes, quote := false, false
	for i := 0; i < len(src); i++ {
		if !cssSignalBytes[src[i]] { // most bytes of CSS: one load and one test
			continue
		}
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

// cssSignalBytes holds the bytes that mayReferenceCSS's switch looks at.
var cssSignalBytes = func() (t [256]bool) {
	for b := range 256 {
		switch c := byte(b); {
		case c == '\\' || c >= 0x80, c == '(', c == '@', c == '-', c == '"' || c == '\'':
			t[b] = true
		}
	}
	return t
}()

// hasFoldBefore tells whether sub (lower-case ASCII) ends at i in s, in any case.
func hasFoldBefore(s string, i int, sub string) bool {
	return i >= len(sub) && strings.EqualFold(s[i-len(sub):i], sub)
}

// scanCSSTokens is scanCSS without the quick test.
func scanCSSTokens(src string) []cssRef {
	var refs []cssRef
	l := css.NewLexer(parse.NewInputString(src))
	var (
		depth         int        // brace nesting
		fontFaceDepth int        // the depth of the @font-face block we are in, 0 outside
		pendingFont   bool       // @font-face seen, its block not yet open
		inImport      bool       // between @import and its ;
		customName    bool       // a --custom-property name was the last ident
		inCustom      bool       // inside a custom property's value
		funcs         []bool     // open functions and parentheses: true for image-set()
		imageSets     int        // how many of funcs are image-set()
		prelude       []byte     // the text since the last block or declaration began, up to 2,000 bytes
		frames        []cssFrame // the open blocks that give a context (most give none and are only counted in depth)
		// How many open frames are print, colour-scheme or quoted-mail
		// contexts: counted as frames open and close, so that a URL deep in
		// nested blocks costs no walk over them.
		prints, schemes, quoted int
	)
	context := func() []Context {
		var reasons []Context
		if prints > 0 {
			reasons = append(reasons, ContextPrint)
		}
		if schemes > 0 {
			reasons = append(reasons, ContextColorScheme)
		}
		if quoted > 0 {
			reasons = append(reasons, ContextForward)
		}
		return reasons
	}
	count := func(f cssFrame, d int) {
		if strings.Contains(f.media, "print") {
			prints += d
		}
		if strings.Contains(f.media, "prefers-color-scheme") {
			schemes += d
		}
		if f.quoted {
			quoted += d
		}
	}
	vector := func() Vector {
		switch {
		case inImport:
			return VectorCSSImport
		case fontFaceDepth > 0:
			return VectorCSSFont
		}
		return VectorCSSURL
	}
	isImageSet := func(name string) bool { return name == "image-set" || name == "-webkit-image-set" }
	clearFuncs := func() { funcs, imageSets = funcs[:0], 0 }
	for {
		tt, data := l.Next()
		switch tt {
		case css.LeftBraceToken, css.RightBraceToken, css.SemicolonToken:
		default:
			if len(prelude) < 2000 {
				prelude = append(prelude, data...)
			}
		}
		switch tt {
		case css.ErrorToken:
			return refs
		case css.AtKeywordToken:
			switch strings.ToLower(cssUnescape(string(data[1:]))) {
			case "import":
				inImport = true
			case "font-face":
				pendingFont = true
			}
		case css.LeftBraceToken:
			depth++
			if pendingFont {
				fontFaceDepth, pendingFont = depth, false
			}
			if f := newCSSFrame(string(prelude)); f.media != "" || f.quoted {
				f.depth = depth
				frames = append(frames, f)
				count(f, 1)
			}
			prelude = prelude[:0]
			inImport, inCustom, customName = false, false, false
			clearFuncs()
		case css.RightBraceToken:
			if depth == fontFaceDepth {
				fontFaceDepth = 0
			}
			if n := len(frames); n > 0 && frames[n-1].depth == depth {
				count(frames[n-1], -1)
				frames = frames[:n-1]
			}
			if depth > 0 {
				depth--
			}
			prelude = prelude[:0]
			inCustom, customName = false, false
			clearFuncs()
		case css.SemicolonToken:
			prelude = prelude[:0]
			inImport, inCustom, customName = false, false, false
		case css.IdentToken, css.CustomPropertyNameToken:
			customName = strings.HasPrefix(string(data), "--")
		case css.ColonToken:
			if customName {
				inCustom = true
			}
			customName = false
		case css.URLToken:
			if u, ok := urlTokenValue(string(data)); ok {
				refs = append(refs, cssRef{URL: u, Vector: vector(), Contexts: context()})
			}
		case css.FunctionToken:
			name := strings.ToLower(cssUnescape(string(data[:len(data)-1])))
			if name == "url" || name == "src" {
				// An escaped "url(" the lexer did not recognise, or CSS4 src():
				// the argument runs to the matching parenthesis.
				raw := readFunctionArgument(l)
				if u := cssArgument(raw); u != "" {
					refs = append(refs, cssRef{URL: u, Vector: vector(), Contexts: context()})
				}
				continue
			}
			funcs = append(funcs, isImageSet(name))
			if isImageSet(name) {
				imageSets++
			}
		case css.LeftParenthesisToken:
			funcs = append(funcs, false)
		case css.RightParenthesisToken:
			if len(funcs) > 0 {
				if funcs[len(funcs)-1] {
					imageSets--
				}
				funcs = funcs[:len(funcs)-1]
			}
		case css.StringToken:
			s := cssString(string(data))
			switch {
			case inImport:
				refs = append(refs, cssRef{URL: s, Vector: VectorCSSImport, Contexts: context()})
			case imageSets > 0:
				refs = append(refs, cssRef{URL: s, Vector: VectorCSSImageSet, Contexts: context()})
			case inCustom && looksLikeRemoteURL(s):
				refs = append(refs, cssRef{URL: s, Vector: VectorCSSVar, Contexts: context()})
			}
		case css.CustomPropertyValueToken:
			// Some lexer modes return a custom property's value whole: scan it as CSS.
			refs = append(refs, scanCSS(string(data))...)
		}
	}
}

// cssFrame is the context of an open CSS block: the media query of an
// @media block, or whether a rule's selector targets quoted mail.
type cssFrame struct {
	media  string
	quoted bool
	depth  int // the brace depth of the block
}

func newCSSFrame(prelude string) cssFrame {
	p := strings.ToLower(strings.TrimSpace(prelude))
	if strings.HasPrefix(p, "@media") {
		return cssFrame{media: p}
	}
	if p == "" {
		return cssFrame{}
	}
	compact := make([]byte, 0, len(p)) // spaces dropped, ' read as "
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case ' ':
		case '\'':
			compact = append(compact, '"')
		default:
			compact = append(compact, c)
		}
	}
	c := string(compact) // once: a conversion in the loop copies a long prelude for each selector
	for _, sel := range quotedMailSelectors {
		if strings.Contains(c, sel) {
			return cssFrame{quoted: true}
		}
	}
	return cssFrame{}
}

// readFunctionArgument reads tokens up to the parenthesis closing the current
// function and returns their raw text.
func readFunctionArgument(l *css.Lexer) string {
	var b strings.Builder
	level := 1
	for {
		tt, data := l.Next()
		switch tt {
		case css.ErrorToken:
			return b.String()
		case css.FunctionToken, css.LeftParenthesisToken:
			level++
		case css.RightParenthesisToken:
			level--
			if level == 0 {
				return b.String()
			}
		}
		b.Write(data)
	}
}

// urlTokenValue extracts the URL of a url(...) token.
func urlTokenValue(tok string) (string, bool) {
	open := strings.IndexByte(tok, '(')
	if open < 0 || !strings.HasSuffix(tok, ")") {
		return "", false
	}
	u := cssArgument(tok[open+1 : len(tok)-1])
	return u, u != ""
}

// cssArgument reads a url() argument: a quoted string or bare text, escapes decoded.
func cssArgument(s string) string {
	s = strings.Trim(s, " \t\r\n\f")
	if len(s) >= 1 && (s[0] == '"' || s[0] == '\'') {
		return cssString(s)
	}
	return cssUnescape(s)
}

// cssString decodes a quoted CSS string token.
func cssString(s string) string {
	if len(s) >= 1 && (s[0] == '"' || s[0] == '\'') {
		q := s[0]
		s = s[1:]
		if len(s) > 0 && s[len(s)-1] == q {
			s = s[:len(s)-1]
		}
	}
	return cssUnescape(s)
}

// cssUnescape decodes CSS escapes: a backslash and 1-6 hex digits (and one
// white space after them) is that code point; a backslash before a newline
// is a line continuation; a backslash before anything else is that character.
func cssUnescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		if s[i] == '\n' || s[i] == '\f' {
			continue
		}
		if s[i] == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		j := i
		for j < len(s) && j-i < 6 && isHexDigit(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			continue
		}
		n, _ := strconv.ParseUint(s[i:j], 16, 32)
		if n == 0 || n > 0x10FFFF || n >= 0xD800 && n <= 0xDFFF {
			n = 0xFFFD
		}
		b.WriteRune(rune(n))
		if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f') {
			j++
		} else if j+1 < len(s) && s[j] == '\r' && s[j+1] == '\n' {
			j += 2
		} else if j < len(s) && s[j] == '\r' {
			j++
		}
		i = j - 1
	}
	return b.String()
}

// cssDeclaration is one property: value pair of a style attribute.
type cssDeclaration struct {
	Property string // lower-case
	Value    string // as written, trimmed, escapes kept
}

// parseDeclarations splits a style attribute into its declarations with the
// CSS tokenizer (so a ";" inside a string or url() does not split).
func parseDeclarations(style string) []cssDeclaration {
	out := make([]cssDeclaration, 0, strings.Count(style, ";")+1)
	if decls, ok := plainDeclarations(style, out); ok {
		return decls
	}
	l := css.NewLexer(parse.NewInputString(style))
	var prop string
	var val []byte // the value being read, kept for the next one
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

// plainDeclarations is parseDeclarations for the style attributes most
// mail writes ("color:#333; width:100px !important"): ASCII letters,
// digits, white space and ":;-_.,#%!+" only, each declaration a name, then
// ":", then its value. The tokenizer would read such a style as those
// pieces exactly (no strings, escapes, comments or parentheses to change
// where one ends), so it is split here without it, each value a piece of
// style. ok is false for any other style, which the tokenizer reads.
func plainDeclarations(style string, out []cssDeclaration) ([]cssDeclaration, bool) {
	for i := 0; i < len(style); i++ {
		if !plainStyleByte(style[i]) {
			return nil, false
		}
	}
	for rest := style; rest != ""; {
		decl := rest
		if k := strings.IndexByte(rest, ';'); k >= 0 {
			decl, rest = rest[:k], rest[k+1:]
		} else {
			rest = ""
		}
		i := 0
		for i < len(decl) && isCSSSpace(decl[i]) {
			i++
		}
		if i == len(decl) {
			continue // nothing between two ";"
		}
		// A name starts with a letter or "_", or "-" and one of those
		// (the tokenizer reads "-1" or "--x" otherwise), and runs on
		// over letters, digits, "-" and "_".
		start := i
		if decl[i] == '-' {
			i++
		}
		if i == len(decl) || !isASCIILetter(decl[i]) && decl[i] != '_' {
			return nil, false
		}
		for i < len(decl) && (isASCIILetter(decl[i]) || '0' <= decl[i] && decl[i] <= '9' || decl[i] == '-' || decl[i] == '_') {
			i++
		}
		name := decl[start:i]
		for i < len(decl) && isCSSSpace(decl[i]) {
			i++
		}
		if i == len(decl) || decl[i] != ':' {
			return nil, false
		}
		out = append(out, cssDeclaration{Property: strings.ToLower(name), Value: strings.TrimSpace(decl[i+1:])})
	}
	return out, true
}

// plainStyleByte tells whether plainDeclarations reads a byte.
func plainStyleByte(c byte) bool {
	switch {
	case isASCIILetter(c), '0' <= c && c <= '9', isCSSSpace(c):
		return true
	}
	switch c {
	case ':', ';', '-', '_', '.', ',', '#', '%', '!', '+':
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func looksLikeRemoteURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http:") || strings.HasPrefix(s, "https:") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "ftp:")
}
