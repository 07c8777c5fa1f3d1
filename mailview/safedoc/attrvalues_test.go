package safedoc

import (
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/net/html"
)

// A tag's attribute values are the tokenizer's values, whether they are
// shared with the document's text (written as they are) or copied (a
// character reference, a carriage return, a value searched past).
func TestAttrValuesShareTheDocument(t *testing.T) {
	src := "<p>x</p><img src=\"https://cdn.example/a.png\" alt='a &amp; b' width=40 height=40 title=\"x\r\ny\" data-x=\"https://cdn.example/a.png\">"
	z := html.NewTokenizer(strings.NewReader(src))
	pos := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		start := pos
		pos += len(z.Raw())
		if tt != html.StartTagToken || !strings.HasPrefix(string(z.Raw()), "<img") {
			continue
		}
		v := tagValues(z.Raw(), src, start)
		tag := src[start:pos]
		shared := map[string]bool{"src": true, "width": true, "height": true, "alt": false, "title": false}
		for more := true; more; {
			var key, val []byte
			key, val, more = z.TagAttr()
			got := v.value(val)
			if got != string(val) {
				t.Errorf("%s = %q, want %q", key, got, val)
			}
			p := uintptr(unsafe.Pointer(unsafe.StringData(got)))
			inTag := p >= uintptr(unsafe.Pointer(unsafe.StringData(tag))) && p < uintptr(unsafe.Pointer(unsafe.StringData(tag)))+uintptr(len(tag))
			if want, ok := shared[string(key)]; ok && inTag != want {
				t.Errorf("%s shared with the document: %v, want %v", key, inTag, want)
			}
		}
		return
	}
	t.Fatal("no img tag read")
}
