package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"mailsafe/app"
)

// keepSplit restores split's divider from the settings under name, and
// remembers it whenever the reader moves it: the split lays out its leading
// side again after every move, and a layout around that side notices.
func keepSplit(split *container.Split, settings *app.Settings, name string) {
	if settings == nil {
		return
	}
	if o, ok := settings.SplitOffset(name); ok {
		split.Offset = o
	}
	saved := split.Offset
	split.Leading = container.New(&splitWatch{watch: func() {
		if math.Abs(split.Offset-saved) > 0.001 {
			saved = split.Offset
			settings.SetSplitOffset(name, saved)
		}
	}}, split.Leading)
}

// splitWatch lays out its one child full size and calls watch each time.
type splitWatch struct{ watch func() }

func (l *splitWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.watch()
}

func (l *splitWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return objs[0].MinSize()
}
