package message

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse runs arbitrary bytes through the message parser: it must not
// panic, must account for every byte (Size), must give valid UTF-8 bodies,
// and must keep within its budgets of parts and problems.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*.eml")
	for _, file := range files {
		if raw, err := os.ReadFile(file); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("Subject: a\r\n b\r\n\tc\r\n\r\nbody"))
	f.Add([]byte(" continuation first\r\nSubject: x\r\n\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: multipart/alternative; boundary=y\n\n--y\n\nA\n--y--\n--x--"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw)
		if m.Size != len(raw) {
			t.Fatalf("Size %d for %d bytes", m.Size, len(raw))
		}
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
			t.Fatalf("invalid UTF-8 body")
		}
		if len(m.Parts) > maxMIMEParts+1 || len(m.Problems) > maxProblems+1+8 {
			t.Fatalf("%d parts, %d problems: past the budgets", len(m.Parts), len(m.Problems))
		}
		for _, fl := range m.Header.Fields {
			if strings.Contains(fl.Value, "\n") {
				t.Fatalf("field %s not unfolded: %q", fl.Name, fl.Value)
			}
		}
		_ = ParseTrace(m.Header)
		m.Header.Date()
	})
}

// FuzzTransferDecode runs arbitrary bodies through the base64 and
// quoted-printable decoders: neither may panic or grow its input, and
// base64 decoded in place (ParseOwned) is what it is decoded into a copy.
func FuzzTransferDecode(f *testing.F) {
	for _, s := range []string{"SGVsbG8=\r\n", "a=3Db=\r\nc", "=ZZ=", "////", "=\r\n=\n",
		"SGVs\nbG8g\nd29y\nbGQ=\n", "SGVsbG8=\nSGk=\n", "SGV\nsbG8\n", "SG Vs\nbG8=\n", "SGVs-_8=\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, enc := range []string{"base64", "quoted-printable", "8bit", "x-uuencode"} {
			data, damaged, _, _ := transferDecode(enc, []byte(body), owned{})
			if len(data) > len(body) {
				t.Fatalf("%s: %d bytes decoded from %d", enc, len(data), len(body))
			}
			if enc != "base64" {
				continue
			}
			// In runs of a few lines, so that every way a run can end is met.
			for _, run := range []int{7, 64, 1 << 20} {
				inPlace, inPlaceDamaged := decodeBase64InPlace([]byte(body), run)
				if !bytes.Equal(inPlace, data) || inPlaceDamaged != damaged {
					t.Fatalf("in place, runs of %d: %q, %d damaged; into a copy %q, %d", run, inPlace, inPlaceDamaged, data, damaged)
				}
			}
		}
	})
}

// FuzzCharset runs arbitrary bytes through every kind of charset decoder:
// the text must come out valid UTF-8.
func FuzzCharset(f *testing.F) {
	f.Add("shift_jis", []byte("\x82\xa0"))
	f.Add("iso-2022-jp", []byte("\x1b$B$\"\x1b(B"))
	f.Add("utf-16", []byte("\xff\xfea\x00"))
	f.Add("utf-7", []byte("+AGEAYg-"))
	f.Add("", []byte("\xe9t\xe9"))
	f.Fuzz(func(t *testing.T, label string, b []byte) {
		if s, _ := decodeText(label, b); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q in %q", b, label)
		}
	})
}

// FuzzReceived reads arbitrary Received and Date values.
func FuzzReceived(f *testing.F) {
	for _, s := range []string{
		"from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.org with ESMTPS id 1; Mon, 2 Jan 2006 15:04:05 +0000",
		"from [10.0.0.1] by x; Thu, 1 Jan 1970 00:00:00 (JST)", "by ; ;;", "Mon Jan 2 15:04:05 2006",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := parseReceived(v)
		if !utf8.ValidString(h.From) || !utf8.ValidString(h.By) {
			t.Fatalf("invalid UTF-8 hop from %q", v)
		}
		parseDate(v)
	})
}
