package app

import "strconv"

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
