package message

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"mailsafe/internal/hostilemail"
)

func TestUniformCRLF(t *testing.T) {
	for in, want := range map[string]bool{
		"a\r\nb\r\n": true, "a\r\nb": true, "": false, "abc": false, "a\nb\r\n": false,
		"a\r\nb\rc\r\n": false, "a\r\n\r": false, "\r\n\r\n": true,
	} {
		if got := uniformCRLF([]byte(in)); got != want {
			t.Errorf("uniformCRLF(%q) = %v", in, got)
		}
	}
}

// A CRLF message read in place: its line ends LF in its own bytes, its
// body text those bytes themselves (no copy), and the message as received
// given back by Source.
func TestParseOwnedReadsInPlace(t *testing.T) {
	sent := "From: a@example.com\r\nSubject: long\r\n line\r\nContent-Type: text/plain\r\n\r\nfirst\r\nsecond\r\n"
	raw := []byte(sent)
	m := ParseOwned(raw, true)
	if string(m.Raw) != "From: a@example.com\nSubject: long\n line\nContent-Type: text/plain\n\nfirst\nsecond\n" {
		t.Fatalf("Raw = %q", m.Raw)
	}
	if m.Text != "first\nsecond\n" || m.Header.Text("Subject") != "long line" || m.Size != len(sent) || m.Parts[0].Size != 15 {
		t.Errorf("read %q, subject %q, size %d, part size %d", m.Text, m.Header.Text("Subject"), m.Size, m.Parts[0].Size)
	}
	if p := uintptr(unsafe.Pointer(unsafe.StringData(m.Text))); p < uintptr(unsafe.Pointer(&raw[0])) || p >= uintptr(unsafe.Pointer(&raw[0]))+uintptr(len(raw)) {
		t.Errorf("the body text is a copy, not the message's own bytes")
	}
	if string(m.Source()) != sent {
		t.Errorf("Source = %q", m.Source())
	}
}

// Quoted-printable content decodes as it was sent: its hard line breaks
// CRLF, an encoded LF (=0A) alone.
func TestParseOwnedQuotedPrintable(t *testing.T) {
	sent := "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=0Ab\r\nc=\r\nd\r\n"
	m := ParseOwned([]byte(sent), true)
	if got := string(m.Parts[0].Bytes()); got != "a\nb\r\ncd\r\n" {
		t.Errorf("decoded %q", got)
	}
}

// Whatever the input, ParseOwned reads what Parse reads, and Source is the
// input.
func FuzzParseOwned(f *testing.F) {
	f.Add([]byte("Subject: x\r\n\r\nbody\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\nhi\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=\r\nb=0D=0A\r\n--b--\r\n"))
	f.Add([]byte("Subject: x\n\nbody\r\n"))
	f.Fuzz(func(t *testing.T, sent []byte) {
		if len(sent) > 1<<16 {
			return
		}
		// As written, and with every line ending in CRLF (as IMAP serves
		// mail, which random bytes seldom are); base64 decoded in place from
		// 16 bytes, so that small inputs reach it.
		for _, sent := range [][]byte{sent, hostilemail.CRLFLines(sent)} {
			want := Parse(sent)
			for _, keepSource := range []bool{true, false} {
				m := parseOwned(bytes.Clone(sent), keepSource, 16)
				if src := m.Source(); !bytes.Equal(src, sent) && (keepSource || src != nil) {
					t.Fatalf("Source = %q, sent %q", src, sent)
				}
				sameRead(t, m, want)
			}
		}
	})
}

// sameRead fails t unless m reads as want, Parse's reading of the same
// message, does.
func sameRead(t *testing.T, m, want *Message) {
	t.Helper()
	if m.Size != want.Size || m.Text != want.Text || m.HTML != want.HTML || len(m.Parts) != len(want.Parts) ||
		!reflect.DeepEqual(m.Header, want.Header) || !reflect.DeepEqual(m.Problems, want.Problems) {
		t.Fatalf("read otherwise: %+v\nParse: %+v", m, want)
	}
	for i, p := range m.Parts {
		w := want.Parts[i]
		// Line ends may be LF where they were not in a body text only.
		sameBytes := bytes.Equal(p.Bytes(), w.Bytes()) ||
			p.ownText() && (p.lf && bytes.Equal(withCRLF(p.Bytes()), w.Bytes()) || string(p.Bytes()) == lfString(w.Bytes()))
		if p.Size != w.Size || p.ContentType != w.ContentType || p.Filename != w.Filename || !sameBytes {
			t.Fatalf("part %s: %d bytes %q, Parse's %d bytes %q", p.Path, p.Size, p.Bytes(), w.Size, w.Bytes())
		}
	}
}

// Without keepSource a large base64 attachment is decoded where it lay: the
// content is Parse's, its bytes the message's own, and the message as
// received is no longer there to give.
func TestParseOwnedDecodesBase64InPlace(t *testing.T) {
	pdf := []byte("%PDF-1.4\n" + strings.Repeat("%\xc3\xa4\xc3\xbc\xc3\xb6\xc3\x9f stream\n", 8000)) // 136 kB
	sent := "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\n" +
		"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + hostilemail.Base64Lines(pdf, "\r\n") + "--b--\r\n"
	raw := []byte(sent)
	m := ParseOwned(raw, false)
	p := m.Parts[1]
	if !bytes.Equal(p.Bytes(), pdf) || p.Size != int64(len(pdf)) {
		t.Fatalf("decoded %d bytes, size %d; sent %d", len(p.Bytes()), p.Size, len(pdf))
	}
	if at := uintptr(unsafe.Pointer(&p.Bytes()[0])); at < uintptr(unsafe.Pointer(&raw[0])) || at >= uintptr(unsafe.Pointer(&raw[0]))+uintptr(len(raw)) {
		t.Errorf("the attachment was decoded into a copy")
	}
	if m.Source() != nil {
		t.Errorf("Source gives %d bytes, though the message as received is gone", len(m.Source()))
	}
	if kept := ParseOwned([]byte(sent), true); string(kept.Source()) != sent || string(kept.Parts[1].Bytes()) != string(p.Bytes()) {
		t.Errorf("with keepSource: Source %q, content %q", kept.Source(), kept.Parts[1].Bytes())
	}
}

// lfInPlace reads line ends as lfString does.
func FuzzLFInPlace(f *testing.F) {
	for _, s := range []string{"a\r\nb", "a\rb\r", "\r\n\r\n", "\n\r", "plain", "\r\r\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if got, want := string(b[:lfInPlace(b)]), lfString([]byte(s)); got != want {
			t.Fatalf("lfInPlace(%q) = %q, lfString %q", s, got, want)
		}
	})
}
