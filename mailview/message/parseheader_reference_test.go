package message

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// parseHeaderEach is parseHeader as it was before its values shared one
// string (one string per field), kept as the reference FuzzParseHeader
// compares it with.
//
// It reads a header block leniently. It returns the header, the offset
// where the body starts and the problems met. A line that is neither a field nor
// a continuation ends the header (the blank line was missing), as most mail
// clients read it; a leading mbox "From " line is skipped.
func parseHeaderEach(b []byte) (Header, int, []Problem) {
	var h Header
	var problems []Problem
	// The value of the field being read grows in value, and becomes the
	// field's Value when the next field (or the body) starts: appending each
	// continuation to a string would copy the value once per line. It
	// starts in a buffer on the stack, which holds most fields whole.
	var buf [1024]byte
	value := buf[:0]
	open := false
	finish := func() {
		if !open {
			return
		}
		f := &h.Fields[len(h.Fields)-1]
		f.Value = string(value)
		if len(f.Value) > maxFieldBytes {
			problems = append(problems, Problem{Kind: ProblemHeaderTooLong,
				Detail: fmt.Sprintf("the %s field is %d bytes long (more than %d); the window shows only its start", Clip(SanitizeText(f.Name), 40), len(f.Value), maxFieldBytes)})
		}
		value, open = value[:0], false
	}
	pos := 0
	first := true
	for pos < len(b) {
		end := bytes.IndexByte(b[pos:], '\n')
		next := len(b)
		if end >= 0 {
			next = pos + end + 1
		}
		line := bytes.TrimRight(b[pos:next], "\r\n")
		switch {
		case len(line) == 0:
			finish()
			return h, next, problems
		case first && bytes.HasPrefix(line, []byte("From ")):
			// mbox envelope line in a lone .eml: not part of the header.
		case line[0] == ' ' || line[0] == '\t':
			if !open {
				problems = append(problems, Problem{Kind: ProblemHeaderMalformed, Detail: "the header starts with a continuation line"})
				break
			}
			value = append(value, line...)
		default:
			colon := bytes.IndexByte(line, ':')
			name := ""
			if colon > 0 {
				name = fieldName(bytes.TrimRight(line[:colon], " \t"))
			}
			if !validFieldName(name) {
				finish()
				problems = append(problems, Problem{Kind: ProblemHeaderMalformed,
					Detail: "the header has no blank line before the body; reading from \"" + Clip(SanitizeText(string(line)), 40) + "\" as body"})
				return h, pos, problems
			}
			finish()
			h.Fields = append(h.Fields, Field{Name: name})
			value, open = append(value, bytes.TrimLeft(line[colon+1:], " \t")...), true
		}
		first = false
		pos = next
	}
	finish()
	return h, len(b), problems
}

// FuzzParseHeader: parseHeader gives the fields, body offset and problems
// parseHeaderEach gives.
func FuzzParseHeader(f *testing.F) {
	f.Add([]byte("Subject: a\r\n b\r\n\tc\r\n\r\nbody"))
	f.Add([]byte(" continuation first\r\nSubject: x\r\n\r\n"))
	f.Add([]byte("From x@y Mon Jan 1\nFrom: a <b@c>\nTo: d\n e\nbad line\nbody"))
	f.Add([]byte("A: " + string(bytes.Repeat([]byte("x"), 70000)) + "\nB: \t y\n\t\n\nz"))
	f.Add([]byte("X-\xff: a\n: b\nC:\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, off, problems := parseHeader(b)
		wh, woff, wproblems := parseHeaderEach(b)
		if off != woff || !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(problems, wproblems) {
			t.Fatalf("parseHeader(%q) = %#v, %d, %v; want %#v, %d, %v", b, h, off, problems, wh, woff, wproblems)
		}
	})
}

func TestParseHeaderManyFields(t *testing.T) {
	var b bytes.Buffer
	for i := range 300 {
		fmt.Fprintf(&b, "X-F%d: %s\r\n", i, bytes.Repeat([]byte("v"), i*7))
		if i%5 == 0 {
			b.WriteString("\t more\r\n")
		}
	}
	b.WriteString("\r\nbody")
	h, off, problems := parseHeader(b.Bytes())
	wh, woff, wproblems := parseHeaderEach(b.Bytes())
	if len(h.Fields) != 300 || off != woff || !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(problems, wproblems) {
		t.Fatalf("%d fields at %d; want the reference's %d at %d", len(h.Fields), off, len(wh.Fields), woff)
	}
}
