package mailview

import (
	"mailsafe/mailview/message"
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
	more, _ := filepath.Glob("testdata/sender/*.eml")
	for _, file := range append(files, more...) {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\n\n--x\n\n--x--"))
	f.Add([]byte("Subject: =?UTF-8?B?\n\n"))
	// A reader with contacts, so the identity and look-alike checks run too.
	reader := Reader{Me: []string{"reader@acme-corp.co.jp"}, Contacts: []message.Address{
		{Name: "Taro Yamada", Addr: "taro.yamada@acme-corp.co.jp"}, {Name: "Hanako Sato", Addr: "hanako@partner-trading.co.jp"}}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		Analyze(raw, reader)
		v := Analyze(raw, Reader{})
		if !utf8.ValidString(v.Subject) || !utf8.ValidString(v.Document.Text()) || !utf8.ValidString(v.Message.Text) {
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
