package safedoc

// Style sheets applied: the <style> rules that hide or size an element, so
// that a pixel hidden or shrunk through a class is seen as hidden or tiny.

import (
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"golang.org/x/net/html"
)

// Budgets of style sheet matching; past them the rest of the sheets is not
// applied (their URLs are still collected, by collectCSS).
const (
	maxSheetBytes = 1 << 20 // style sheet text read for rules, per document
	maxSheetRules = 4000    // selectors kept
	// maxSheetNesting bounds the blocks and at-rules open inside each other.
	maxSheetNesting = 32
	// maxSheetWork bounds the selector parts compared while matching, per
	// document: deep documents under many descendant rules would otherwise
	// cost rules x depth x elements. Past it no more rules are applied and
	// the document counts in Inventory.Unapplied.
	maxSheetWork = 2_000_000
)

// computedStyle is what a sanitizer keeps to compute an element's
// visibility and size beyond its own attributes.
type computedStyle struct {
	sheet *styleSheet // the rules of the document's <style> sheets that hide or size, nil when none
	// picture holds, inside a <picture>, the resources its <source>
	// elements added, which take the size and visibility of its <img>.
	picture []int
}

// selectorKeys are an open element's id and class, for descendant selectors.
type selectorKeys struct {
	id, class string
}

// styleSheet is the rules of a document's style sheets that can hide or
// size an element, indexed by what their selector's subject needs.
type styleSheet struct {
	work      int  // selector parts compared so far
	spent     bool // work passed maxSheetWork: no more rules are applied
	cut       bool // a sheet was read only in part: past maxSheetNesting, maxSheetBytes or maxSheetRules
	unread    int  // selectors of rules that hide or size which are not read (parseSelectorList)
	siblings  bool // a rule's selector has a sibling combinator: the sanitizer keeps the elements' siblings
	forgot    bool // a sibling rule may have matched a sibling no longer kept
	rules     []sheetRule
	byID      map[string][]int
	byClass   map[string][]int
	byTag     map[string][]int
	universal []int
}

// sheetRule is one selector of a rule and the rule's declarations that
// matter to visibility and size.
type sheetRule struct {
	chain   []compoundSelector // ancestors first, the subject last
	decls   []cssDeclaration
	sibling bool // a compound of the chain is joined by '+' or '~' (add)
}

// compoundSelector is "tag#id.class.class[attr=value]": every part present
// must match.
type compoundSelector struct {
	tag     string // lower-case, "" for any
	id      string // lower-case
	classes []string
	attrs   []attrSelector
	// comb joins it to the next compound of the chain, nearer the subject:
	// ' ' an ancestor of it (a child, '>', is read as a descendant: it
	// matches no fewer), '+' its element sibling just before, '~' any
	// element sibling before it.
	comb byte
}

// attrSelector is "[name]", "[name=value]" or "[name op= value]" with op one
// of ~ | ^ $ *; values compare ignoring ASCII case (mail is read in quirks
// mode, and the "i" flag asks for it anyway).
type attrSelector struct {
	name, op, value string
}

// visibilityProperty tells whether a property can hide or size an element.
func visibilityProperty(p string) bool {
	switch p {
	case "display", "visibility", "opacity", "position", "left", "top", "right", "margin", "margin-left", "margin-top", "zoom",
		"text-indent", "overflow", "overflow-x", "overflow-y", "width", "height", "max-width", "max-height",
		"clip", "clip-path", "transform", "scale", "filter", "content-visibility":
		return true
	}
	return false
}

// readStyleSheets finds the <style> elements of src and reads their rules;
// nil when there are none that can hide or size anything. The sheets are
// found by a scan for <style>…</style> (the tokenizer reads their content as
// raw text up to "</style" too), so a sheet after the element it hides
// applies as well. The same scan tells whether src may hold a <base> tag
// (hasBaseTag): it visits every "<" of src, the base scan's too.
func readStyleSheets(src string) (sheet *styleSheet, mayHaveBase bool) {
	var sheets []string // none when src has no <style>: the loop's first search is the only scan then
	total := 0
	cut, base := false, false
	for i := 0; i < len(src); {
		if total >= maxSheetBytes {
			cut = cut || containsFold(src[i:], "<style") // a sheet past the budget
			base = base || hasBaseTag(src[i:])
			break
		}
		j, b := indexTag(src[i:], "<style")
		base = base || b
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
			base = base || hasBaseTag(src[start:])
			break
		}
		base = base || hasBaseTag(src[start:start+gt]) // its attributes: "base" cannot run on past the ">"
		body := start + gt + 1
		end, b := indexTag(src[body:], "</style")
		base = base || b
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
		return nil, base
	}
	ss := &styleSheet{cut: cut, byID: map[string][]int{}, byClass: map[string][]int{}, byTag: map[string][]int{}}
	for _, text := range sheets {
		ss.read(text)
	}
	if len(ss.rules) == 0 && !ss.cut && ss.unread == 0 {
		return nil, base // a sheet read in part, or with selectors not read, is kept to say so (Inventory)
	}
	return ss, base
}

// read adds the rules of one style sheet.
func (ss *styleSheet) read(text string) {
	if n := min(nestingLimit(text, maxSheetNesting), segmentLimit(text, maxSegmentTokens)); n < len(text) {
		text, ss.cut = text[:n], true
	}
	p := css.NewParser(parse.NewInputString(text), false)
	var skip []bool // per open at-rule: its rules do not apply to the reading pane
	skipped := 0    // how many of skip are true
	skipping := func() bool { return skipped > 0 }
	// The open rule set: its selector text, read into chains only once a
	// declaration that hides or sizes is found (most rules have none).
	var (
		applies   bool // the rule set is not inside an at-rule that skips
		selectors string
		parsed    bool
		chains    [][]compoundSelector
		unread    int // its selectors that could not be read
		decls     []cssDeclaration
	)
	for {
		gt, _, data := p.Next()
		switch gt {
		case css.ErrorGrammar:
			// The end of the sheet (io.EOF) or a broken one. A parse error
			// is asked for first: Err() would build its message, with a
			// line and column counted from the sheet's start, to be dropped.
			if p.HasParseError() || p.Err() != nil {
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
			chains, decls, parsed, selectors, unread = nil, nil, false, "", 0
			if applies = !skipping(); applies {
				selectors = tokensText(p.Values())
			}
		case css.DeclarationGrammar:
			if !applies {
				continue
			}
			var buf [24]byte // longer than any visibilityProperty
			prop, ok := lowerProperty(data, buf[:0])
			if !ok || !visibilityProperty(string(prop)) {
				continue
			}
			if !parsed {
				chains, unread = parseSelectorList(selectors)
				parsed = true
			}
			if len(chains) > 0 {
				decls = append(decls, cssDeclaration{Property: string(prop), Value: strings.TrimSpace(tokensText(p.Values()))})
			}
		case css.EndRulesetGrammar:
			if len(decls) > 0 {
				for _, c := range chains {
					ss.add(sheetRule{chain: c, decls: decls})
				}
			}
			ss.unread += unread
			chains, decls, parsed, selectors, applies, unread = nil, nil, false, "", false, 0
		}
		if len(ss.rules) >= maxSheetRules {
			ss.cut = true
			return
		}
	}
}

// maxSegmentTokens bounds the tokens of one selector list or declaration:
// the CSS parser holds a whole one as tokens of 32 bytes each, so 0.5 MB
// of "a a a …{}" had allocated 90 MB. Real ones hold tens.
const maxSegmentTokens = 8192

// segmentLimit returns where the first selector list, at-rule prelude or
// declaration of text with more than max tokens begins (len(text) when
// none has): the sheet is read up to there. A sheet of no more than max
// bytes cannot hold one, and is not lexed twice.
func segmentLimit(text string, max int) int {
	if len(text) <= max {
		return len(text)
	}
	in := parse.NewInputString(text)
	l := css.NewLexer(in)
	start, n := 0, 0
	for {
		tt, _ := l.Next()
		switch tt {
		case css.ErrorToken:
			return len(text)
		case css.LeftBraceToken, css.RightBraceToken, css.SemicolonToken:
			start, n = in.Offset(), 0
		default:
			if n++; n > max {
				return start
			}
		}
	}
}

// nestingLimit returns where brackets in text first nest deeper than max
// (len(text) when they never do): the CSS parser keeps state per open
// bracket, so a sheet of a million "{" would cost it gigabytes.
func nestingLimit(text string, max int) int {
	// Text with no more opening brackets than max cannot nest deeper; the
	// counts are fast, and most sheets in mail are small.
	if strings.Count(text, "{")+strings.Count(text, "(")+strings.Count(text, "[") <= max {
		return len(text)
	}
	var delta [256]int8 // what each byte adds to the depth
	delta['{'], delta['('], delta['['] = 1, 1, 1
	delta['}'], delta[')'], delta[']'] = -1, -1, -1
	depth := 0
	for i := 0; i < len(text); i++ {
		switch d := delta[text[i]]; {
		case d == 0:
		case d > 0:
			if depth++; depth > max {
				return i
			}
		case depth > 0:
			depth--
		}
	}
	return len(text)
}

// appliesToPane tells whether the rules inside an at-rule apply where the
// mail is read: @media print does not, nor do the width and orientation
// queries of responsive layouts (which hide the desktop or the mobile
// version of the same content); @media screen, @supports and the like do.
func appliesToPane(name string, values []css.Token) bool {
	switch strings.ToLower(name) {
	case "@media":
		q := strings.ToLower(tokensText(values))
		for _, w := range []string{"print", "width", "height", "orientation", "aspect-ratio", "resolution", "not "} {
			if strings.Contains(q, w) {
				return false
			}
		}
		return true
	case "@supports", "@document", "@layer", "@-moz-document":
		return true
	}
	return false // @keyframes, @font-face, @page: no element rules
}

// lowerProperty returns a property name as strings.ToLower would, in buf
// when it fits; ok is false when it is too long to be one visibilityProperty
// knows. Names with non-ASCII bytes go through strings.ToLower ("İ" lowers
// to "i").
func lowerProperty(name, buf []byte) (lower []byte, ok bool) {
	for _, c := range name {
		if c >= 0x80 {
			return []byte(strings.ToLower(string(name))), true
		}
	}
	if len(name) > cap(buf) {
		return nil, false
	}
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}

func tokensText(toks []css.Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.Write(t.Data)
	}
	return b.String()
}

func (ss *styleSheet) add(r sheetRule) {
	for _, c := range r.chain[:len(r.chain)-1] {
		r.sibling = r.sibling || c.comb == '+' || c.comb == '~'
	}
	ss.siblings = ss.siblings || r.sibling
	i := len(ss.rules)
	ss.rules = append(ss.rules, r)
	subj := r.chain[len(r.chain)-1]
	switch {
	case subj.id != "":
		ss.byID[subj.id] = append(ss.byID[subj.id], i)
	case len(subj.classes) > 0:
		ss.byClass[subj.classes[0]] = append(ss.byClass[subj.classes[0]], i)
	case subj.tag != "":
		ss.byTag[subj.tag] = append(ss.byTag[subj.tag], i)
	default:
		ss.universal = append(ss.universal, i)
	}
}

// parseSelectorList reads "a.b, #c img, p + img" into chains, with the
// number of selectors it could not read. :is(), :where() and their old
// names are expanded into the selectors they list; :link is any link. A
// selector that matches only as the reader acts (:hover, :focus, ...) or
// names a pseudo-element matches no element as the mail is shown, and is
// left out as read. Others with parts that cannot be decided from the
// element, its ancestors and their siblings (:not(), :nth-child())
// are counted as not read: what they hide is not applied, and the
// analysis says so (Inventory.UnreadSelectors).
func parseSelectorList(text string) (chains [][]compoundSelector, unread int) {
	for _, sel := range splitSelectors(text) {
		if strings.Count(sel, ":") > maxPseudo {
			unread++ // each :is() is expanded in a pass over the selector: a few, not thousands
			continue
		}
		expanded, ok := expandIs(strings.TrimSpace(sel))
		if !ok {
			unread++
			continue
		}
		for _, e := range expanded {
			e = stripAlwaysPseudo(e)
			if interactive(e) {
				continue
			}
			if chain, ok := parseSelector(e); ok {
				chains = append(chains, chain)
			} else {
				unread++
				break
			}
		}
	}
	return chains, unread
}

// splitSelectors splits a selector list at the commas outside parentheses
// and brackets.
func splitSelectors(text string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		case '\\':
			i++
		case ',':
			if depth == 0 {
				out = append(out, text[start:i])
				start = i + 1
			}
		}
	}
	return append(out, text[start:])
}

// isForms are the pseudo-classes that match an element matching any
// selector of their list.
var isForms = []string{":is(", ":where(", ":matches(", ":-webkit-any(", ":-moz-any("}

// maxExpanded bounds the selectors one selector with :is() becomes, and
// maxPseudo the colons of one selector that is read (pseudo-classes).
const (
	maxExpanded = 16
	maxPseudo   = 8
)

// expandIs replaces each :is() (or its other names) of sel by each selector
// of its list in turn; false when a list holds parentheses of its own or
// the selectors would be more than maxExpanded.
func expandIs(sel string) ([]string, bool) {
	out := []string{sel}
	for {
		lower := strings.ToLower(out[0])
		at, form := -1, ""
		for _, f := range isForms {
			if i := strings.Index(lower, f); i >= 0 && (at < 0 || i < at) {
				at, form = i, f
			}
		}
		if at < 0 {
			return out, true
		}
		var next []string
		for _, s := range out {
			i := strings.Index(strings.ToLower(s), form)
			open := i + len(form)
			end := strings.IndexByte(s[open:], ')')
			if end < 0 || strings.IndexByte(s[open:open+end], '(') >= 0 {
				return nil, false
			}
			for _, alt := range strings.Split(s[open:open+end], ",") {
				next = append(next, s[:i]+strings.TrimSpace(alt)+s[open+end+1:])
			}
			if len(next) > maxExpanded {
				return nil, false
			}
		}
		out = next
	}
}

// stripAlwaysPseudo removes the pseudo-classes every element they can be
// written on matches as shown (:link and :any-link: a link is never
// visited in a mail the reader has not opened before, and mailsafe tells
// the style nothing of history).
func stripAlwaysPseudo(sel string) string {
	for _, p := range []string{":any-link", ":link"} {
		for {
			i := indexFold(sel, p)
			if i < 0 {
				break
			}
			sel = sel[:i] + sel[i+len(p):]
		}
	}
	return sel
}

// interactive tells whether sel matches only while the reader acts, or
// names a pseudo-element: no element matches it as the mail is shown.
// (:checked is not among them: a box written checked matches at once.)
func interactive(sel string) bool {
	if indexFold(sel, ":not(") >= 0 {
		return false // img:not(:hover) matches until the pointer comes: not read, and counted so
	}
	if strings.Contains(sel, "::") {
		return true
	}
	for _, p := range []string{":hover", ":focus", ":active", ":visited", ":target",
		":before", ":after", ":first-line", ":first-letter"} {
		if indexFold(sel, p) >= 0 {
			return true
		}
	}
	return false
}

func parseSelector(sel string) ([]compoundSelector, bool) {
	var chain []compoundSelector
	i := 0
	for {
		comb := byte(' ')
		for i < len(sel) && (isCSSSpace(sel[i]) || isCombinator(sel[i])) {
			if isCombinator(sel[i]) {
				if comb != ' ' || len(chain) == 0 {
					return nil, false // "a + > b", or a selector that starts with one
				}
				comb = sel[i]
			}
			i++
		}
		if comb == '>' {
			comb = ' '
		}
		if i >= len(sel) {
			if comb != ' ' {
				return nil, false // "a +"
			}
			break
		}
		if len(chain) > 0 {
			chain[len(chain)-1].comb = comb
		}
		var c compoundSelector
		start := i
		for i < len(sel) && !isCSSSpace(sel[i]) && !isCombinator(sel[i]) {
			switch ch := sel[i]; {
			case ch == '*':
				i++
			case ch == '.' || ch == '#':
				name, n := cssIdent(sel[i+1:])
				if name == "" {
					return nil, false
				}
				if ch == '.' {
					c.classes = append(c.classes, name)
				} else {
					c.id = name
				}
				i += 1 + n
			case i == start && isIdentStart(ch):
				name, n := cssIdent(sel[i:])
				c.tag = name
				i += n
			case ch == '[':
				end := strings.IndexByte(sel[i:], ']')
				a, ok := parseAttrSelector(sel[i+1 : i+max(end, 1)])
				if end < 0 || !ok {
					return nil, false
				}
				c.attrs = append(c.attrs, a)
				i += end + 1
			default:
				return nil, false // :pseudo-classes but :is() and :link (parseSelectorList)
			}
		}
		chain = append(chain, c)
	}
	if len(chain) == 0 || len(chain) > 16 {
		return nil, false
	}
	for _, c := range chain[:len(chain)-1] { // of an ancestor only its id and class are kept
		for _, a := range c.attrs {
			if a.name != "id" && a.name != "class" {
				return nil, false
			}
		}
	}
	return chain, true
}

// parseAttrSelector reads the inside of "[…]".
func parseAttrSelector(s string) (attrSelector, bool) {
	s = strings.TrimSpace(s)
	name, n := cssIdent(s)
	if name == "" {
		return attrSelector{}, false
	}
	rest := strings.TrimSpace(s[n:])
	if rest == "" {
		return attrSelector{name: name}, true
	}
	op := ""
	if strings.ContainsRune("~|^$*", rune(rest[0])) {
		op, rest = rest[:1], rest[1:]
	}
	if !strings.HasPrefix(rest, "=") {
		return attrSelector{}, false
	}
	val := strings.TrimSpace(rest[1:])
	if l := len(val); l >= 2 && strings.ContainsRune("isIS", rune(val[l-1])) && (isCSSSpace(val[l-2]) || val[l-2] == '"' || val[l-2] == '\'') {
		val = strings.TrimSpace(val[:l-1]) // the case flag
	}
	if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
		val = val[1 : len(val)-1]
	} else if strings.ContainsAny(val, " \t\"'") {
		return attrSelector{}, false
	}
	return attrSelector{name: name, op: op + "=", value: strings.ToLower(val)}, true
}

// matches tells whether an attribute value satisfies the selector.
func (a attrSelector) matches(v string, present bool) bool {
	if !present {
		return false
	}
	v = strings.ToLower(v)
	switch a.op {
	case "":
		return true
	case "=":
		return v == a.value
	case "~=":
		return a.value != "" && hasClass(v, a.value)
	case "|=":
		return v == a.value || strings.HasPrefix(v, a.value+"-")
	case "^=":
		return a.value != "" && strings.HasPrefix(v, a.value)
	case "$=":
		return a.value != "" && strings.HasSuffix(v, a.value)
	case "*=":
		return a.value != "" && strings.Contains(v, a.value)
	}
	return false
}

func isCombinator(c byte) bool { return c == '>' || c == '+' || c == '~' }

func isCSSSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-' || c >= 0x80
}

// cssIdent reads an identifier (lower-cased: mail is read in quirks mode,
// where class names match ignoring case; escapes decoded, cssUnescape:
// ".\67 host" is the class "ghost") and its length in bytes.
func cssIdent(s string) (string, int) {
	n, escaped := 0, false
	for n < len(s) {
		c := s[n]
		switch {
		case isIdentStart(c) || '0' <= c && c <= '9':
			n++
		case c == '\\' && n+1 < len(s) && s[n+1] != '\n' && s[n+1] != '\r' && s[n+1] != '\f':
			escaped = true
			j := n + 1
			for j < len(s) && j-n <= 6 && isHexDigit(s[j]) {
				j++
			}
			switch {
			case j == n+1:
				j++ // any other character stands for itself
			case j < len(s) && isCSSSpace(s[j]):
				j++ // the white space that ends a hex escape
			}
			n = j
		default:
			return identText(s[:n], escaped), n
		}
	}
	return identText(s, escaped), n
}

func identText(s string, escaped bool) string {
	if escaped {
		s = cssUnescape(s)
	}
	return strings.ToLower(s)
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// siblingKey is an element as a sibling combinator sees it.
type siblingKey struct{ name, id, class string }

// maxSiblingsKept bounds the element siblings kept per open element for
// sibling combinators: past it the oldest are forgotten, and the first
// entry stands for them (forgottenSiblings): a "~" that reaches it without
// a match cannot tell, which the document's problems say (Inventory.Unapplied).
const (
	maxSiblingsKept   = 64
	forgottenSiblings = "\x00"
)

// match returns the declarations of the rules that match element n under
// its open ancestors, in the order of the sheets. kids[d] are the element
// children read so far of the open element at depth d-1 (kids[0] the
// document's): the siblings before n are kids[len(stack)], those before
// stack[j] kids[j] but its own last entry; nil when the sheet has no
// sibling combinators.
func (ss *styleSheet) match(n *html.Node, id, class string, stack []openElement, kids [][]siblingKey) []cssDeclaration {
	var cands []int
	cands = append(cands, ss.universal...)
	cands = append(cands, ss.byTag[n.Data]...)
	if id != "" {
		cands = append(cands, ss.byID[strings.ToLower(id)]...)
	}
	if len(ss.byClass) > 0 {
		for c := range strings.FieldsSeq(class) { // no slice of the fields; ToLower copies only upper-case names
			cands = append(cands, ss.byClass[strings.ToLower(c)]...)
		}
	}
	if len(cands) == 0 || ss.spent {
		return nil
	}
	slices.Sort(cands)
	var out []cssDeclaration
	last := -1
	for _, i := range cands {
		if i == last {
			continue
		}
		last = i
		r := &ss.rules[i]
		if subj := r.chain[len(r.chain)-1]; !compoundMatches(subj, n.Data, id, class) || !attrsMatch(subj.attrs, n) {
			continue
		}
		matched, work, forgot := chainMatches(r, stack, kids, maxSheetWork-ss.work)
		if ss.work += work; ss.work > maxSheetWork {
			ss.spent = true
			return out
		}
		ss.forgot = ss.forgot || forgot
		if matched {
			out = append(out, r.decls...)
		}
	}
	return out
}

// chainMatches tells whether the compounds before a rule's subject match
// from the element being read: each ancestor compound by an open element
// above, each sibling compound by the element sibling just before ('+') or
// one before ('~'), whose ancestors are then the element's. A chain of
// ancestors only is matched by the nearest ancestor of each, which finds a
// match whenever there is one; with siblings in it another choice may be
// needed, so every one is tried, within limit compounds compared. It
// returns the compounds compared, and whether a sibling no longer kept
// (maxSiblingsKept) might have matched where nothing else did.
func chainMatches(r *sheetRule, stack []openElement, kids [][]siblingKey, limit int) (matched bool, work int, forgot bool) {
	chain, sibling := r.chain, r.sibling
	work = 1
	// before is the siblings before the element at depth (sib >= 0: its
	// sibling sib): stack[depth] is its parent's last child read.
	before := func(depth, sib int) []siblingKey {
		if depth >= len(kids) {
			return nil
		}
		list := kids[depth]
		switch {
		case sib >= 0:
			return list[:sib]
		case depth < len(stack) && len(list) > 0:
			return list[:len(list)-1]
		}
		return list
	}
	var try func(k, depth, sib int) bool
	try = func(k, depth, sib int) bool {
		if k < 0 {
			return true
		}
		if work > limit {
			return false
		}
		c := chain[k]
		switch c.comb {
		case '+', '~':
			list := before(depth, sib)
			for i := len(list) - 1; i >= 0; i-- {
				work++
				if list[i].name == forgottenSiblings {
					forgot = true
					break
				}
				if compoundMatches(c, list[i].name, list[i].id, list[i].class) && try(k-1, depth, i) {
					return true
				}
				if c.comb == '+' {
					break
				}
			}
		default:
			for j := depth - 1; j >= 0; j-- {
				work++
				if compoundMatches(c, stack[j].name, stack[j].id, stack[j].class) {
					if try(k-1, j, -1) {
						return true
					}
					if !sibling {
						return false // the nearest failed: no farther one can do better
					}
				}
			}
		}
		return false
	}
	matched = try(len(chain)-2, len(stack), -1)
	return matched, work, forgot && !matched
}

// attrsMatch tells whether the element's attributes satisfy the selectors.
func attrsMatch(sels []attrSelector, n *html.Node) bool {
	for _, a := range sels {
		v, ok := attr(n, a.name)
		if !a.matches(v, ok) {
			return false
		}
	}
	return true
}

// compoundMatches tells whether an element of this tag, id and class
// matches c; of attribute selectors only those on id and class are read
// (the subject's others by attrsMatch).
func compoundMatches(c compoundSelector, tag, id, class string) bool {
	if c.tag != "" && c.tag != tag {
		return false
	}
	for _, a := range c.attrs {
		switch a.name {
		case "id":
			if !a.matches(id, id != "") {
				return false
			}
		case "class":
			if !a.matches(class, class != "") {
				return false
			}
		}
	}
	if c.id != "" && !strings.EqualFold(c.id, id) {
		return false
	}
	for _, want := range c.classes {
		if !hasClass(class, want) {
			return false
		}
	}
	return true
}

// hasClass tells whether a class attribute lists want, ignoring ASCII case,
// without splitting it.
func hasClass(class, want string) bool {
	for rest := class; rest != ""; {
		i := 0
		for i < len(rest) && isCSSSpace(rest[i]) {
			i++
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && !isCSSSpace(rest[j]) {
			j++
		}
		if j > 0 && strings.EqualFold(rest[:j], want) {
			return true
		}
		rest = rest[j:]
	}
	return false
}

// indexTag is the index of the first needle (a lower-case tag start such as
// "<style") in s, ignoring ASCII case, or -1; base tells whether a "<" of s
// before it (or any, when there is none) starts "<base", as hasBaseTag reads.
func indexTag(s, needle string) (at int, base bool) {
	for i := 0; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1, base
		}
		i += j
		if i+1 >= len(s) {
			break
		}
		// Most "<" start neither: the byte after it rules them out before
		// EqualFold is called (it matches only bytes equal to the needle's
		// ignoring ASCII case, and |0x20 maps both cases to the lower one).
		next := s[i+1] | 0x20
		if next == needle[1]|0x20 && i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i, base
		}
		base = base || next == 'b' && i+5 <= len(s) && strings.EqualFold(s[i+1:i+5], "base")
	}
	return -1, base
}
