package mailview

import (
	"mailsafe/mailview/message"
	"net/url"
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
	reader := Context{Me: []string{"reader@acme-corp.co.jp"}, Contacts: []message.Address{
		{Name: "Taro Yamada", Addr: "taro.yamada@acme-corp.co.jp"}, {Name: "Hanako Sato", Addr: "hanako@partner-trading.co.jp"}}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		Analyze(raw, reader)
		v := Analyze(raw, Context{})
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

// FuzzSanitizeHTML runs arbitrary HTML through the sanitizer. It must not
// panic, and whatever it lists as a resource must be an absolute remote URL.
func FuzzSanitizeHTML(f *testing.F) {
	if raw, err := os.ReadFile("testdata/leak-vectors.eml"); err == nil {
		f.Add(string(message.Parse(raw).HTML))
	}
	for _, s := range []string{
		`<img src="//x.example/a.png" srcset="a 1x, b 2x">`, `<base href="https://b.example/"><a href="x">y</a>`,
		`<iframe srcdoc="<img src=http://x.example/>"></iframe>`, `<svg><use xlink:href="http://x.example/#a"/></svg>`,
		`<table><tr><td>a<td>b</table>`, strings.Repeat("<font>", 600) + "x", `<style>@import "x"</style>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		a := newAnalysis()
		doc := sanitizeHTML(src, &message.Message{}, a, 0, nil)
		_ = doc.Text()
		for _, r := range a.resources {
			u, err := url.Parse(r.URL)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ftp") {
				t.Fatalf("resource %q (%s) is not an absolute remote URL", r.URL, r.Vector)
			}
		}
	})
}

// FuzzScanCSS runs arbitrary CSS through the scanner and the declaration parser.
func FuzzScanCSS(f *testing.F) {
	for _, s := range []string{
		`p{background:\75 rl(http://x/a)}`, `@import "a.css";@font-face{src:url(b)}`, `a{--x:"http://y"}`,
		`image-set("a" 1x)`, `url(`, `\`, `display:none;width:1px`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range scanCSS(src) {
			if r.Vector == "" {
				t.Fatalf("reference %q without a vector", r.URL)
			}
		}
		parseDeclarations(src)
		_ = styleHides(src)
	})
}
