package safedoc

import (
	"mailsafe/mailview/message"
	"strings"
	"testing"
)

func docText(html string) string {
	return sanitizeHTML(html, &message.Message{}, newInventory(), 0, nil).Text()
}

func TestSanitizeStructure(t *testing.T) {
	cases := []struct{ name, html, want string }{
		{"paragraphs and emphasis", "<p>Hello <b>bold</b> and <i>italic</i>.</p><p>Second</p>", "Hello bold and italic.\nSecond"},
		{"white space collapses", "<p>  lots   of\n\n space  </p>", "lots of space"},
		{"line breaks", "<p>one<br>two<br/>three</p>", "one\ntwo\nthree"},
		{"headings", "<h1>Title</h1><h3>Sub</h3>", "# Title\n### Sub"},
		{"lists", "<ul><li>a</li><li>b<ol><li>x</li><li>y</li></ol></li></ul>", "• a\n• b\n  1. x\n  2. y"},
		{"ordered start", "<ol start=3><li>c</li></ol>", "3. c"},
		{"blockquote", "<p>reply</p><blockquote><p>quoted</p><blockquote>deeper</blockquote></blockquote>", "reply\n> quoted\n> > deeper"},
		{"pre keeps spaces", "<pre>a  b\n  c</pre>", "a  b\n  c"},
		{"text table row", "<table><tr><th>Item</th><td>Price</td></tr><tr><td>Tea</td><td>3</td></tr></table>", "Item | Price\nTea | 3"},
		{"layout table", "<table><tr><td><p>Left column</p></td><td><p>Right column</p></td></tr></table>", "Left column\nRight column"},
		{"scripts and styles vanish", "<script>alert(1)</script><style>p{}</style><p>shown</p>", "shown"},
		{"hidden content vanishes", `<div style="display:none">preheader</div><p hidden>gone</p><span style="visibility: hidden !important">x</span><p>shown</p>`, "shown"},
		{"event handlers never matter", `<p onclick="steal()">click</p>`, "click"},
		{"rule", "<p>a</p><hr><p>b</p>", "a\n----\nb"},
		{"image placeholder", `<img src="https://cdn.example.com/x.png" width="600" height="300" alt="Logo">`, "[blocked image, 600x300, from cdn.example.com: “Logo”]"},
		{"image size from style", `<img src="https://cdn.example.com/x.png" style="width:120px; height: 40px">`, "[blocked image, 120x40, from cdn.example.com]"},
		{"iframe placeholder", `<iframe src="https://video.example.com/embed" width="560" height="315"></iframe>`, "[blocked iframe, 560x315, from video.example.com]"},
		{"missing cid", `<img src="cid:nothere" alt="chart">`, "[missing inline image: “chart”]"},
		{"relative image without base is nothing", `<img src="x.png">`, ""},
		{"malformed nesting", "<p><b>bold <i>both</b> italic</i> plain", "bold both italic plain"},
	}
	for _, c := range cases {
		if got := docText(c.html); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestSanitizeLinksKeepRealTargets(t *testing.T) {
	a := newInventory()
	doc := sanitizeHTML(`<base href="https://shop.example/"><p>Go to <a href="https://bank.example/login">https://bank.example</a>, <a href="offers">offers</a>, <a href="javascript:steal()">js</a></p>`,
		&message.Message{}, a, 0, nil)
	var links []Span
	for _, s := range doc.Blocks[0].Spans {
		if s.Link != "" {
			links = append(links, s)
		}
	}
	if len(links) != 3 || links[0].Link != "https://bank.example/login" || links[1].Link != "https://shop.example/offers" || links[2].Link != "javascript:steal()" {
		t.Fatalf("link spans = %+v", links)
	}
	if len(a.Links) != 3 || a.Links[0].Text != "https://bank.example" {
		t.Errorf("links = %+v", a.Links)
	}
}

func TestSanitizeCIDImageBecomesBytes(t *testing.T) {
	png := "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	raw := "Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n" +
		`<p>Logo:</p><img src="cid:logo@x" alt="logo">` +
		"\r\n--b\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + png + "\r\n--b--\r\n"
	v := read([]byte(raw))
	var img *Image
	for _, b := range v.Document.Blocks {
		if b.Kind == BlockImage {
			img = b.Image
		}
	}
	if img == nil || img.ContentType != "image/png" || !strings.HasPrefix(string(img.Data), "\x89PNG") || img.URL != "" {
		t.Fatalf("cid image = %+v", img)
	}
	if len(v.Resources) != 0 {
		t.Errorf("a cid image is not remote: %v", v.Resources)
	}
}

func TestSanitizeHiddenResourcesAreMarked(t *testing.T) {
	a := newInventory()
	sanitizeHTML(`<div style="display:none"><img src="https://t.example/a.gif"></div><img src="https://t.example/b.gif" width="1" height="1">`, &message.Message{}, a, 0, nil)
	if len(a.Resources) != 2 || !a.Resources[0].Hidden || a.Resources[1].Hidden || a.Resources[1].Width != 1 || a.Resources[1].Height != 1 {
		t.Errorf("resources = %+v", a.Resources)
	}
}

// The HTML tree builder refuses documents nested deeper than 512 elements.
// Such a mail (hundreds of unclosed <font> tags) must not hide its
// references or its text.
func TestSanitizeDeepNestingStillFindsURLsAndText(t *testing.T) {
	html := `<style>p{background:url(https://deep.example/css.png)}</style><p>Before</p>` +
		strings.Repeat("<font>", 600) + `<img src="https://deep.example/x.png" alt="deep">` +
		`<svg><image xlink:href="https://deep.example/svg.png"/></svg><noscript><img src="https://deep.example/noscript.png"></noscript><p>After</p>`
	a := newInventory()
	doc := sanitizeHTML(html, &message.Message{}, a, 0, nil)
	got := map[string]bool{}
	for _, r := range a.Resources {
		got[string(r.Vector)+" "+r.URL] = true
	}
	for _, want := range []string{"css-url https://deep.example/css.png", "img-src https://deep.example/x.png",
		"svg-image https://deep.example/svg.png", "img-src https://deep.example/noscript.png"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, a.Resources)
		}
	}
	if text := doc.Text(); !strings.Contains(text, "Before") || !strings.Contains(text, "After") || !strings.Contains(text, "blocked image") {
		t.Errorf("text = %q", text)
	}
}

func TestSrcdocRecursionIsBounded(t *testing.T) {
	inner := `<img src="https://r.example/x.png">`
	for i := 0; i < 20; i++ {
		inner = `<iframe srcdoc="` + strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(inner) + `"></iframe>`
	}
	a := newInventory()
	sanitizeHTML(inner, &message.Message{}, a, 0, nil) // must return, not recurse without end
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{
		{"<BASE href>", "<base", true}, {"x<Base", "<base", true}, {"<bas", "<base", false},
		{"DISPLAY:none", "display", true}, {"disp lay", "display", false}, {"", "display", false},
	} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.sub, got)
		}
	}
}

func TestTagSignals(t *testing.T) {
	for _, c := range []struct {
		raw                     string
		hide, paren, background bool
	}{
		{`<td style="padding:4px;background-color:#fff">`, false, false, false},
		{`<div style="DISPLAY: NONE">`, true, false, false},
		{`<p hidden>`, true, false, false},
		{`<span style="visibility:Collapse">`, true, false, false},
		{`<td style="background:url(x)">`, false, true, false},
		{`<b style="background:\75 rl(x)">`, false, true, false},
		{`<table BACKGROUND = "x.png">`, false, false, true},
	} {
		hide, paren, background := tagSignals([]byte(c.raw))
		if hide != c.hide || paren != c.paren || background != c.background {
			t.Errorf("tagSignals(%s) = %v %v %v, want %v %v %v", c.raw, hide, paren, background, c.hide, c.paren, c.background)
		}
	}
}

// Found by FuzzAnalyze: a link opened inside a link after some text.
func TestNestedLinksGatherTheirText(t *testing.T) {
	a := newInventory()
	sanitizeHTML(`<a href="https://outer.example/">outer <a href="https://inner.example/">inner</a> tail</a>`, &message.Message{}, a, 0, nil)
	if len(a.Links) != 2 || a.Links[0].Text != "outer" || a.Links[1].Text != "inner" {
		t.Errorf("links = %+v", a.Links)
	}
}
