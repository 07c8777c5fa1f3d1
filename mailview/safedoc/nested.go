package safedoc

// Documents inside documents and parts beside the body: everything in a
// message that some mail client renders is searched for what it would load.

import (
	"strings"

	"mailsafe/mailview/message"

	"golang.org/x/net/html"
)

// maxNestedBytes bounds the text of all nested documents of one message
// (srcdoc, conditional comments, cid: and data: documents, attached parts)
// read together; past it the rest is counted in Inventory.Unread.
const maxNestedBytes = 16 << 20

// maxNestedDocs bounds how many nested documents of one message are read:
// each costs a sanitizer and a tokenizer (some 6 KB) however small it is,
// so 1 MB of tiny conditional comments had allocated 85 MB. Newsletters
// written for Outlook hold tens of them; past the bound the rest is
// counted in Inventory.Unread.
const maxNestedDocs = 1000

// nestedDoc is what a nested document inherits from where it is found.
type nestedDoc struct {
	base   urlResolver // the parent's base URL: an iframe's srcdoc resolves relative URLs against it
	hidden bool        // nothing of it is shown in the reading pane (an attached part, an alternative body)
}

// apply gives the sanitizer of a nested document what it inherits; its own
// <base> wins over the parent's.
func (d nestedDoc) apply(s *sanitizer) {
	if s.r.base == nil {
		s.r = d.base
	}
	if d.hidden {
		s.hidden++
	}
}

// searchNested reads a document carried inside the one being read (or
// beside the body), for its references only, within the nesting and byte
// budgets.
func (s *sanitizer) searchNested(src string, d nestedDoc) {
	if !s.out.takeNested(len(src), s.nesting+1) || listsNothing(src) {
		return
	}
	readHTML(&Document{}, src, s.msg, s.out, s.nesting+1, s.seenCID, d) // what it shows is not kept
}

// listsNothing tells that reading src as a nested document (whose blocks
// nobody keeps) could add nothing to the inventory, so that it need not be
// read: every reference, link or count it could add needs a conditional
// comment or CDATA section ("["), more start tags ("<") than
// maxOpenElements, a style sheet ("<style"), an iframe's srcdoc (searched
// even when empty), or an attribute value ("=") that layoutOnly cannot rule
// out. Most of Outlook's conditional comments close or open table cells
// ("</td></tr></table>", "<table role=presentation><tr><td style=…>"):
// each would otherwise cost a sanitizer and a tokenizer.
func listsNothing(src string) bool {
	return strings.IndexByte(src, '[') < 0 && strings.Count(src, "<") <= maxOpenElements &&
		!containsFold(src, "<style") && !containsFold(src, "srcdoc") &&
		(strings.IndexByte(src, '=') < 0 || layoutOnly(src))
}

// layoutOnly tells that src's attributes cannot load or link anything:
// each start tag ("<" and a letter, as the tokenizer reads one) is a layout
// element (layoutTag) whose attributes no reader of collect looks for URLs
// in but background, attributionsrc and style; src has no background
// attribute (backgroundAttr) and no "attributionsrc"; and no style can
// hold a URL, which needs "(" (url(), image-set()), "@" (@import) or "--"
// (a custom property), none of which src has, nor a backslash or "&" through which
// a CSS escape or character reference could write them.
func layoutOnly(src string) bool {
	for _, c := range []byte("(@\\&") { // one search each: ContainsAny reads a byte at a time
		if strings.IndexByte(src, c) >= 0 {
			return false
		}
	}
	if strings.Contains(src, "--") || containsFold(src, "attributionsrc") || backgroundAttr(src) {
		return false
	}
	for i := 0; ; {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			return true
		}
		i += j + 1
		if i < len(src) && isASCIILetter(src[i]) && !layoutTag(src[i:]) {
			return false
		}
	}
}

// layoutTag tells whether the tag name at the start of s (as tagName reads
// it, to white space, "/" or ">") is one whose element lists nothing by
// itself: table parts, text containers and Office's <xml> and o: elements.
func layoutTag(s string) bool {
	var buf [16]byte
	n := 0
	for ; n < len(s); n++ {
		c := s[n]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return false
		}
		buf[n] = lowerASCII(c)
	}
	name := buf[:n]
	switch string(name) {
	case "table", "tbody", "thead", "tfoot", "tr", "td", "th", "div", "span", "p", "center", "font", "b", "i", "u",
		"strong", "em", "br", "xml":
		return true
	}
	return len(name) > 2 && name[0] == 'o' && name[1] == ':'
}

// backgroundAttr tells whether src may hold a background attribute:
// "background" in any case, then white space and "=" ("background-color:"
// in a style does not count).
func backgroundAttr(src string) bool {
	for i := 0; ; {
		j := indexFold(src[i:], "background")
		if j < 0 {
			return false
		}
		i += j + len("background")
		k := i
		for k < len(src) && isHTMLSpace(src[k]) {
			k++
		}
		if k < len(src) && src[k] == '=' {
			return true
		}
	}
}

// takeNested reserves n bytes of nested document text at depth; false (and
// counted as unread) when a budget is spent.
func (inv *Inventory) takeNested(n, depth int) bool {
	if depth > maxNesting || inv.nestedBytes+n > maxNestedBytes || inv.nestedDocs >= maxNestedDocs {
		inv.Unread++
		return false
	}
	inv.nestedBytes += n
	inv.nestedDocs++
	return true
}

// comment reads an HTML comment: Outlook for Windows renders the markup
// inside a downlevel-hidden conditional comment (<!--[if mso]>…<![endif]-->),
// typically VML that loads images, so it is searched like a nested document.
// The comment starts at start in src, the document being read.
func (s *sanitizer) comment(z *html.Tokenizer, src string, start int) {
	if s.inert > 0 {
		return
	}
	text := z.Text()
	if len(text) < 4 || text[0] != '[' || !hasFoldAt(text, 1, "if") {
		return
	}
	body := commentText(text, src, start)
	gt := strings.IndexByte(body, '>')
	if gt < 0 {
		return
	}
	body = body[gt+1:]
	if end := lastIndexFold(body, "<![endif]"); end >= 0 {
		body = body[:end]
	}
	s.searchNested(body, nestedDoc{base: s.r, hidden: s.hidden > 0})
}

// commentText returns text, a comment's text that starts at start in src,
// as a piece of src when src holds it right after "<!--" (or "<!" for a
// bogus comment such as "<![if x]>"), and as a copy otherwise (the
// tokenizer rewrites CR and NUL bytes).
func commentText(text []byte, src string, start int) string {
	for _, skip := range []int{len("<!--"), len("<!")} {
		if from := start + skip; from+len(text) <= len(src) && string(text) == src[from:from+len(text)] {
			return src[from : from+len(text)]
		}
	}
	return string(text)
}

// lastIndexFold is the index of the last needle (ASCII, starting with '<')
// in s, ASCII case folded, or -1; s is not copied.
func lastIndexFold(s, needle string) int {
	for end := len(s); ; {
		i := strings.LastIndexByte(s[:end], '<')
		if i < 0 {
			return -1
		}
		if i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
		end = i
	}
}

// readParts searches the parts of m that are not the body shown but that a
// mail client may render: attached HTML and SVG, the AMP and watch-html
// alternatives, calendar invitations and external bodies. Their references
// are listed (hidden: the reading pane never shows them).
func readParts(m *message.Message, inv *Inventory, seenCID map[string]bool) {
	s := &sanitizer{msg: m, out: inv, seenCID: seenCID, doc: &Document{}, hidden: 1}
	for _, p := range m.Parts {
		if p.IsText() || seenCID[p.ContentID] && p.ContentID != "" {
			continue // the body itself, or a part the body already loaded as cid:
		}
		switch p.ContentType {
		case "text/html", "application/xhtml+xml", "image/svg+xml", "text/x-amp-html", "text/watch-html":
			s.searchNested(partText(p), nestedDoc{hidden: true})
		case "text/css":
			if inv.takeNested(len(p.Bytes()), 1) {
				s.collectCSS(partText(p), nil)
			}
		case "text/calendar", "application/ics":
			s.calendar(partText(p))
		case "message/external-body":
			s.externalBody(p)
		}
	}
}

// partText returns a part's content as text, in its declared charset when
// it is one mailsafe reads as UTF-8 already (URLs are ASCII either way).
func partText(p *message.Part) string { return string(p.Bytes()) }

// calendar lists the references of an iCalendar object (RFC 5545, 7986):
// ATTACH and IMAGE given as URIs load; URL and CONFERENCE are links the
// invitation offers; X-ALT-DESC with an HTML format is a document of its own.
func (s *sanitizer) calendar(text string) {
	for _, line := range unfoldICal(text) {
		name, params, value, ok := icalProperty(line)
		if !ok {
			continue
		}
		switch name {
		case "ATTACH", "IMAGE":
			if !strings.Contains(params, "VALUE=BINARY") && !strings.Contains(params, "ENCODING=BASE64") {
				s.reference(value, VectorCalendar, nil)
			}
		case "URL", "CONFERENCE":
			if i := s.addLink(value, LinkCalendar); i >= 0 {
				s.out.Links[i].Text = strings.ToLower(name)
			}
		case "X-ALT-DESC":
			if strings.Contains(params, "TEXT/HTML") {
				s.searchNested(icalUnescape(value), nestedDoc{hidden: true})
			}
		}
	}
}

// unfoldICal joins the folded lines of an iCalendar object (a line break
// followed by a space or tab continues the line), in linear time.
func unfoldICal(text string) []string {
	var out []string
	var cur strings.Builder
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			cur.WriteString(l[1:])
			continue
		}
		if cur.Len() > 0 {
			out = append(out, cur.String())
		}
		cur.Reset()
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// icalProperty splits "NAME;PARAM=X:value" into the upper-case name, the
// upper-case parameters and the value; a quoted parameter may hold ":".
func icalProperty(line string) (name, params, value string, ok bool) {
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if inQuote {
				continue
			}
			head := line[:i]
			name, params, _ = strings.Cut(head, ";")
			return strings.ToUpper(strings.TrimSpace(name)), strings.ToUpper(params), strings.TrimSpace(line[i+1:]), true
		}
	}
	return "", "", "", false
}

// icalUnescape undoes iCalendar text escapes (\n, \, \; \\).
func icalUnescape(v string) string {
	return strings.NewReplacer(`\n`, "\n", `\N`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(v)
}

// externalBody lists what a message/external-body part (RFC 2046 5.2.3)
// points at: its access types URL (RFC 2017) and ftp/anon-ftp/tftp name a
// file some clients fetch to show the body.
func (s *sanitizer) externalBody(p *message.Part) {
	switch strings.ToLower(p.Params["access-type"]) {
	case "url":
		s.reference(strings.Join(strings.Fields(p.Params["url"]), ""), VectorExternalBody, nil)
	case "ftp", "anon-ftp", "tftp":
		site, name := p.Params["site"], p.Params["name"]
		if site == "" || name == "" {
			return
		}
		path := strings.Trim(p.Params["directory"], "/")
		if path != "" {
			path += "/"
		}
		s.reference("ftp://"+site+"/"+path+name, VectorExternalBody, nil)
	}
}

// bodyBase is the base URL a message gives its HTML body in its header:
// Content-Base, or an absolute Content-Location (RFC 2110, RFC 2557), of the
// HTML part or of the message.
func bodyBase(m *message.Message) urlResolver {
	headers := []message.Header{}
	for _, p := range m.Parts {
		if p.IsText() && p.ContentType == "text/html" {
			headers = append(headers, p.Header)
			break
		}
	}
	headers = append(headers, m.Header)
	for _, h := range headers {
		for _, field := range []string{"Content-Base", "Content-Location"} {
			v := strings.Trim(strings.Join(strings.Fields(h.Raw(field)), ""), `"'<>`)
			if v == "" {
				continue
			}
			if r := withBase(v); r.base != nil {
				return r
			}
		}
	}
	return urlResolver{}
}
