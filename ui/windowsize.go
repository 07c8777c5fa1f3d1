package ui

import (
	"math"
	"os"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/go-gl/glfw/v3.3/glfw"

	"mailsafe/app"
)

// minWindow is the smallest size a mail window asks for: it fits a
// 1024×700 screen with room for a panel, and the panes share it.
var minWindow = fyne.NewSize(1000, 680)

// windowShare is how much of the screen a mail window takes when the reader
// has not sized one yet.
const windowShare = 0.85

// windowSizeFor is the size a mail window asks for on a screen of that size
// (zero: not known): a share of it, never smaller than minWindow, never
// larger than the screen.
func windowSizeFor(screen fyne.Size) fyne.Size {
	if screen.Width <= 0 || screen.Height <= 0 {
		return minWindow
	}
	w := max(minWindow.Width, float32(math.Round(float64(screen.Width*windowShare))))
	h := max(minWindow.Height, float32(math.Round(float64(screen.Height*windowShare))))
	return fyne.NewSize(min(w, screen.Width), min(h, screen.Height))
}

// mailWindowSize is the size a mail window asks for: the size the reader
// last gave one (kept in the settings), within the screen; else a share of
// the screen.
func mailWindowSize(a fyne.App, settings *app.Settings) fyne.Size {
	screen := screenSize(a)
	if settings != nil {
		if w, h, ok := settings.WindowSize(); ok {
			s := fyne.NewSize(w, h)
			if screen.Width > 0 {
				s = s.Min(screen)
			}
			return s.Max(fyne.NewSize(400, 300))
		}
	}
	return windowSizeFor(screen)
}

// setMailContent gives a mail window its content and the size it asks for
// (mailWindowSize); when the reader resizes it, the new size is kept in the
// settings for the next mail window.
func setMailContent(a fyne.App, w fyne.Window, content fyne.CanvasObject, settings *app.Settings) {
	asked := mailWindowSize(a, settings)
	if settings != nil {
		content = keepWindowSize(w, content, settings, asked)
	}
	w.SetContent(content)
	w.Resize(asked)
}

func keepWindowSize(w fyne.Window, content fyne.CanvasObject, settings *app.Settings, asked fyne.Size) fyne.CanvasObject {
	near := func(a, b fyne.Size) bool {
		return math.Abs(float64(a.Width-b.Width)) < 2 && math.Abs(float64(a.Height-b.Height)) < 2
	}
	// Sizes count once the window has reached the size it asked for: the
	// driver lays it out at other sizes while it opens.
	armed := false
	last := asked // the window's size as asked for, then as last kept
	return container.New(&sizeWatch{watch: func(fyne.Size) {
		// The window's own size (the menu bar and padding included), not
		// the content's: that is what the next window asks for.
		s := w.Canvas().Size()
		if s.Width < 400 || s.Height < 300 {
			return // not laid out at a real size yet
		}
		if !armed {
			armed = near(s, asked)
			return
		}
		if near(s, last) {
			return
		}
		last = s
		settings.SetWindowSize(s.Width, s.Height)
	}}, content)
}

// sizeWatch lays out its one child full size and tells watch the size.
type sizeWatch struct{ watch func(fyne.Size) }

func (l *sizeWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.watch(size)
}

func (l *sizeWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

// screenSize is the primary screen's size in Fyne's units, zero when it
// cannot be known (Fyne offers no way to ask: the desktop driver's GLFW is
// asked, on the UI goroutine; other drivers, such as the test driver,
// give zero).
func screenSize(a fyne.App) (size fyne.Size) {
	if _, ok := a.Driver().(desktop.Driver); !ok {
		return fyne.Size{}
	}
	defer func() {
		if recover() != nil { // GLFW not started: no screen to ask about
			size = fyne.Size{}
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	mode := m.GetVideoMode()
	if mode == nil {
		return fyne.Size{}
	}
	// Fyne's own scale: the screen's DPI over 120, times FYNE_SCALE.
	scale := float32(1)
	if mm, _ := m.GetPhysicalSize(); mm > 0 {
		if dpi := float32(mode.Width) / (float32(mm) / 25.4); dpi >= 10 && dpi <= 1000 {
			scale = max(1, dpi/120)
		}
	}
	if v, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && v > 0 {
		scale *= float32(v)
	}
	return fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
}
