package safedoc

import (
	"strings"
)

// plainTextDocument turns a text/plain body into a document: paragraphs at
// blank lines with their line breaks kept, "> " quoting as blockquote depth,
// and URLs as links (which are listed in a).
func plainTextDocument(text string, a *Inventory) *Document {
	doc := newDocument(true)
	readPlainText(doc, text, a)
	return doc
}

// readPlainText reads a text/plain body into doc (its blocks, or only their
// facts).
func readPlainText(doc *Document, text string, a *Inventory) {
	var lines []string
	quote := -1
	// A paragraph whose lines are as written (no quote marks, no trailing
	// blanks) is text[start:end] itself: its spans share the body's text
	// instead of a copy of it.
	start, end, asWritten := 0, 0, true
	flush := func() {
		if len(lines) == 0 {
			return
		}
		para := text[start:end]
		if !asWritten {
			para = strings.Join(lines, "\n")
		}
		spans := linkifyText(para, a)
		if len(spans) > 0 {
			b := Block{Kind: BlockParagraph, Quote: quoteLevel(quote), Spans: spans}
			doc.add(&b)
			if doc.keep {
				doc.Blocks = append(doc.Blocks, b)
			}
		}
		lines = lines[:0]
	}
	for pos := 0; pos <= len(text); {
		next := strings.IndexByte(text[pos:], '\n')
		if next < 0 {
			next = len(text)
		} else {
			next += pos
		}
		line := text[pos:next]
		depth, rest := quoteDepth(line)
		if depth != quote || strings.TrimSpace(rest) == "" {
			flush()
			quote = depth
		}
		if strings.TrimSpace(rest) != "" {
			trimmed := strings.TrimRight(rest, " \t")
			if len(lines) == 0 {
				start, asWritten = pos, true
			}
			end = next
			asWritten = asWritten && len(trimmed) == len(line)
			lines = append(lines, trimmed)
		}
		pos = next + 1
	}
	flush()
}

// quoteDepth counts leading ">" quote marks (with optional spaces between).
func quoteDepth(line string) (int, string) {
	depth := 0
	rest := line
	for {
		t := strings.TrimLeft(rest, " ")
		if !strings.HasPrefix(t, ">") || depth == 0 && len(rest)-len(t) > 1 {
			return depth, rest
		}
		depth++
		rest = strings.TrimPrefix(t[1:], " ")
	}
}

// linkifyText splits text into spans, making http(s) URLs and www. hosts links.
// It reads text once: the finder remembers where each prefix occurs next
// instead of searching the rest of the paragraph again after every URL.
// Past the links budget a URL stays plain text: it is counted (a problem
// says how many were not checked) but not listed, and what is not checked
// is not made clickable.
func linkifyText(text string, a *Inventory) []Span {
	var spans []Span
	f := newURLFinder(text)
	plain := 0 // where the text not yet in a span starts
	for pos := 0; pos < len(text); {
		start, end := f.next(pos)
		if start < 0 {
			break
		}
		pos = end
		if len(a.Links) >= maxLinks {
			a.LinksDropped++
			continue
		}
		if start > plain {
			spans = append(spans, Span{Text: text[plain:start]})
		}
		shown := text[start:end]
		target := shown
		if strings.HasPrefix(strings.ToLower(shown), "www.") {
			target = "http://" + shown
		}
		if resolved, kind := (urlResolver{}).resolve(target); kind == refRemote {
			target = resolved
		}
		spans = append(spans, Span{Text: shown, Link: target})
		a.addLink(Link{Text: shown, URL: target, Kind: LinkText})
		plain = end
	}
	if plain < len(text) {
		spans = append(spans, Span{Text: text[plain:]})
	}
	return spans
}

// urlFinder finds the URLs of one text in order, in time linear in its
// length: a URL starts at "https://", "http://" or, at a word start, "www."
// (ASCII case ignored).
type urlFinder struct {
	s  string
	at int // the next URL start at or after the last search, -1 when none, -2 not yet searched
}

func newURLFinder(s string) *urlFinder {
	return &urlFinder{s: s, at: -2}
}

// next finds the first URL at or after from; trailing punctuation and an
// unbalanced closing bracket are left out, as readers expect. It returns
// -1, -1 when there is none. from must not decrease between calls.
func (f *urlFinder) next(from int) (start, end int) {
	s := f.s
	for {
		if f.at == -1 {
			return -1, -1
		}
		if f.at < from {
			f.at = f.find(from)
		}
		start = f.at
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

// find returns the first URL start at or after from, or -1. One pass looks
// for all three prefixes, comparing in place: the text is not copied in
// lower case.
func (f *urlFinder) find(from int) int {
	s := f.s
	for j := from; j+len("www.") <= len(s); j++ {
		switch s[j] | 0x20 { // 'h' only for "H" and "h", 'w' only for "W" and "w"
		case 'h':
			if j+len("http://") <= len(s) && equalLowerASCII(s[j:j+len("http")], "http") &&
				(s[j+4] == ':' && s[j+5] == '/' && s[j+6] == '/' ||
					j+len("https://") <= len(s) && lowerASCII(s[j+4]) == 's' && s[j+5:j+8] == "://") {
				return j
			}
		case 'w':
			if equalLowerASCII(s[j:j+len("www.")], "www.") && (j == 0 || !isWordByte(s[j-1])) {
				return j
			}
		}
	}
	return -1
}

// equalLowerASCII tells whether s, with A-Z lower-cased, is lower.
func equalLowerASCII(s, lower string) bool {
	for i := 0; i < len(lower); i++ {
		if lowerASCII(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases an ASCII letter and leaves any other byte.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isURLStop(c byte) bool {
	return c <= ' ' || c == '<' || c == '>' || c == '"' || c == '`' || c >= 0x80
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
