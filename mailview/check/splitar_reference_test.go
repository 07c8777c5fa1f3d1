package check

import (
	"slices"
	"strings"
	"testing"
)

// splitARBuilders is the earlier splitAR, a builder per piece for its text
// and one for its comments: splitAR must cut every value as it did.
func splitARBuilders(v string) (texts, comments []string) {
	var text, comment strings.Builder
	depth, quoted, escaped := 0, false, false
	flush := func() {
		texts = append(texts, text.String())
		comments = append(comments, strings.TrimSpace(comment.String()))
		text.Reset()
		comment.Reset()
	}
	for _, r := range v {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && (quoted || depth > 0):
			escaped = true
			continue
		case quoted:
			if r == '"' {
				quoted = false
				continue
			}
		case r == '(':
			depth++
			if depth == 1 {
				text.WriteByte(' ')
				if comment.Len() > 0 {
					comment.WriteByte(' ')
				}
				continue
			}
		case r == ')' && depth > 0:
			depth--
			if depth == 0 {
				continue
			}
		case depth > 0:
		case r == '"':
			quoted = true
			continue
		case r == ';':
			flush()
			continue
		}
		if depth > 0 {
			comment.WriteRune(r)
		} else {
			text.WriteRune(r)
		}
	}
	flush()
	return texts, comments
}

var splitARSamples = []string{
	"mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=abc; spf=pass (google.com: domain of a@example.com designates 192.0.2.1 as permitted sender) smtp.mailfrom=a@example.com; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com",
	"spf=fail (sender IP is 192.0.2.9) smtp.mailfrom=x.example; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=x.example;compauth=fail reason=000",
	"i=1; mx; spf=pass", "", ";", ";;", "a (b) (c) ; (d (e) f) g", "(x)(y); (z)", `"q;uoted" ; "esc\"aped;" x`, `(a\)b;c) d`, `(a\`, "\xff(\xfe)\xfd;", "((()))", ")(;)",
	"a(b;c)d;e(f)g", " ( ) ; ( ) ", "x\\y;(\\(\\));\"\\\"\"",
}

// splitAR cuts values as the builder-per-piece way did, including texts
// and comments across several pieces, quotes, escapes and invalid bytes.
func TestSplitARAsBuilders(t *testing.T) {
	for _, v := range splitARSamples {
		splitARAgrees(t, v)
	}
}

func splitARAgrees(t *testing.T, v string) {
	gt, gc := splitAR(v)
	wt, wc := splitARBuilders(v)
	if !slices.Equal(gt, wt) || !slices.Equal(gc, wc) {
		t.Fatalf("splitAR(%q) = %q %q, the builders' way %q %q", v, gt, gc, wt, wc)
	}
}

func FuzzSplitAR(f *testing.F) {
	for _, v := range splitARSamples {
		f.Add(v)
	}
	f.Fuzz(splitARAgrees)
}
