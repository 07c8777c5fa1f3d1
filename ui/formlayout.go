package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// formLayout lays out label/value pairs in two columns like Fyne's form
// layout, but skips hidden rows, so an empty Cc row takes no space, and
// rows share their labels' padding (one row's bottom padding is the next
// one's top), so that the message header stays compact and the load bar
// under it fits a 1024×700 screen.
type formLayout struct{}

// rowOverlap is how far a row reaches into the padding of the one above.
func rowOverlap() float32 { return theme.InnerPadding() }

func newFormLayout() fyne.Layout { return formLayout{} }

func (formLayout) labelWidth(objects []fyne.CanvasObject) float32 {
	var w float32
	for i := 0; i+1 < len(objects); i += 2 {
		if objects[i].Visible() {
			w = max(w, objects[i].MinSize().Width)
		}
	}
	return w
}

func (l formLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	lw := l.labelWidth(objects)
	y := float32(0)
	first := true
	for i := 0; i+1 < len(objects); i += 2 {
		key, val := objects[i], objects[i+1]
		if !key.Visible() {
			continue
		}
		if !first {
			y -= rowOverlap()
		}
		first = false
		vw := size.Width - lw - pad
		// A wrapping label's height is known only at its width: give it
		// the width first (its minimum width says nothing of it).
		val.Resize(fyne.NewSize(vw, val.MinSize().Height))
		h := max(key.MinSize().Height, val.MinSize().Height)
		key.Move(fyne.NewPos(0, y))
		key.Resize(fyne.NewSize(lw, key.MinSize().Height))
		val.Move(fyne.NewPos(lw+pad, y))
		val.Resize(fyne.NewSize(vw, h))
		y += h
	}
}

func (l formLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	lw := l.labelWidth(objects)
	var h, vw float32
	rows := 0
	for i := 0; i+1 < len(objects); i += 2 {
		if !objects[i].Visible() {
			continue
		}
		if rows++; rows > 1 {
			h -= rowOverlap()
		}
		ms := objects[i+1].MinSize()
		vw = max(vw, ms.Width)
		h += max(objects[i].MinSize().Height, ms.Height)
	}
	return fyne.NewSize(lw+theme.Padding()+vw, h)
}
