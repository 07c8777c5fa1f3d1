package message

import (
	"fmt"
	"strings"
	"testing"
)

// referencePartByContentID is PartByContentID as it was before the
// index: every part compared for every cid: URL (an HTML body of 100,000
// cid: images over 5,000 parts: 5e8 comparisons).
func referencePartByContentID(m *Message, cid string) *Part {
	cid = strings.Trim(cid, "<> ")
	for _, p := range m.Parts {
		if p.ContentID != "" && strings.EqualFold(p.ContentID, cid) {
			return p
		}
	}
	return nil
}

// A cid: URL finds the first part of that Content-ID, whatever its case.
func TestPartByContentID(t *testing.T) {
	raw := "Content-Type: multipart/related; boundary=BB\r\n\r\n" +
		"--BB\r\nContent-Type: text/html\r\n\r\n<img src=cid:Logo@X>\r\n" +
		"--BB\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n\r\none\r\n" +
		"--BB\r\nContent-Type: image/gif\r\nContent-ID: <LOGO@X>\r\n\r\ntwo\r\n--BB--\r\n"
	m := Parse([]byte(raw))
	p := m.PartByContentID("<Logo@X>")
	if p == nil || p.ContentType != "image/png" {
		t.Fatalf("PartByContentID(<Logo@X>) = %+v, want the image/png part", p)
	}
	if m.PartByContentID("other@x") != nil {
		t.Errorf("a Content-ID no part has found a part")
	}
}

// PartByContentID finds the part the reference finds, for any Content-IDs
// and any cid.
func FuzzPartByContentID(f *testing.F) {
	f.Add("logo@x", "LOGO@X", "Logo@x")
	f.Add("\u212a", "k", "K")
	f.Add("\xff", "\xfe", "\ufffd")
	f.Add("ß", "ẞ", "ss")
	f.Fuzz(func(t *testing.T, a, b, cid string) {
		var raw strings.Builder
		raw.WriteString("Content-Type: multipart/mixed; boundary=BB\r\n\r\n")
		for i, id := range []string{a, b, a} {
			fmt.Fprintf(&raw, "--BB\r\nContent-Type: image/x-%d\r\nContent-ID: <%s>\r\n\r\nx\r\n", i, id)
		}
		raw.WriteString("--BB--\r\n")
		m := Parse([]byte(raw.String()))
		for _, q := range []string{cid, a, b, "<" + cid + ">"} {
			if got, want := m.PartByContentID(q), referencePartByContentID(m, q); got != want {
				t.Errorf("PartByContentID(%q) over %q, %q = %v, reference %v", q, a, b, got, want)
			}
		}
	})
}
