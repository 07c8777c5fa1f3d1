package app

import (
	"fmt"
	"strconv"
)

// SplitOffset is where the reader last left the divider of a window's
// split ("mailbox.list", "mailbox.folders", "file.list"), as a fraction of
// its width; ok is false when it was never moved.
func (s *Settings) SplitOffset(name string) (offset float64, ok bool) {
	v, err := strconv.ParseFloat(s.prefs.String("split."+name), 64)
	if err != nil || v <= 0 || v >= 1 {
		return 0, false
	}
	return v, true
}

// SetSplitOffset remembers where a split's divider is.
func (s *Settings) SetSplitOffset(name string, offset float64) {
	s.prefs.SetString("split."+name, strconv.FormatFloat(offset, 'f', 4, 64))
}

// WindowSize is the size the reader last gave a mail window; ok is false
// when they never resized one.
func (s *Settings) WindowSize() (width, height float32, ok bool) {
	var w, h float64
	if _, err := fmt.Sscanf(s.prefs.String("window.size"), "%gx%g", &w, &h); err != nil || w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return float32(w), float32(h), true
}

// SetWindowSize remembers the size of a mail window the reader resized.
func (s *Settings) SetWindowSize(width, height float32) {
	s.prefs.SetString("window.size", fmt.Sprintf("%.0fx%.0f", width, height))
}
