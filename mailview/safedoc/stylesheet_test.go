package safedoc

import (
	"mailsafe/mailview/message"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A <style> rule hides or sizes the elements its selector matches, and only
// those; rules for print or for narrow screens do not apply to the pane.
func TestStyleSheetRulesApply(t *testing.T) {
	cases := []struct {
		html   string
		hidden bool
		w, h   int
	}{
		{`<style>.a{display:none}</style><img class="x A" src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>.a{display:none}</style><img class="b" src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>#i{visibility:hidden}</style><img id="i" src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>td.f img{width:1px;height:1px}</style><table><tr><td class="f"><img src="http://t.example/p?i=1"></table>`, false, 1, 1},
		{`<style>.f > img{opacity:0}</style><div class="g"><img src="http://t.example/p?i=1"></div>`, false, -1, -1},
		{`<style>img{transform:scale(0,0)}</style><img src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>img:hover{display:none}</style><img src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>@media print{img{display:none}}</style><img src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>@media (max-width:600px){.d{display:none!important}}</style><img class="d" src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>@media screen{.d{display:none}}</style><img class="d" src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>.d{display:none}</style><img class="d" style="display:block" src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>.d{display:none!important}</style><img class="d" style="display:block" src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>.d{clip-path:circle(0)}</style><img class="d" src="http://t.example/p?i=1" width="300" height="200">`, true, 300, 200},
		{`<img style="max-width:2px" src="http://t.example/p?i=1" width="300" height="200">`, false, 2, 200},
		{`<style>img[src*="/p?"]{display:none}</style><img src="http://t.example/p?i=1">`, true, -1, -1},
		{`<style>img[src$=".png"]{display:none}</style><img src="http://t.example/p?i=1">`, false, -1, -1},
		{`<style>[width='1' i]{visibility:hidden}</style><img width="1" src="http://t.example/p?i=1">`, true, 1, -1},
		{`<style>div[class~=ft] img{opacity:0}</style><div class="x ft"><img src="http://t.example/p?i=1"></div>`, true, -1, -1},
		{`<style>div[title=x] img{opacity:0}</style><div title="x"><img src="http://t.example/p?i=1"></div>`, false, -1, -1},
		// A sheet cut at a selector list of too many tokens keeps the rules before it.
		{`<style>.d{display:none}` + strings.Repeat("a ", maxSegmentTokens) + `b{display:none}</style><img class="d" src="http://t.example/p?i=1">`, true, -1, -1},
	}
	for _, c := range cases {
		inv := newInventory()
		sanitizeHTML(c.html, &message.Message{}, inv, 0, nil)
		if len(inv.Resources) != 1 {
			t.Errorf("%s: %d resources", c.html, len(inv.Resources))
			continue
		}
		r := inv.Resources[0]
		if r.Hidden != c.hidden || r.Width != c.w || r.Height != c.h {
			t.Errorf("%s: hidden=%v %dx%d, want hidden=%v %dx%d", c.html, r.Hidden, r.Width, r.Height, c.hidden, c.w, c.h)
		}
	}
}

// FuzzStyleSheet runs arbitrary style sheets through the rule reader and
// the matcher: no panic, whatever the CSS.
func FuzzStyleSheet(f *testing.F) {
	for _, s := range []string{
		`.a{display:none}`, `#b img, td > .c{width:1px}`, `@media screen{.x{opacity:0}}`, `a:hover{x:y}`, `{`, `.`, `#`,
		`@supports (x){@media all{.q{clip-path:inset(50%)}}}`, `.z{transform:matrix(0,0,0,0,1,1)}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, css string) {
		ss, _ := readStyleSheets("<style>" + css + "</style>")
		if ss == nil {
			return
		}
		n := &html.Node{Type: html.ElementNode, Data: "img"}
		stack := []openElement{{name: "td", selectorKeys: selectorKeys{id: "b", class: "c a"}}}
		decls := ss.match(n, "b", "a c x", stack, nil)
		_ = declarationsHide(computed(decls), true)
		_, _ = declaredSize(n, computed(decls))
	})
}

// Matching many descendant rules in a deep document stops at the work
// budget, and says so, instead of costing rules x depth x elements.
func TestStyleSheetMatchingIsBounded(t *testing.T) {
	var rules strings.Builder
	for i := 0; i < 4000; i++ {
		rules.WriteString(".q" + strings.Repeat("x", i%7) + " span{display:none}")
	}
	src := "<style>" + rules.String() + "</style>" + strings.Repeat("<div class=x>", 1100) + strings.Repeat("<span class='a'>t</span>", 20000)
	inv := newInventory()
	allocs := testing.AllocsPerRun(1, func() { sanitizeHTML(src, &message.Message{}, inv, 0, nil) })
	if inv.Unapplied == 0 {
		t.Error("the matching budget was not reported")
	}
	if allocs > 2_000_000 {
		t.Errorf("%.0f allocations", allocs)
	}
}

// A sheet read only in part (nested past the bound, past the rule or the
// size budget) is reported once, as a problem of the message, even when no
// element matches a rule; a whole one is not.
func TestStyleSheetCutIsReported(t *testing.T) {
	for _, c := range []struct {
		name  string
		sheet string
		cut   bool
	}{
		{"nested", ".h{display:none}" + strings.Repeat("@media screen{", maxSheetNesting+2), true},
		{"rules", strings.Repeat(".h{display:none}", maxSheetRules+1), true},
		{"size", ".h{display:none}" + strings.Repeat("p{color:red}", maxSheetBytes/12+1), true},
		{"tokens", ".h{display:none}" + strings.Repeat("a ", maxSegmentTokens) + "b{color:red}", true},
		{"whole", strings.Repeat(".h{display:none}", 10), false},
	} {
		m := &message.Message{HTML: "<style>" + c.sheet + "</style><p>t</p><p>u</p>"}
		_, inv := Read(m)
		n := 0
		for _, p := range m.Problems {
			if p.Kind == message.ProblemStyleUnapplied {
				n++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[c.cut]; inv.Unapplied != want || n != want {
			t.Errorf("%s: Unapplied = %d and %d style-unapplied problems, want %d: %+v", c.name, inv.Unapplied, n, want, m.Problems)
		}
	}
}
