package safedoc

import (
	"strings"
	"testing"

	"mailsafe/mailview/message"
)

// What hides an element, and the ordinary layout that must not: a picture
// called hidden is not shown to the reader as content, and a hidden one
// with a URL that varies is reported as a tracker.
func TestDeclarationsHide(t *testing.T) {
	hides := []string{
		"transform:scale(0.001)",
		"transform: scale(1, 0.005)",
		"scale: 0.002",
		"zoom: 0.5%",
		"zoom: 0.001",
		"position:relative; left:-9999px",
		"position:sticky; top:-90em",
		"margin-left:-5000px",
		"margin: 0 0 0 -9000px",
		"margin: -2000px 0",
		"position:absolute; text-indent:-200in",
		"clip-path: inset(0 0 100% 0)",
		"clip-path: inset(1000px 0 1000px 0)",
		"clip-path: inset(40px 0 0 0); height: 40px",
		"width:0em",
	}
	shows := []string{
		"transform:scale(0.5)",
		"zoom:0", // read as 1
		"zoom:80%",
		"position:relative; left:-20px",
		"margin: 0 auto",
		"margin: -10px 0 0 -10px",
		"clip-path: inset(10px 20px)",
		"clip-path: inset(10% round 5px)",
		"height:1px", // a rule line: it clips nothing
		"height:3em; overflow:hidden",
		"width:1em",
		"text-indent:-9999px", // the logo-replacement trick: the text moves, the box and its background stay
		"width:100vw; position:relative; left:50%; margin-left:-50vw",
		"height:1px; overflow:hidden", // judged with the element: a table cell grows to its content (thinClip)
	}
	for _, s := range hides {
		if !declarationsHide(computed(parseDeclarations(s)), true) {
			t.Errorf("%q does not hide the element", s)
		}
	}
	for _, s := range shows {
		if declarationsHide(computed(parseDeclarations(s)), true) {
			t.Errorf("%q hides the element", s)
		}
	}
}

// Lengths in any unit a mail uses read as pixels; what depends on the box
// around the element does not.
func TestCSSLength(t *testing.T) {
	for v, want := range map[string]int{"600": 600, "600px": 600, "0.75pt": 1, "1in": 96, "2.54cm": 96, "1em": 16, "0.1rem": 2, "0%": 0, "0vh": 0,
		"50%": -1, "auto": -1, "calc(1px)": -1, "-4px": -1, "1furlong": -1} {
		if got := pixels(v); got != want {
			t.Errorf("pixels(%q) = %d, want %d", v, got, want)
		}
	}
}

// A rule whose selector is of a kind not read is not dropped in silence:
// the analysis says so; one that matches only under the pointer is no
// such rule, as it hides nothing as the mail is shown.
func TestUnreadSelectorsAreCounted(t *testing.T) {
	for css, want := range map[string]int{
		`td + td img{display:none}`:                             0, // read: sibling combinators are matched
		`img:not(.logo){width:1px}`:                             1,
		`p:nth-child(2) img, .x{display:none}`:                  1,
		`a:hover img{display:none} a::after{width:0}`:           0,
		`img` + strings.Repeat(":is(.a)", 9) + `{display:none}`: 1, // expanded a pass per :is(): a few only
		`img:not(:hover){display:none}`:                         1, // hides until the pointer comes
		`input:checked ~ img{display:none}`:                     1, // a box written checked matches at once
		`img:is(.a, .b){display:none}`:                          0,
		`td + td img{color:red}`:                                0, // neither hides nor sizes
		`@media print{td + td img{display:none}}`:               0, // not the pane
	} {
		ss, _ := readStyleSheets("<style>" + css + "</style>")
		got := 0
		if ss != nil {
			got = ss.unread
		}
		if got != want {
			t.Errorf("%s: %d selectors not read, want %d", css, got, want)
		}
	}
}

// Sibling combinators match as a browser matches them: '+' the element
// just before, '~' any before, also for an ancestor of the image; Gmail's
// "u + #body" rules match nothing in a mail that has no <u> before it.
func TestSiblingCombinators(t *testing.T) {
	const img = `<img src="https://px.example/o.gif?c=1" width="600" height="40">`
	for _, c := range []struct {
		html   string
		hidden bool
	}{
		{`<style>p + img{display:none}</style><p>a</p>` + img, true},
		{`<style>p + img{display:none}</style><p>a</p><span>b</span>` + img, false},
		{`<style>p ~ img{display:none}</style><p>a</p><span>b</span>` + img, true},
		{`<style>p ~ img{display:none}</style>` + img + `<p>a</p>`, false},
		{`<style>u + .body img{display:none}</style><u></u><div class="body">` + img + `</div>`, true},
		{`<style>u + .body img{display:none}</style><div class="body">` + img + `</div>`, false},
		{`<style>u ~ div .x img{display:none}</style><u></u><p>a</p><div><span class="x">` + img + `</span></div>`, true},
		{`<style>.a+.b>img{display:none}</style><i class="a"></i><b class="b">` + img + `</b>`, true},
		{`<style>td + td img{display:none}</style><table><tr><td>` + img + `</td></tr></table>`, false},
		{`<style>td + td img{display:none}</style><table><tr><td>a</td><td>` + img + `</td></tr></table>`, true},
		// Not the nearest match but another one (a browser tries them all).
		{`<style>.a + .b img{display:none}</style><div class=a></div><div class=b><p>x</p><div class=b>` + img + `</div></div>`, true},
		{`<style>.p + .a ~ img{display:none}</style><i class=p></i><i class=a></i><b></b><i class=a></i>` + img, true},
		{`<style>.a ~ .b img{display:none}</style><i class=a></i><div class=b><div class=b>` + img + `</div></div>`, true},
	} {
		m := message.Parse([]byte("From: a@example.org\r\nContent-Type: text/html\r\n\r\n" + c.html))
		_, inv := Read(m)
		if len(inv.Resources) != 1 {
			t.Fatalf("%s: %d resources", c.html, len(inv.Resources))
		}
		if got := inv.Resources[0].Hidden; got != c.hidden {
			t.Errorf("%s: hidden %v, want %v", c.html, got, c.hidden)
		}
	}
}

// A box of a pixel or two that clips hides what it holds only where its
// height holds: a block, not a table cell or an inline element.
func TestThinClip(t *testing.T) {
	for _, c := range []struct {
		html   string
		hidden bool
	}{
		{`<div style="height:1px;overflow:hidden"><img src="https://px.example/o.gif?c=1" width="600" height="40"></div>`, true},
		{`<p style="max-height:2px;overflow:clip"><img src="https://px.example/o.gif?c=1" width="600" height="40"></p>`, true},
		{`<span style="display:block;height:1px;overflow:hidden"><img src="https://px.example/o.gif?c=1" width="600" height="40"></span>`, true},
		{`<table><tr><td style="height:1px;overflow:hidden;line-height:1px"><img src="https://px.example/o.gif?c=1" width="600" height="300"></td></tr></table>`, false},
		{`<span style="height:1px;overflow:hidden"><img src="https://px.example/o.gif?c=1" width="600" height="40"></span>`, false},
		{`<div style="height:3px;overflow:hidden"><img src="https://px.example/o.gif?c=1" width="600" height="40"></div>`, false},
	} {
		_, inv := Read(message.Parse([]byte("From: a@example.org\r\nContent-Type: text/html\r\n\r\n" + c.html)))
		if len(inv.Resources) != 1 || inv.Resources[0].Hidden != c.hidden {
			t.Errorf("%s: %+v, want hidden %v", c.html, inv.Resources, c.hidden)
		}
	}
}

// A "~" that would look back past the siblings kept is not decided in
// silence: the document's problems say that its style rules were not all
// applied.
func TestSiblingsPastTheKeptOnesAreReported(t *testing.T) {
	html := `<style>.a ~ img{display:none}</style><i class=a></i>` + strings.Repeat("<br>", 70) + `<img src="https://px.example/o.gif?c=1" width="600" height="40">`
	_, inv := Read(message.Parse([]byte("From: a@example.org\r\nContent-Type: text/html\r\n\r\n" + html)))
	if inv.Unapplied == 0 {
		t.Errorf("a sibling rule past the %d siblings kept was decided in silence", maxSiblingsKept)
	}
}
