package safedoc

import "bytes"

// Attributes read from the raw tag: the tokenizer's TagAttr copies every
// key and value it returns (two allocations an attribute, kept or not), so
// the sanitizer finds the attributes in the raw bytes itself, as the
// tokenizer does, and shares the values with the document's source.

// attrSpan is where one attribute's key and value lie in a raw start tag.
type attrSpan struct{ key0, key1, val0, val1 int }

// maxAttrSpans bounds the attributes read from the raw tag (duplicates are
// found by comparing each key with those before it); a tag with more is
// read with TagAttr.
const maxAttrSpans = 64

// maxKeyWork bounds, beyond the tag's own length, the bytes of keys
// compared to find duplicates; a tag that needs more is read with TagAttr,
// whose map finds them at a fixed cost a key. Without it, 63 long keys alike
// but for their last bytes and one of them repeated to fill 1 MB cost 64
// comparisons an attribute: 100 ms a MB, against 6 ms through the map. A tag
// under 1 KB never needs more (each key is compared with at most
// maxAttrSpans others).
const maxKeyWork = 64 << 10

// tagAttrSpans appends to out the attributes of raw, a whole start tag as
// the tokenizer returned it ("<div k=v …>"), split the way the tokenizer's
// readTag splits them (golang.org/x/net/html, WHATWG 13.2.5.32-38): in
// order, without empty keys, a key repeated (ignoring ASCII case) after its
// first use left out. ok is false when raw is not such a tag, has more
// than maxAttrSpans attributes or its keys cost more than maxKeyWork to
// compare.
func tagAttrSpans(raw []byte, out []attrSpan) (spans []attrSpan, ok bool) {
	n := len(raw)
	if n < 3 || raw[0] != '<' || raw[n-1] != '>' {
		return out, false
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }
	skipSpace := func(i int) int {
		for i < n && isSpace(raw[i]) {
			i++
		}
		return i
	}
	work := 0 // bytes of keys compared (repeatedKey)
	i := 2    // the name's first byte is read with the "<"
	for i < n && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	if i < n && isSpace(raw[i]) {
		i++
	}
	for i = skipSpace(i); i < n && raw[i] != '>'; i = skipSpace(i) {
		var a attrSpan
		// The key: up to white space, "/", ">" or "=" (an "=" first is part of it).
		a.key0 = i
		for ; i < n; i++ {
			c := raw[i]
			if c == '=' && i == a.key0 {
				continue
			}
			if isSpace(c) || c == '/' || c == '>' || c == '=' {
				break
			}
		}
		a.key1 = i
		// The value: after "=", quoted or up to white space or ">".
		a.val0, a.val1 = i, i
		i = skipSpace(i)
		if i >= n {
			return out, false
		}
		switch c := raw[i]; {
		case c == '/':
			i++
		case c == '=':
			i = skipSpace(i + 1)
			if i >= n {
				return out, false
			}
			switch q := raw[i]; q {
			case '>':
			case '"', '\'':
				i++
				j := bytes.IndexByte(raw[i:], q) // values are most of a tag's bytes: the fast search
				if j < 0 {
					return out, false
				}
				a.val0, a.val1 = i, i+j
				i += j + 1
			default:
				a.val0 = i
				for i < n && !isSpace(raw[i]) && raw[i] != '>' {
					i++
				}
				a.val1 = i
				if i < n && isSpace(raw[i]) {
					i++
				}
			}
		}
		if a.key1 == a.key0 {
			continue
		}
		repeated := repeatedKey(raw, out, a, &work)
		if work > n+maxKeyWork {
			return out, false
		}
		if repeated {
			continue
		}
		if len(out) == maxAttrSpans {
			return out, false
		}
		out = append(out, a)
	}
	return out, i == n-1
}

// repeatedKey tells whether a's key is one of before's once A-Z are
// lower-cased (as the tokenizer lower-cases keys), and adds the bytes it
// compared to *work.
func repeatedKey(raw []byte, before []attrSpan, a attrSpan, work *int) bool {
	key := raw[a.key0:a.key1]
	for _, b := range before {
		if b.key1-b.key0 != len(key) {
			continue
		}
		other, i := raw[b.key0:b.key1], 0
		for i < len(key) && lowerASCII(key[i]) == lowerASCII(other[i]) {
			i++
		}
		*work += i + 1
		if i == len(key) {
			return true
		}
	}
	return false
}

// asIs tells whether the tokenizer returns b unchanged as a value or as
// text: without character references, carriage returns or NUL bytes. Three
// searches for one byte each, not strings.ContainsAny, which reads a byte
// at a time.
func asIs(b []byte) bool {
	return bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 && bytes.IndexByte(b, 0) < 0
}

// lowerKey returns key lower-cased (A-Z only, as the tokenizer does), in buf
// when it has upper-case letters.
func lowerKey(key, buf []byte) []byte {
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			buf = append(buf[:0], key...)
			for j := i; j < len(buf); j++ {
				if c := buf[j]; 'A' <= c && c <= 'Z' {
					buf[j] = c + 'a' - 'A'
				}
			}
			return buf
		}
	}
	return key
}
