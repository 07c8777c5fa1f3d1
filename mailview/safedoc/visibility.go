package safedoc

// Hiding and sizes: whether the reader would ever see an element, and the size it declares.

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// styleHides tells whether a style attribute hides the element.
func styleHides(style string) bool { return declarationsHide(parseDeclarations(style)) }

// declarationsHide tells whether declarations hide the element and what it
// holds: display:none, visibility:hidden, opacity:0, a box moved far off
// screen, or a box of no width or height that clips what overflows it.
func declarationsHide(decls []cssDeclaration) bool {
	var positioned, offscreen, clips, zero bool
	for _, d := range decls {
		v := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(d.Value), "!important")))
		switch d.Property {
		case "display":
			if v == "none" {
				return true
			}
		case "visibility":
			if v == "hidden" || v == "collapse" {
				return true
			}
		case "opacity":
			if f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil && f <= 0 {
				return true
			}
		case "position":
			positioned = v == "absolute" || v == "fixed"
		case "left", "top", "right", "margin-left", "margin-top", "text-indent":
			if f, err := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64); err == nil && f <= -500 {
				offscreen = true
			}
		case "overflow", "overflow-x", "overflow-y":
			clips = clips || v == "hidden" || v == "clip"
		case "width", "height", "max-width", "max-height":
			if pixels(v) == 0 {
				zero = true
			}
		}
	}
	return positioned && offscreen || clips && zero
}

// declaredSize reads an element's width and height in CSS pixels from its
// attributes and its style declarations (the style wins, as in browsers);
// -1 where none is declared (or in a unit other than pixels).
func declaredSize(n *html.Node, decls []cssDeclaration) (w, h int) {
	w, h = -1, -1
	if v, ok := attr(n, "width"); ok {
		w = pixels(v)
	}
	if v, ok := attr(n, "height"); ok {
		h = pixels(v)
	}
	for _, d := range decls {
		switch d.Property {
		case "width":
			if p := pixels(d.Value); p >= 0 {
				w = p
			}
		case "height":
			if p := pixels(d.Value); p >= 0 {
				h = p
			}
		}
	}
	return w, h
}

// pixels reads "600", "600px" or "1.5px" as whole pixels; -1 for anything
// else (percentages, em, auto).
func pixels(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "!important")), "px")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 100000 {
		return -1
	}
	return int(f + 0.5)
}
