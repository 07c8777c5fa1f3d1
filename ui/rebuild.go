package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// rebuildOnLanguageSwitch makes a language switch build w again with
// rebuild (in the new language, as a window of its own), carry what was
// typed into it and close w.
func (s *Session) rebuildOnLanguageSwitch(w fyne.Window, rebuild func() fyne.Window) {
	s.windows[w] = func() {
		delete(s.windows, w)
		next := rebuild()
		carryInput(w.Content(), next.Content())
		w.Close()
	}
}

// carryInput copies what the reader typed and chose in from into to, a
// copy of the same form built again (in another language): entries,
// selects and checks, paired in the order they are drawn.
func carryInput(from, to fyne.CanvasObject) {
	src, dst := inputsOf(from), inputsOf(to)
	for i := 0; i < len(src) && i < len(dst); i++ {
		switch s := src[i].(type) {
		case *widget.Entry:
			if d, ok := dst[i].(*widget.Entry); ok {
				d.SetText(s.Text)
			}
		case *widget.Select:
			if d, ok := dst[i].(*widget.Select); ok && s.SelectedIndex() >= 0 {
				d.SetSelectedIndex(s.SelectedIndex())
			}
		case *widget.Check:
			if d, ok := dst[i].(*widget.Check); ok {
				d.SetChecked(s.Checked)
			}
		}
	}
}

// inputsOf lists the entries, selects and checks under o in drawing order,
// through containers, scrolls and forms (what a window's content is made
// of; widgets' own insides are not public).
func inputsOf(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch c := o.(type) {
		case *widget.Entry, *widget.Select, *widget.Check:
			out = append(out, c)
		case *fyne.Container:
			for _, child := range c.Objects {
				walk(child)
			}
		case *container.Scroll:
			walk(c.Content)
		case *widget.Form:
			for _, item := range c.Items {
				walk(item.Widget)
			}
		}
	}
	walk(o)
	return out
}
