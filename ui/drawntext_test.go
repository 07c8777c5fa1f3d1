package ui

// The helpers that read back what a window draws: its texts, in order, by line.

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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

// visibleText is renderedText for what is shown: hidden objects (a
// closed "Details" fold) are left out.
func visibleText(o fyne.CanvasObject) string {
	var parts []string
	eachDrawn(o, fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
		switch c := o.(type) {
		case *widget.Label:
			parts = append(parts, c.Text)
		case *flowText:
			parts = append(parts, c.Text())
		}
	})
	return strings.Join(parts, "\n")
}

// drawnText is the visible canvas texts a widget draws, one a line.
func drawnText(w fyne.Widget) string {
	var parts []string
	for _, o := range test.WidgetRenderer(w).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// drawnTexts collects every visible non-blank canvas.Text under o.
func drawnTexts(o fyne.CanvasObject) []*canvas.Text {
	var out []*canvas.Text
	eachDrawn(o, fyne.Position{}, func(o fyne.CanvasObject, _ fyne.Position) {
		if c, ok := o.(*canvas.Text); ok && strings.TrimSpace(c.Text) != "" {
			out = append(out, c)
		}
	})
	return out
}

// drawnLine is the text drawn on one line, and where it ends.
type drawnLine struct {
	text  string
	right float32
}

// drawnLines reads back the lines of text drawn under o: the canvas texts
// grouped by their top edge, left to right.
func drawnLines(o fyne.CanvasObject) []drawnLine {
	type piece struct {
		x, y, w float32
		text    string
	}
	var pieces []piece
	eachDrawn(o, fyne.Position{}, func(o fyne.CanvasObject, at fyne.Position) {
		if c, ok := o.(*canvas.Text); ok && strings.TrimSpace(c.Text) != "" {
			pieces = append(pieces, piece{at.X, at.Y, c.MinSize().Width, c.Text})
		}
	})
	sort.SliceStable(pieces, func(i, j int) bool {
		if d := pieces[i].y - pieces[j].y; d < -2 || d > 2 {
			return d < 0
		}
		return pieces[i].x < pieces[j].x
	})
	var lines []drawnLine
	lastY := float32(-1000)
	for _, p := range pieces {
		if d := p.y - lastY; d < -2 || d > 2 {
			lines = append(lines, drawnLine{})
			lastY = p.y
		}
		l := &lines[len(lines)-1]
		l.text += p.text
		l.right = max(l.right, p.x+p.w)
	}
	return lines
}

func utf8First(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// flowLinks lists the link words a flowText draws.
func flowLinks(f *flowText) []*flowLink {
	var out []*flowLink
	for _, o := range test.WidgetRenderer(f).Objects() {
		if l, ok := o.(*flowLink); ok {
			out = append(out, l)
		}
	}
	return out
}

// eachDrawn calls f for every object drawn under o (containers and widgets
// opened down to what they render), with its position in the window.
func eachDrawn(o fyne.CanvasObject, at fyne.Position, f func(o fyne.CanvasObject, pos fyne.Position)) {
	if !o.Visible() {
		return
	}
	pos := at.Add(o.Position())
	f(o, pos)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			eachDrawn(child, pos, f)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			eachDrawn(child, pos, f)
		}
	}
}
