package safedoc

import "testing"

// tagSignalsBySwitch is tagSignals as it was before it skipped uninteresting
// bytes (with a bit mask, then a table): the reference it must equal.
func tagSignalsBySwitch(raw []byte) (mayHide, paren, background bool) {
	for i := 0; i < len(raw); i++ {
		switch raw[i] | 0x20 {
		case '(':
			paren = true
		case 'b':
			if !background && hasFoldAt(raw, i, "background") {
				j := i + len("background")
				for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
					j++
				}
				background = j < len(raw) && raw[j] == '='
			}
		case 'n':
			mayHide = mayHide || hasFoldAt(raw, i, "none")
		case 'h':
			mayHide = mayHide || hasFoldAt(raw, i, "hidden")
		case 'c':
			mayHide = mayHide || hasFoldAt(raw, i, "collapse") || hasFoldAt(raw, i, "clip")
		case 't':
			mayHide = mayHide || hasFoldAt(raw, i, "transform")
		case 's':
			mayHide = mayHide || hasFoldAt(raw, i, "scale")
		case 'm':
			mayHide = mayHide || hasFoldAt(raw, i, "max-")
		case 'o':
			mayHide = mayHide || hasFoldAt(raw, i, "opacity")
		case 'p':
			mayHide = mayHide || hasFoldAt(raw, i, "position")
		}
	}
	return mayHide, paren, background
}

func FuzzTagSignals(f *testing.F) {
	for _, s := range []string{
		`<td style="color:red">`, `<div style="DISPLAY:NONE">`, `<table BACKGROUND = "x.png">`,
		`<p style="background-color:#fff">`, `<span style="max-height:0;overflow:hidden">`, `<i style="OPACITY:0">`,
		`<b style="position:absolute;clip:rect(0,0,0,0)">`, `<x a="\x08" b="max\r">`, "<u style=\"transform:scale(0)\">",
		"<v \xc3\xa9 \xe2\x80\x8b collapse>", `<img src="a.png">`,
		// Each word alone, so that every letter the table lets through is needed by a seed.
		`<p x=NONE>`, `<p x=Hidden>`, `<p x=collapse>`, `<p x=clip>`, `<p x=transform>`, `<p x=scale>`, `<p x=Max->`,
		`<p x=opacity>`, `<p x=position>`, `<p background=y>`, `<p x=y(>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, p, b := tagSignals(raw)
		wh, wp, wb := tagSignalsBySwitch(raw)
		if h != wh || p != wp || b != wb {
			t.Fatalf("tagSignals(%q) = %v %v %v; by switch: %v %v %v", raw, h, p, b, wh, wp, wb)
		}
	})
}
