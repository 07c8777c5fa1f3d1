package safedoc

import (
	"reflect"
	"testing"
)

func TestScanCSS(t *testing.T) {
	cases := []struct {
		css  string
		want []cssRef
	}{
		{`p{background:url(http://a.example/1.png)}`, []cssRef{{URL: "http://a.example/1.png", Vector: VectorCSSURL}}},
		{`p{background:url( "http://a.example/2.png" )}`, []cssRef{{URL: "http://a.example/2.png", Vector: VectorCSSURL}}},
		{`p{background:u\rl(http://a.example/3.png)}`, []cssRef{{URL: "http://a.example/3.png", Vector: VectorCSSURL}}},
		{`p{background:\75 rl(http://a.example/4.png)}`, []cssRef{{URL: "http://a.example/4.png", Vector: VectorCSSURL}}},
		{`p{background:url(http\3a //a.example/5.png)}`, []cssRef{{URL: "http://a.example/5.png", Vector: VectorCSSURL}}},
		{`p{background:url("h\74tp://a.example/6.png")}`, []cssRef{{URL: "http://a.example/6.png", Vector: VectorCSSURL}}},
		{`@import "http://a.example/7.css"; @import url(http://a.example/8.css) screen;`,
			[]cssRef{{URL: "http://a.example/7.css", Vector: VectorCSSImport}, {URL: "http://a.example/8.css", Vector: VectorCSSImport}}},
		{`@font-face{font-family:x;src:url(http://a.example/9.woff) format("woff")} p{color:red}`,
			[]cssRef{{URL: "http://a.example/9.woff", Vector: VectorCSSFont}}},
		{`p{background-image:image-set("http://a.example/10.png" 1x, url(http://a.example/11.png) 2x)}`,
			[]cssRef{{URL: "http://a.example/10.png", Vector: VectorCSSImageSet}, {URL: "http://a.example/11.png", Vector: VectorCSSURL}}},
		{`p{--bg:"http://a.example/12.png";--u:url(http://a.example/13.png);content:"http://not-loaded.example/"}`,
			[]cssRef{{URL: "http://a.example/12.png", Vector: VectorCSSVar}, {URL: "http://a.example/13.png", Vector: VectorCSSURL}}},
		{`@media (prefers-color-scheme: dark){p{background:url(http://a.example/14.png)}}`, []cssRef{{URL: "http://a.example/14.png", Vector: VectorCSSURL}}},
		{`p::after{content:url(http://a.example/15.png)}`, []cssRef{{URL: "http://a.example/15.png", Vector: VectorCSSURL}}},
		// A comment inside the name makes it no url() at all: nothing loads.
		{`p{background:ur/**/l(http://a.example/no.png)}`, nil},
		// As a style attribute.
		{`background:url(http://a.example/16.png); color: red`, []cssRef{{URL: "http://a.example/16.png", Vector: VectorCSSURL}}},
	}
	for _, c := range cases {
		got := scanCSS(c.css)
		for i := range got {
			got[i].Contexts = nil // contexts are tested below
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("scanCSS(%q)\n got %v\nwant %v", c.css, got, c.want)
		}
	}
}

func TestScanCSSContexts(t *testing.T) {
	cases := []struct {
		css     string
		reasons []Context
	}{
		{`p{background:url(http://a/1)}`, nil},
		{`@media print{body{background:url(http://a/2)}}`, []Context{ContextPrint}},
		{`@media (prefers-color-scheme: dark){.x{background:url(http://a/3)}}`, []Context{ContextColorScheme}},
		{`blockquote .t{background:url(http://a/4)}`, []Context{ContextForward}},
		{`div.gmail_quote span{content:url(http://a/5)}`, []Context{ContextForward}},
		{`[type="cite"] p{background:url(http://a/6)}`, []Context{ContextForward}},
		{`@media screen{p{color:red}} p{background:url(http://a/7)}`, nil},
		{`@media print{@media (prefers-color-scheme:dark){p{background:url(http://a/8)}}}`, []Context{ContextPrint, ContextColorScheme}},
	}
	for _, c := range cases {
		got := scanCSS(c.css)
		if len(got) != 1 || !reflect.DeepEqual(got[0].Contexts, c.reasons) {
			t.Errorf("scanCSS(%q) = %+v, want reasons %v", c.css, got, c.reasons)
		}
	}
}

func TestParseDeclarations(t *testing.T) {
	got := parseDeclarations(`display: none; background: url("a;b.png"); WIDTH:1px;;`)
	want := []cssDeclaration{{"display", "none"}, {"background", `url("a;b.png")`}, {"width", "1px"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestResolveURL(t *testing.T) {
	var none urlResolver
	base := withBase("https://base.example/dir/page.html")
	cases := []struct {
		r    urlResolver
		in   string
		want string
		kind refKind
	}{
		{none, "http://A.Example/x", "http://a.example/x", refRemote},
		{none, "  https://a.example/x\n", "https://a.example/x", refRemote},
		{none, "ht\ntp://a.example/x", "http://a.example/x", refRemote},
		{none, "//a.example/x", "https://a.example/x", refRemote},
		{none, `https:\\a.example\x`, "https://a.example/x", refRemote},
		{none, "https:a.example/x", "https://a.example/x", refRemote},
		{none, "relative/x.png", "", refNone},
		{none, "#top", "", refNone},
		{none, "javascript:alert(1)", "javascript:alert(1)", refNone},
		{none, "mailto:a@b.example", "mailto:a@b.example", refNone},
		{none, "cid:part1@x", "cid:part1@x", refCID},
		{none, "data:image/png;base64,AAAA", "data:image/png;base64,AAAA", refData},
		{base, "img/x.png", "https://base.example/dir/img/x.png", refRemote},
		{base, "/x.png", "https://base.example/x.png", refRemote},
		{base, "//other.example/x", "https://other.example/x", refRemote},
	}
	for _, c := range cases {
		got, kind := c.r.resolve(c.in)
		if got != c.want || kind != c.kind {
			t.Errorf("resolve(%q) = %q %v, want %q %v", c.in, got, kind, c.want, c.kind)
		}
	}
}

// TestScanCSSQuickTest: CSS that can load nothing skips the tokenizer, and
// every way of writing a reference is still read.
func TestScanCSSQuickTest(t *testing.T) {
	for _, src := range []string{
		`p{color:rgb(0,0,0);font-family:"Arial"}@media (max-width:600px){td{width:100%!important}}`,
		`.a{--gap:4px;margin:var(--gap)}`,
	} {
		if mayReferenceCSS(src) {
			t.Errorf("mayReferenceCSS(%q) = true: the quick test lets nothing skip", src)
		}
	}
	for _, src := range []string{
		`p{background:URL(http://x.example/a)}`, `@IMPORT "http://x.example/b";`, `p{b:-webkit-Image-Set("http://x.example/c" 1x)}`,
		`@font-face{src:src("http://x.example/d")}`, `:root{--bg:'http://x.example/e'}`, `p{background:\75rl(http://x.example/f)}`,
		`p{b:İmage-set("http://x.example/g" 1x)}`,
	} {
		if len(scanCSS(src)) != 1 {
			t.Errorf("scanCSS(%q) = %v, want the one reference", src, scanCSS(src))
		}
	}
}
