package safedoc

import (
	"strings"
	"testing"

	"mailsafe/mailview/message"
)

// Every way of loading a URL that issue 15 found unsearched yields its
// resource (or link), with the vector it loads through.
func TestEveryHTMLFormYieldsItsResource(t *testing.T) {
	cases := []struct {
		name, html, url string
		vector          Vector
	}{
		{"<image>", `<image src="https://t.example/image.gif">`, "https://t.example/image.gif", VectorImgSrc},
		{"img in foreignObject", `<svg><foreignObject><img src="https://t.example/fo.gif"></foreignObject></svg>`, "https://t.example/fo.gif", VectorImgSrc},
		{"img in MathML", `<math><mi><img src="https://t.example/mi.gif"></mi></math>`, "https://t.example/mi.gif", VectorImgSrc},
		{"mglyph", `<math><mglyph src="https://t.example/mg.gif"/></math>`, "https://t.example/mg.gif", VectorMathML},
		{"declarative shadow root", `<div><template shadowrootmode="open"><img src="https://t.example/shadow.gif"></template></div>`, "https://t.example/shadow.gif", VectorImgSrc},
		{"srcdoc 6 deep", nestSrcdoc(`<img src="https://t.example/deep.gif">`, 6), "https://t.example/deep.gif", VectorImgSrc},
		{"srcdoc inherits the parent's base", `<base href="https://t.example/dir/"><iframe srcdoc="<img src=rel.gif>"></iframe>`, "https://t.example/dir/rel.gif", VectorImgSrc},
		{"meta refresh 0 URL", `<meta http-equiv="refresh" content="0 URL=https://t.example/go">`, "https://t.example/go", VectorMetaRefresh},
		{"meta refresh without url=", `<meta http-equiv="refresh" content="0, 'https://t.example/q'">`, "https://t.example/q", VectorMetaRefresh},
		{"SMIL set href", `<svg><image href="#a"><set attributeName="href" to="https://t.example/smil.gif"/></image></svg>`, "https://t.example/smil.gif", VectorSVGAnimate},
		{"SMIL animate values", `<svg><image><animate attributeName="xlink:href" values="#a;https://t.example/v.gif"/></image></svg>`, "https://t.example/v.gif", VectorSVGAnimate},
		{"SVG fill url()", `<svg><rect fill="url(https://t.example/p.svg#g)"/></svg>`, "https://t.example/p.svg#g", VectorSVGURLAttr},
		{"SVG filter url()", `<svg><g filter="url('https://t.example/f.svg#f')"></g></svg>`, "https://t.example/f.svg#f", VectorSVGURLAttr},
		{"VML fill", `<v:rect><v:fill type="frame" src="https://t.example/bg.jpg"/></v:rect>`, "https://t.example/bg.jpg", VectorVML},
		{"VML in an mso conditional comment", `<!--[if gte mso 9]><v:image src="https://t.example/mso.jpg"/><![endif]-->`, "https://t.example/mso.jpg", VectorVML},
		{"img in an mso conditional comment", `<!--[if mso]><img src="https://t.example/mso.gif" width="1" height="1"><![endif]-->`, "https://t.example/mso.gif", VectorImgSrc},
		{"file:// share", `<img src="file://smb.t.example/share/p.png">`, "file://smb.t.example/share/p.png", VectorImgSrc},
		{"file: with backslashes", `<img src="file:\\smb.t.example\share\q.png">`, "file://smb.t.example/share/q.png", VectorImgSrc},
		{"file://// share", `<img src="file:////smb.t.example/share/u.png">`, "file://smb.t.example/share/u.png", VectorImgSrc},
		{"UNC path", `<img src="\\smb.t.example\share\w.png">`, "file://smb.t.example/share/w.png", VectorImgSrc},
		{"attributionsrc", `<img src="https://t.example/a.png" attributionsrc="https://t.example/attr1 https://t.example/attr2">`, "https://t.example/attr2", VectorAttribution},
		{"srcset URL with commas", `<img srcset="https://t.example/i/w_100,h_100,c_fill/a.jpg 1x, https://t.example/b.jpg 2x">`, "https://t.example/i/w_100,h_100,c_fill/a.jpg", VectorImgSrcset},
		{"srcset second after commas", `<img srcset="https://t.example/i/w_100,h_100/a.jpg 1x,https://t.example/c.jpg 2x">`, "https://t.example/c.jpg", VectorImgSrcset},
	}
	for _, c := range cases {
		inv := newInventory()
		sanitizeHTML(c.html, &message.Message{}, inv, 0, nil)
		inv.finish()
		found := false
		var got []string
		for _, r := range inv.Resources {
			got = append(got, string(r.Vector)+" "+r.URL)
			found = found || r.URL == c.url && r.Vector == c.vector
		}
		if !found {
			t.Errorf("%s: %s not found as %s; resources %v", c.name, c.url, c.vector, got)
		}
	}
	// A local file and a fragment load nothing remote.
	inv := newInventory()
	sanitizeHTML(`<img src="file:///C:/x.png"><svg><rect fill="url(#g)"/></svg><img src="file://localhost/etc/x.png"><img src="file:////C:/y.png"><img src="\\.\pipe\z.png">`, &message.Message{}, inv, 0, nil)
	if len(inv.Resources) != 0 {
		t.Errorf("local references listed: %+v", inv.Resources)
	}
	// An attributionsrc on a link is requested when it is followed: a ping.
	inv = newInventory()
	sanitizeHTML(`<a href="https://shop.example/" attributionsrc="https://t.example/click">shop</a>`, &message.Message{}, inv, 0, nil)
	if len(inv.Links) != 2 || inv.Links[1].Kind != LinkPing && inv.Links[0].Kind != LinkPing {
		t.Errorf("attributionsrc on a link: %+v", inv.Links)
	}
}

// nestSrcdoc wraps html in depth iframes, each the srcdoc of the next.
func nestSrcdoc(html string, depth int) string {
	for i := 0; i < depth; i++ {
		html = `<iframe srcdoc="` + strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(html) + `"></iframe>`
	}
	return html
}

// The parts beside the body that a mail client renders are searched too.
func TestEveryRenderablePartIsSearched(t *testing.T) {
	raw := "From: a@shop.example\r\nTo: b@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\n" +
		"Content-Base: https://base.example/news/\r\n" +
		"Content-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: multipart/alternative; boundary=A\r\n\r\n" +
		"--A\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
		"--A\r\nContent-Type: text/x-amp-html\r\n\r\n<html amp4email><amp-img src=\"https://amp.example/a.png\"></amp-img><img src=\"https://amp.example/i.png\"></html>\r\n" +
		"--A\r\nContent-Type: text/watch-html\r\n\r\n<img src=\"https://watch.example/w.png\">\r\n" +
		"--A\r\nContent-Type: text/html\r\n\r\n<p>Hi <img src=\"logo.png\"></p>\r\n" +
		"--A--\r\n" +
		"--B\r\nContent-Type: text/html; name=\"page.html\"\r\nContent-Disposition: attachment; filename=\"page.html\"\r\n\r\n<img src=\"https://attached.example/h.png\">\r\n" +
		"--B\r\nContent-Type: image/svg+xml; name=\"d.svg\"\r\nContent-Disposition: attachment; filename=\"d.svg\"\r\n\r\n<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://attached.example/s.png\"/></svg>\r\n" +
		"--B\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nURL:https://cal.example/event\r\n" +
		"ATTACH;FMTTYPE=image/png:https://cal.example/att\r\n ached.png\r\nIMAGE;VALUE=URI:https://cal.example/img.png\r\n" +
		"CONFERENCE;VALUE=URI:https://meet.example/j/123\r\n" +
		"X-ALT-DESC;FMTTYPE=text/html:<html><img src=\"https://cal.example/alt.png\"></html>\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n" +
		"--B\r\nContent-Type: message/external-body; access-type=URL; URL=\"https://ext.example/body.txt\"\r\n\r\nContent-Type: text/plain\r\n\r\n" +
		"--B--\r\n"
	m := message.Parse([]byte(raw))
	_, inv := Read(m)
	want := map[string]Vector{
		"https://amp.example/a.png":          VectorImgSrc,
		"https://amp.example/i.png":          VectorImgSrc,
		"https://watch.example/w.png":        VectorImgSrc,
		"https://base.example/news/logo.png": VectorImgSrc, // Content-Base resolves the body's relative URL
		"https://attached.example/h.png":     VectorImgSrc,
		"https://attached.example/s.png":     VectorSVGPrefix + "image",
		"https://cal.example/attached.png":   VectorCalendar,
		"https://cal.example/img.png":        VectorCalendar,
		"https://cal.example/alt.png":        VectorImgSrc,
		"https://ext.example/body.txt":       VectorExternalBody,
	}
	got := map[string]Vector{}
	for _, r := range inv.Resources {
		got[r.URL] = r.Vector
		if r.URL != "https://base.example/news/logo.png" && !r.Hidden {
			t.Errorf("%s is from a part the pane does not show, but not hidden", r.URL)
		}
	}
	for u, v := range want {
		if got[u] != v {
			t.Errorf("%s: vector %q, want %q (resources %v)", u, got[u], v, got)
		}
	}
	links := map[string]bool{}
	for _, l := range inv.Links {
		links[l.URL] = true
	}
	if !links["https://cal.example/event"] || !links["https://meet.example/j/123"] {
		t.Errorf("calendar links: %v", links)
	}
}

// FuzzNestedParsers runs arbitrary text through the calendar, srcset and
// refresh readers and the canonical URL: no panic, srcset yields no empty
// URL, and every URL that parses has a canonical form.
func FuzzNestedParsers(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VEVENT\r\nATTACH:https://x/a\r\n b\r\nX-ALT-DESC;FMTTYPE=text/html:<img src=x>\r\n", "URL;X=\"a:b\":https://x",
		"a.png 1x, b,c.png 2x", "x (1,2), y", "0 URL='https://x'", ",,,", "5;url=", "https://ＣＴ．x.net./%6F?%75=%2", "http://[::1]:80/%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inv := newInventory()
		s := &sanitizer{msg: &message.Message{}, out: inv, seenCID: map[string]bool{}, doc: &Document{}, hidden: 1}
		s.calendar(text)
		for _, u := range srcsetURLs(text) {
			if u == "" {
				t.Fatalf("empty srcset URL from %q", text)
			}
		}
		_ = refreshURL(text)
		if a := ParseAddress(text); a.Parsed != nil && a.Canonical == nil {
			t.Fatalf("%q parses but has no canonical form", text)
		}
	})
}
