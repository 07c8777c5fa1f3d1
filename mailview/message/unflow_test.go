package message

import (
	"strings"
	"testing"
)

// unflowReference is unflow as first written (the joined text rewritten
// whole to drop a delsp space: quadratic), kept to check the linear one.
func unflowReference(text string, delsp bool) string {
	lines := strings.Split(text, "\n")
	var b strings.Builder
	joining := false
	prevDepth := 0
	for i, line := range lines {
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(line[depth:], " ")
		if joining && depth == prevDepth {
			b.WriteString(content)
		} else {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(line[:depth])
			if depth > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(content)
		}
		joining = strings.HasSuffix(content, " ") && content != "-- "
		if joining && delsp {
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-1])
		}
		prevDepth = depth
	}
	return b.String()
}

func FuzzUnflow(f *testing.F) {
	for _, s := range []string{"a \nb", "> a \n> b\n>> c \nd", "-- \nsig", " \n \n", "x  \n y \n\n>  z \n>", ""} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, delsp bool) {
		if got, want := unflow(text, delsp), unflowReference(text, delsp); got != want {
			t.Fatalf("unflow(%q, %v) = %q, want %q", text, delsp, got, want)
		}
	})
}
