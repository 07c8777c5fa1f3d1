package mailview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze feeds arbitrary bytes through the whole analysis. It must never
// panic, and what it returns for display must be valid UTF-8 without control
// characters in header text.
func FuzzAnalyze(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\n\n--x\n\n--x--"))
	f.Add([]byte("Subject: =?UTF-8?B?\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		v := Analyze(raw, Context{})
		if !utf8.ValidString(v.Subject) || !utf8.ValidString(v.BodyText) || !utf8.ValidString(v.Message.Text) {
			t.Fatalf("invalid UTF-8 in output")
		}
		if strings.ContainsAny(v.Subject, "\r\n\x00") {
			t.Fatalf("control character in subject %q", v.Subject)
		}
		for _, a := range v.From {
			if !utf8.ValidString(a.Name) || strings.ContainsAny(a.Name+a.Addr, "\r\n\x00") {
				t.Fatalf("bad address %q", a)
			}
		}
		for _, p := range v.Message.Parts {
			if p.Size < 0 || int(p.Size) > len(raw) {
				t.Fatalf("part size %d out of range for %d input bytes", p.Size, len(raw))
			}
		}
	})
}

// FuzzHeaderText covers the encoded-word decoder, the address parser and the
// parameter parser with arbitrary header values.
func FuzzHeaderText(f *testing.F) {
	for _, s := range []string{
		"=?UTF-8?B?5pel?= =?UTF-8?B?5pys?=", `"a, b" <c@d>, e@f (g)`, "attachment; filename*0*=utf-8''%E6; filename*1=x",
		"=?iso-2022-jp?B?GyRCRnxLXBsoQg==?=", "Team: a@b;", "=?x?Q?=ZZ?=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if s := decodeHeaderText(v, "shift_jis"); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q", v)
		}
		for _, a := range parseAddressList(v, "") {
			if !utf8.ValidString(a.Name) || !utf8.ValidString(a.Addr) {
				t.Fatalf("invalid UTF-8 address from %q", v)
			}
		}
		_, params, _ := parseMediaType(v, "")
		for k, p := range params {
			if !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 parameter %q=%q from %q", k, p, v)
			}
		}
	})
}
