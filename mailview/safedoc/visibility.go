package safedoc

// Hiding and sizes: whether the reader would ever see an element, and the size it declares.

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// styleHides tells whether a style attribute hides the element.
func styleHides(style string) bool {
	return declarationsHide(computed(parseDeclarations(style)), false)
}

// computed returns the value each property ends up with: the last
// declaration wins, an !important one over any that is not. Values are
// lower-cased and trimmed, without "!important".
func computed(decls []cssDeclaration) map[string]string {
	out := make(map[string]string, len(decls))
	var important map[string]bool // made at the first !important: most styles have none
	for _, d := range decls {
		v := strings.ToLower(strings.TrimSpace(cssUnescape(d.Value))) // "n\6f ne" is "none"
		imp := false
		if k := strings.LastIndexByte(v, '!'); k >= 0 && strings.TrimSpace(v[k+1:]) == "important" {
			v, imp = strings.TrimSpace(v[:k]), true
		}
		if important[d.Property] && !imp {
			continue
		}
		out[d.Property] = v
		if imp {
			if important == nil {
				important = map[string]bool{}
			}
			important[d.Property] = true
		}
	}
	return out
}

// declarationsHide tells whether computed declarations (computed: style
// sheet rules, then the style attribute) hide the element and what it
// holds: display:none, visibility:hidden, content-visibility:hidden, a
// (near) zero opacity, a box moved far off screen, clipped to nothing
// (clip, clip-path), scaled to nothing (transform, scale), or of no width
// or height — for an image (replaced is true) by itself, for a container
// when it clips what overflows it.
func declarationsHide(c map[string]string, replaced bool) bool {
	if len(c) == 0 {
		return false
	}
	switch {
	case c["display"] == "none",
		c["visibility"] == "hidden" || c["visibility"] == "collapse",
		c["content-visibility"] == "hidden":
		return true
	}
	if v, ok := c["opacity"]; ok && invisibleOpacity(v) {
		return true
	}
	if f := c["filter"]; strings.Contains(f, "opacity(") && invisibleOpacity(functionArgs(f, "opacity(")) {
		return true
	}
	if offScreen(c) || clipsToNothing(c) || scalesToNothing(c["transform"], c["scale"]) {
		return true
	}
	if z, ok := parseNumber(strings.TrimSuffix(c["zoom"], "%")); ok && z > 0 {
		if strings.HasSuffix(c["zoom"], "%") {
			z /= 100
		}
		if z <= tinyScale { // zoom:0 is read as 1 (CSS Viewport), so only a positive factor counts
			return true
		}
	}
	zero := false
	for _, prop := range []string{"width", "height", "max-width", "max-height"} {
		if v, ok := c[prop]; ok && pixels(v) == 0 {
			zero = true
		}
	}
	if zero && replaced {
		return true
	}
	return clips(c) && zero
}

// clips tells whether the box cuts off what overflows it.
func clips(c map[string]string) bool {
	for _, prop := range []string{"overflow", "overflow-x", "overflow-y"} {
		if c[prop] == "hidden" || c[prop] == "clip" {
			return true
		}
	}
	return false
}

// thinClip tells whether a box of element a, computed c, is a pixel or two
// high or wide and cuts off what it holds: only where the box keeps the
// height or width it is given (a block: a table cell or row grows to its
// content, an inline element has no height of its own).
func thinClip(a atom.Atom, c map[string]string) bool {
	if len(c) == 0 || !clips(c) {
		return false
	}
	switch c["display"] {
	case "block", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "list-item", "flow-root":
	case "":
		switch a {
		case atom.Div, atom.P, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Main,
			atom.Center, atom.Blockquote, atom.Figure, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dd, atom.Dt, atom.Form,
			atom.Fieldset, atom.Pre, atom.Address, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		default:
			return false
		}
	default:
		return false
	}
	for _, prop := range []string{"width", "height", "max-width", "max-height"} {
		if px := pixels(c[prop]); px > 0 && px <= 2 {
			return true
		}
	}
	return false
}

// tinyScale is a scale factor under which an element shows as nothing: a
// 600-pixel picture scaled by it is under 6 pixels.
const tinyScale = 0.01

// offScreen tells whether the element is moved far out of the pane: by
// left, top or right when it is positioned (relative moves it too), by
// text-indent when absolutely positioned, or by a margin whatever its
// position.
func offScreen(c map[string]string) bool {
	far := func(v string) bool {
		if strings.HasSuffix(v, "vw") || strings.HasSuffix(v, "vh") || strings.HasSuffix(v, "vmin") || strings.HasSuffix(v, "vmax") {
			return false // relative to the pane, as full-width layouts use them (margin-left:-50vw beside left:50%)
		}
		f, ok := cssLength(v)
		return ok && (f <= -500 || f >= 5000)
	}
	switch c["position"] {
	case "absolute", "fixed":
		if far(c["text-indent"]) {
			return true // the box itself moved too; alone, text-indent moves only the text, not the box's background
		}
		fallthrough
	case "relative", "sticky":
		for _, prop := range []string{"left", "top", "right"} {
			if far(c[prop]) {
				return true
			}
		}
	}
	top, left := c["margin-top"], c["margin-left"]
	if m := strings.Fields(c["margin"]); len(m) > 0 {
		if top == "" {
			top = m[0]
		}
		if left == "" { // margin: all; vertical horizontal; top horizontal bottom; top right bottom left
			switch len(m) {
			case 1:
				left = m[0]
			case 2, 3:
				left = m[1]
			default:
				left = m[3]
			}
		}
	}
	return far(top) || far(left)
}

// invisibleOpacity reads an opacity ("0", "0.01", "0%") as invisible when
// below 5%.
func invisibleOpacity(v string) bool {
	v = strings.TrimSpace(v)
	scale := 1.0
	if strings.HasSuffix(v, "%") {
		v, scale = strings.TrimSuffix(v, "%"), 100
	}
	f, ok := parseNumber(v)
	return ok && f/scale < 0.05
}

// functionArgs returns the text between name (ending in "(") and the next ")".
func functionArgs(v, name string) string {
	i := strings.Index(v, name)
	if i < 0 {
		return ""
	}
	rest := v[i+len(name):]
	if j := strings.IndexByte(rest, ')'); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// numbers reads the numbers of a function's arguments ("0 0 0 0",
// "0px,1px", "50%"), with whether each was a percentage.
func numbers(args string) (vals []float64, pct []bool) {
	for _, f := range strings.FieldsFunc(args, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' }) {
		p := strings.HasSuffix(f, "%")
		f = strings.TrimRight(f, "%abcdefghijklmnopqrstuvwxyz")
		if x, ok := parseNumber(f); ok {
			vals, pct = append(vals, x), append(pct, p)
		}
	}
	return vals, pct
}

// clipsToNothing tells whether clip or clip-path leaves no visible area:
// clip: rect() with no height or width; clip-path: an inset() that covers
// the box (insetCovers, of the size the style declares), a circle or
// ellipse of radius 0, a polygon whose points all coincide.
func clipsToNothing(c map[string]string) bool {
	clip, clipPath := c["clip"], c["clip-path"]
	if strings.Contains(clip, "rect(") {
		v, _ := numbers(functionArgs(clip, "rect("))
		if len(v) == 4 && (v[2]-v[0] <= 1 || v[1]-v[3] <= 1) { // top right bottom left
			return true
		}
	}
	switch {
	case strings.Contains(clipPath, "inset("):
		return insetCovers(clipPath, pixels(c["width"]), pixels(c["height"]))
	case strings.Contains(clipPath, "circle("), strings.Contains(clipPath, "ellipse("):
		args := functionArgs(clipPath, "circle(")
		if args == "" {
			args = functionArgs(clipPath, "ellipse(")
		}
		args, _, _ = strings.Cut(args, " at ")
		v, _ := numbers(args)
		for _, x := range v {
			if x == 0 {
				return true
			}
		}
	case strings.Contains(clipPath, "polygon("):
		v, _ := numbers(functionArgs(clipPath, "polygon("))
		for i := 2; i < len(v); i++ {
			if v[i] != v[i%2] {
				return false
			}
		}
		return len(v) >= 2
	}
	return false
}

// insetCovers tells whether a clip-path's inset() leaves nothing of a box
// width by height pixels (-1 where not known: then more than any mail's
// picture, 2000): its insets from opposite sides, as percentages or
// lengths, add up to the whole box.
func insetCovers(clipPath string, width, height int) bool {
	args := functionArgs(clipPath, "inset(")
	if k := strings.Index(args, "round"); k >= 0 {
		args = args[:k]
	}
	var sides []float64 // fractions of the box: top, right, bottom, left
	for i, f := range strings.Fields(args) {
		size := float64(height)
		if i%2 == 1 {
			size = float64(width)
		}
		if size <= 0 {
			size = 2000
		}
		if pct, ok := strings.CutSuffix(f, "%"); ok {
			x, ok := parseNumber(pct)
			if !ok {
				return false
			}
			sides = append(sides, x/100)
			continue
		}
		x, ok := cssLength(f)
		if !ok {
			return false
		}
		sides = append(sides, x/size)
	}
	switch len(sides) { // inset(a), inset(a b), inset(a b c): the sides not given repeat those opposite
	case 0:
		return false
	case 1:
		sides = append(sides, sides[0], sides[0], sides[0])
	case 2:
		sides = append(sides, sides[0], sides[1])
	case 3:
		sides = append(sides, sides[1])
	}
	return sides[0]+sides[2] >= 1 || sides[1]+sides[3] >= 1
}

// scalesToNothing tells whether a transform (or the scale property) scales
// the element to no width or no height.
func scalesToNothing(transform, scale string) bool {
	tiny := func(f float64) bool { return f > -tinyScale && f < tinyScale }
	if v, _ := numbers(scale); len(v) > 0 && (tiny(v[0]) || len(v) > 1 && tiny(v[1])) {
		return true
	}
	for _, fn := range []string{"scale(", "scale3d(", "scalex(", "scaley("} {
		if !strings.Contains(transform, fn) {
			continue
		}
		v, _ := numbers(functionArgs(transform, fn))
		switch {
		case len(v) == 0:
		case fn == "scale(" && (tiny(v[0]) || len(v) > 1 && tiny(v[1])),
			fn == "scale3d(" && (tiny(v[0]) || len(v) > 1 && tiny(v[1])),
			(fn == "scalex(" || fn == "scaley(") && tiny(v[0]):
			return true
		}
	}
	if strings.Contains(transform, "matrix(") {
		if v, _ := numbers(functionArgs(transform, "matrix(")); len(v) == 6 && tiny(v[0]*v[3]-v[1]*v[2]) {
			return true
		}
	}
	return false
}

// declaredSize reads an element's width and height in CSS pixels from its
// attributes and its computed style declarations (the style wins, as in browsers,
// also when its unit is not pixels; a max-width or max-height below the
// size bounds it); -1 where none is declared or the length is relative to
// what holds the element (a percentage, auto).
func declaredSize(n *html.Node, c map[string]string) (w, h int) {
	w, h = -1, -1
	if v, ok := attr(n, "width"); ok {
		w = pixels(v)
	}
	if v, ok := attr(n, "height"); ok {
		h = pixels(v)
	}
	if len(c) == 0 {
		return w, h
	}
	// A style's width or height overrides the attribute in any unit: a
	// width="2" restyled to width:100% is a full-width picture.
	// ("auto" leaves the image its own size, which the attribute may well
	// tell: it is kept then).
	if v, ok := c["width"]; ok && v != "auto" {
		w = pixels(v)
	}
	if v, ok := c["height"]; ok && v != "auto" {
		h = pixels(v)
	}
	if p := pixels(c["max-width"]); p >= 0 && (w < 0 || p < w) {
		w = p
	}
	if p := pixels(c["max-height"]); p >= 0 && (h < 0 || p < h) {
		h = p
	}
	return w, h
}

// pixels reads a length ("600", "600px", "1.5px", "0.75pt", "0.01in", cssLength)
// as whole pixels; -1 for anything else (percentages, auto) or a negative one.
func pixels(v string) int {
	f, ok := cssLength(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "!important"))
	if !ok || f < 0 || f > 100000 {
		return -1
	}
	return int(f + 0.5)
}

// unitPixels is the length in CSS pixels of a unit a mail may size or move
// a box in, 0 for any other: absolute units by definition (CSS Values 4),
// font-relative ones at a browser's default 16-pixel font, viewport ones of
// a pane about 1000 pixels across.
func unitPixels(unit string) float64 {
	switch unit {
	case "px":
		return 1
	case "pt":
		return 96.0 / 72
	case "pc", "em", "rem":
		return 16
	case "in":
		return 96
	case "cm":
		return 96 / 2.54
	case "mm":
		return 96 / 25.4
	case "q":
		return 96 / 101.6
	case "ex", "ch":
		return 8
	case "vw", "vh", "vmin", "vmax":
		return 10
	}
	return 0
}

// cssLength reads a lower-cased length in pixels: a number alone (as an
// HTML attribute writes it), or with a unit unitPixels knows; zero in any unit,
// "0%" too. Other percentages, auto and calc() are not read.
func cssLength(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	end := len(v)
	for end > 0 && (v[end-1] >= 'a' && v[end-1] <= 'z' || v[end-1] == '%') {
		end--
	}
	f, ok := parseNumber(strings.TrimSpace(v[:end]))
	if !ok {
		return 0, false
	}
	unit := v[end:]
	if unit == "" || f == 0 {
		return f, unit == "" || unit == "%" || unitPixels(unit) > 0
	}
	k := unitPixels(unit)
	return f * k, k > 0
}

// parseNumber is strconv.ParseFloat(v, 64) when it succeeds. Most values
// read here are not numbers ("", "auto", "100%"): those are told from the
// first byte, without the error value ParseFloat allocates for each.
func parseNumber(v string) (float64, bool) {
	if !mayBeNumber(v) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// mayBeNumber is false for text strconv.ParseFloat cannot accept: after an
// optional sign, a number starts with a digit or ".", or is "inf",
// "infinity" or "nan" in any case; it ends with a digit or "." (a hex
// mantissa needs a "p" exponent), or the last letter of those words. So
// lengths with a unit ("100%", "10px") are told from their last byte.
func mayBeNumber(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	if v == "" {
		return false
	}
	switch c := v[0]; {
	case '0' <= c && c <= '9', c == '.', c == 'i', c == 'I', c == 'n', c == 'N':
	default:
		return false
	}
	switch c := v[len(v)-1]; {
	case '0' <= c && c <= '9', c == '.', c == 'f', c == 'F', c == 'y', c == 'Y', c == 'n', c == 'N':
		return true
	}
	return false
}
