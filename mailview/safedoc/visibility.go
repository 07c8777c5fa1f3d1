package safedoc

// Hiding and sizes: whether the reader would ever see an element, and the size it declares.

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
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
		v := strings.ToLower(strings.TrimSpace(d.Value))
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
	if p := c["position"]; p == "absolute" || p == "fixed" {
		for _, prop := range []string{"left", "top", "right", "margin-left", "margin-top", "text-indent"} {
			if f, ok := parseNumber(strings.TrimSuffix(c[prop], "px")); ok && (f <= -500 || f >= 5000) {
				return true
			}
		}
	}
	if clipsToNothing(c["clip"], c["clip-path"]) || scalesToNothing(c["transform"], c["scale"]) {
		return true
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
	clips := false
	for _, prop := range []string{"overflow", "overflow-x", "overflow-y"} {
		clips = clips || c[prop] == "hidden" || c[prop] == "clip"
	}
	return clips && zero
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
// clip: rect() with no height or width; clip-path: inset() of half or more
// from opposite sides, a circle or ellipse of radius 0, a polygon whose
// points all coincide.
func clipsToNothing(clip, clipPath string) bool {
	if strings.Contains(clip, "rect(") {
		v, _ := numbers(functionArgs(clip, "rect("))
		if len(v) == 4 && (v[2]-v[0] <= 1 || v[1]-v[3] <= 1) { // top right bottom left
			return true
		}
	}
	switch {
	case strings.Contains(clipPath, "inset("):
		v, pct := numbers(functionArgs(clipPath, "inset("))
		if len(v) == 0 {
			return false
		}
		// inset(a) is all four sides; inset(a b) top/bottom a, left/right b; ...
		top, right := v[0], v[0]
		bottom, left := v[0], v[0]
		switch len(v) {
		case 2:
			right, left = v[1], v[1]
		case 3:
			right, bottom, left = v[1], v[2], v[1]
		default:
			if len(v) >= 4 {
				right, bottom, left = v[1], v[2], v[3]
			}
		}
		if pct[0] {
			return top+bottom >= 100 || right+left >= 100
		}
		return false
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

// scalesToNothing tells whether a transform (or the scale property) scales
// the element to no width or no height.
func scalesToNothing(transform, scale string) bool {
	if v, _ := numbers(scale); len(v) > 0 && (v[0] == 0 || len(v) > 1 && v[1] == 0) {
		return true
	}
	for _, fn := range []string{"scale(", "scale3d(", "scalex(", "scaley("} {
		if !strings.Contains(transform, fn) {
			continue
		}
		v, _ := numbers(functionArgs(transform, fn))
		switch {
		case len(v) == 0:
		case fn == "scale(" && (v[0] == 0 || len(v) > 1 && v[1] == 0),
			fn == "scale3d(" && (v[0] == 0 || len(v) > 1 && v[1] == 0),
			(fn == "scalex(" || fn == "scaley(") && v[0] == 0:
			return true
		}
	}
	if strings.Contains(transform, "matrix(") {
		if v, _ := numbers(functionArgs(transform, "matrix(")); len(v) == 6 && v[0]*v[3]-v[1]*v[2] == 0 {
			return true
		}
	}
	return false
}

// declaredSize reads an element's width and height in CSS pixels from its
// attributes and its computed style declarations (the style wins, as in browsers,
// also when its unit is not pixels; a max-width or max-height below the
// size bounds it); -1 where none is declared or the unit is not pixels.
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

// pixels reads "600", "600px" or "1.5px" as whole pixels; -1 for anything
// else (percentages, em, auto).
func pixels(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "!important")), "px")
	f, ok := parseNumber(strings.TrimSpace(v))
	if !ok || f < 0 || f > 100000 {
		return -1
	}
	return int(f + 0.5)
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
