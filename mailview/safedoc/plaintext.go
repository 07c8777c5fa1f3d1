package safedoc

import (
	"strings"
)

// plainTextDocument turns a text/plain body into a document: paragraphs at
// blank lines with their line breaks kept, "> " quoting as blockquote depth,
// and URLs as links (which are listed in a).
func plainTextDocument(text string, a *Inventory) *Document {
	doc := &Document{}
	var lines []string
	quote := -1
	flush := func() {
		if len(lines) == 0 {
			return
		}
		spans := linkifyText(strings.Join(lines, "\n"), a)
		if len(spans) > 0 {
			doc.Blocks = append(doc.Blocks, Block{Kind: BlockParagraph, Quote: max(quote, 0), Spans: spans})
		}
		lines = lines[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		depth, rest := quoteDepth(line)
		if depth != quote || strings.TrimSpace(rest) == "" {
			flush()
			quote = depth
		}
		if strings.TrimSpace(rest) != "" {
			lines = append(lines, strings.TrimRight(rest, " \t"))
		}
	}
	flush()
	return doc
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
func linkifyText(text string, a *Inventory) []Span {
	var spans []Span
	rest := text
	for rest != "" {
		start, end := findURL(rest)
		if start < 0 {
			spans = append(spans, Span{Text: rest})
			break
		}
		if start > 0 {
			spans = append(spans, Span{Text: rest[:start]})
		}
		shown := rest[start:end]
		target := shown
		if strings.HasPrefix(strings.ToLower(shown), "www.") {
			target = "http://" + shown
		}
		if resolved, kind := (urlResolver{}).resolve(target); kind == refRemote {
			target = resolved
		}
		spans = append(spans, Span{Text: shown, Link: target})
		if len(a.Links) < maxLinks {
			a.Links = append(a.Links, Link{Text: shown, URL: target, Kind: LinkText})
		}
		rest = rest[end:]
	}
	return spans
}

// findURL finds the first URL in s; trailing punctuation and an unbalanced
// closing bracket are left out, as readers expect.
func findURL(s string) (start, end int) {
	lower := asciiLower(s) // byte offsets must stay those of s: strings.ToLower can change lengths (İ, Ⱥ)
	start = -1
	for _, prefix := range []string{"https://", "http://", "www."} {
		i := 0
		for {
			j := strings.Index(lower[i:], prefix)
			if j < 0 {
				break
			}
			j += i
			// "www." only at a word start.
			if prefix != "www." || j == 0 || !isWordByte(lower[j-1]) {
				if start < 0 || j < start {
					start = j
				}
				break
			}
			i = j + len(prefix)
		}
	}
	if start < 0 {
		return -1, -1
	}
	end = start
	for end < len(s) && !isURLStop(s[end]) {
		end++
	}
	for end > start {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'\"", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(s[start:end], "(") < strings.Count(s[start:end], ")") {
			end--
			continue
		}
		break
	}
	if end-start <= len("www.") {
		return -1, -1
	}
	return start, end
}

func isURLStop(c byte) bool {
	return c <= ' ' || c == '<' || c == '>' || c == '"' || c == '`' || c >= 0x80
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// asciiLower lower-cases A-Z only, so every byte stays where it was.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
