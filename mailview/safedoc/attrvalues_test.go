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

// FuzzAttrValues: whatever the tags, every value read through tagValues is
// the tokenizer's value, byte for byte.
func FuzzAttrValues(f *testing.F) {
	f.Add(`<img src="https://a.example/x.png" alt='a &amp; b' width=40 src=x>`)
	f.Add("<a href=\"x\r\ny\" title=x\x00y ping='p q'><b =c d==e f= g>")
	f.Add(`<p a=1 a=1 A="1"/><x y="y" y z='z`)
	f.Fuzz(func(t *testing.T, src string) {
		z := html.NewTokenizer(strings.NewReader(src))
		pos := 0
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			start := pos
			pos += len(z.Raw())
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			v := tagValues(z.Raw(), src, start)
			for more := true; more; {
				var key, val []byte
				key, val, more = z.TagAttr()
				if key == nil {
					break
				}
				if got := v.value(val); got != string(val) {
					t.Fatalf("%s = %q, want %q", key, got, val)
				}
			}
		}
	})
}
