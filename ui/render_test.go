package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// renderedText collects every piece of text the objects under o show (labels,
// rich text, hyperlinks), one piece per line, in order.
func renderedText(o fyne.CanvasObject) string {
	var parts []string
	walkObjects(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			parts = append(parts, w.Text)
		case *flowText:
			parts = append(parts, w.Text())
		case *widget.RichText:
			var line strings.Builder
			for _, s := range w.Segments {
				switch seg := s.(type) {
				case *widget.TextSegment:
					line.WriteString(seg.Text)
				case *widget.HyperlinkSegment:
					line.WriteString(seg.Text)
				}
				if !s.Inline() && line.Len() > 0 {
					parts = append(parts, line.String())
					line.Reset()
				}
			}
			if line.Len() > 0 {
				parts = append(parts, line.String())
			}
		}
	})
	return strings.Join(parts, "\n")
}

// walkObjects calls f for o and everything inside it: containers' objects and
// the objects that widgets render.
func walkObjects(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walkObjects(child, f)
		}
	case fyne.Widget:
		if _, isRich := c.(*widget.RichText); isRich {
			return // its segments were read above; its renderer's objects repeat them
		}
		if _, isFlow := c.(*flowText); isFlow {
			return // its runs were read above
		}
		if _, isLabel := c.(*widget.Label); isLabel {
			return
		}
		for _, child := range test.WidgetRenderer(c).Objects() {
			walkObjects(child, f)
		}
	}
}
