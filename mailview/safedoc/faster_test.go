package safedoc

import (
	"strings"
	"testing"
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
