package safedoc

import (
	"mailsafe/mailview/message"
	"net/url"
	"os"
	"strings"
	"testing"
)

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
		a := newInventory()
		doc := sanitizeHTML(src, &message.Message{}, a, 0, nil)
		_ = doc.Text()
		for _, r := range a.Resources {
			u, err := url.Parse(r.URL)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ftp" && u.Scheme != "file") {
				t.Fatalf("resource %q (%s) is not an absolute remote URL", r.URL, r.Vector)
			}
		}
	})
}

// FuzzScanCSS runs arbitrary CSS through the scanner and the declaration parser.
func FuzzScanCSS(f *testing.F) {
	for _, s := range []string{
		`p{background:\75 rl(http://x/a)}`, `@import "a.css";@font-face{src:url(b)}`, `a{--x:"http://y"}`,
		`image-set("a" 1x)`, `url(`, `\`, `display:none;width:1px`, `a{b:İmage-set("http://x/a" 1x)}`, `@İMPORT "http://x/b";`,
		`p{background:URL(http://x/c)}`, `:root{--bg:'//x/d'}`, `@media print{a{b:SRC("http://x/e")}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, r := range scanCSS(src) {
			if r.Vector == "" {
				t.Fatalf("reference %q without a vector", r.URL)
			}
		}
		if refs := scanCSSTokens(src); len(refs) > 0 && !mayReferenceCSS(src) {
			t.Fatalf("mayReferenceCSS(%q) is false, but the scan finds %v", src, refs)
		}
		parseDeclarations(src)
		_ = styleHides(src)
	})
}
