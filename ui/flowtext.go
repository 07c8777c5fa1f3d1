package ui

import (
	"math"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// flowText draws the text blocks of a message body and wraps them to
// whatever width the pane gives it. Fyne's RichText cannot do that for mail:
// a hyperlink segment is one unbreakable object that never moves to the next
// row, so a link wider than what is left of its row runs off the pane and
// the rest of the paragraph wraps one letter per line; and it breaks lines
// only at spaces, so Japanese breaks at the last ASCII space ("Mailchim⏎p")
// and may start a line with "。". flowText breaks at spaces, between CJK
// characters (keeping the basic kinsoku rules: no line starts with 。、）」
// and the like, none ends with （「), and inside a word or URL only when it
// alone is wider than the pane. A link is drawn word by word, each word
// tappable; its target never reaches a Fyne object. Its minimum width is
// small, so it never widens the pane; its minimum height is the height of
// its lines at its current width. Hovering a link word shows, in a small
// tooltip of plain text over the body, where the link really goes.
type flowText struct {
	widget.BaseWidget
	runs []flowRun
	r    *flowRenderer

	tip string // the target shown while the pointer is over a link, "" when none

	width  float32 // the width last laid out at
	height float32 // the height of the lines at that width
}

// flowRun is a piece of text in one style; link, when set, is called on a tap.
type flowRun struct {
	text  string
	style widget.RichTextStyle
	pre   bool // keep spaces and line breaks as they are
	link  func()
	hover string // what hovering the link shows: its real target (text only)
	para  bool   // a paragraph break: ends the line and leaves a gap (text unused)
}

func newFlowText(runs []flowRun) *flowText {
	f := &flowText{runs: runs}
	f.ExtendBaseWidget(f)
	return f
}

// Text is the text shown, paragraphs on their own lines (for tests and copying).
func (f *flowText) Text() string {
	var b strings.Builder
	for _, r := range f.runs {
		if r.para {
			b.WriteString("\n")
			continue
		}
		b.WriteString(r.text)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Tip is the link target the tooltip shows now, "" when none is shown.
func (f *flowText) Tip() string { return f.tip }

func (f *flowText) CreateRenderer() fyne.WidgetRenderer {
	r := &flowRenderer{f: f, tipBg: canvas.NewRectangle(nil), tipText: canvas.NewText("", nil)}
	r.tipBg.StrokeWidth = 1
	r.tipBg.Hide()
	r.tipText.Hide()
	f.r = r
	return r
}

// hover shows the target of the link word l (in, with its text) or hides it.
func (f *flowText) hover(l *flowLink, in bool) {
	if !in || l.hover == "" {
		if f.tip != "" {
			f.tip = ""
			if f.r != nil {
				f.r.placeTip(nil)
			}
		}
		return
	}
	f.tip = l.hover
	if f.r != nil {
		f.r.placeTip(l)
	}
}

// flowUnit is the smallest piece a line may break before: a word, one CJK
// character with the punctuation that clings to it, a forced line break.
type flowUnit struct {
	text  string
	run   int
	space string // the white space before it (dropped at the start of a wrapped line)
	glue  bool   // no break allowed before it (it touches the previous unit)
	hard  int    // line breaks before it (from the text or a paragraph)
	gap   bool   // a paragraph gap before it
}

// isCJK tells whether a line may break before and after r without a space.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// noLineStart are the characters a line may not start with (kinsoku shori):
// closing brackets, Japanese full stops and commas, small kana, prolonged sound mark.
const noLineStart = "。、，．・：；？！）」』】〕〉》］｝〟’”ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.!?:;)]}%"

// noLineEnd are the characters a line may not end with: opening brackets.
const noLineEnd = "（「『【〔〈《［｛〝‘“([{"

// canBreak tells whether a line may break between a and b with no space
// between them: beside a CJK character, unless b may not start a line or a
// may not end one, or b is the counter or unit after a number (0件, 24時間).
func canBreak(a, b rune) bool {
	return (isCJK(a) || isCJK(b)) && !strings.ContainsRune(noLineStart, b) && !strings.ContainsRune(noLineEnd, a) &&
		!(a >= '0' && a <= '9' && isCJK(b))
}

// units splits the runs into the pieces lines break between.
func (f *flowText) units() []flowUnit {
	var out []flowUnit
	var word []rune
	space := ""
	hard, gap, glue := 0, false, false
	prev := rune(0) // the character just before, when no space or break came between
	run := 0
	emit := func() {
		if len(word) == 0 {
			return
		}
		out = append(out, flowUnit{text: string(word), run: run, space: space, glue: glue, hard: hard, gap: gap})
		word, space, hard, gap = nil, "", 0, false
	}
	for ri, r := range f.runs {
		emit()
		run = ri
		if r.para {
			if len(out) > 0 {
				hard, gap = max(hard, 1), true
			}
			space, prev = "", 0
			continue
		}
		for _, c := range r.text {
			switch {
			case c == '\n':
				emit()
				hard++
				space, prev = "", 0
			case unicode.IsSpace(c) && c != 0xa0:
				emit()
				if r.pre || space == "" {
					space += string(c)
				}
				prev = 0
			default:
				if len(word) > 0 && canBreak(prev, c) {
					emit()
				}
				if len(word) == 0 {
					glue = prev != 0 && !canBreak(prev, c)
				}
				word = append(word, c)
				prev = c
			}
		}
	}
	emit()
	return out
}

// flowPiece is a word placed on a line. The words of a run that follow
// each other on a line are drawn as one canvas.Text (build); a link word
// is a flowLink of its own.
type flowPiece struct {
	text  string
	space string // the white space laid before it on its line ("" at its start or glued on)
	run   int
	pos   fyne.Position
	size  fyne.Size
}

type flowRenderer struct {
	f       *flowText
	texts   []*canvas.Text
	links   []*flowLink
	lines   []*canvas.Rectangle // link underlines: one per link per line, under its words and the spaces between them
	objects []fyne.CanvasObject
	pieces  []flowPiece
	built   bool // the objects are those of pieces

	tipBg   *canvas.Rectangle // the hover tooltip: a framed box with the target in it
	tipText *canvas.Text
}

// placeTip shows the tooltip with the flowText's tip above link word l
// (below it on the first line), kept inside the body's width; nil hides it.
func (r *flowRenderer) placeTip(l *flowLink) {
	if l == nil || r.f.tip == "" {
		r.tipBg.Hide()
		r.tipText.Hide()
		canvas.Refresh(r.f)
		return
	}
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, r.f) / 2
	size := theme.SizeForWidget(theme.SizeNameCaptionText, r.f)
	text := r.f.tip
	maxW := r.f.Size().Width - 2*pad
	if maxW < 40 {
		maxW = 40
	}
	if fyne.MeasureText(text, size, fyne.TextStyle{}).Width > maxW {
		rs := []rune(text)
		for len(rs) > 1 && fyne.MeasureText(string(rs)+"…", size, fyne.TextStyle{}).Width > maxW {
			rs = rs[:len(rs)-1]
		}
		text = string(rs) + "…"
	}
	r.tipText.Text, r.tipText.TextSize = text, size
	r.tipText.Color = theme.ColorForWidget(theme.ColorNameForeground, r.f)
	r.tipBg.FillColor = theme.ColorForWidget(theme.ColorNameOverlayBackground, r.f)
	r.tipBg.StrokeColor = theme.ColorForWidget(theme.ColorNameInputBorder, r.f)
	ts := r.tipText.MinSize()
	box := fyne.NewSize(ts.Width+2*pad, ts.Height+2*pad)
	pos := l.Position()
	x := pos.X
	if x+box.Width > r.f.Size().Width {
		x = r.f.Size().Width - box.Width
	}
	if x < 0 {
		x = 0
	}
	y := pos.Y - box.Height - 2
	if y < 0 {
		y = pos.Y + l.Size().Height + 2
	}
	r.tipBg.Move(fyne.NewPos(x, y))
	r.tipBg.Resize(box)
	r.tipText.Move(fyne.NewPos(x+pad, y+pad))
	r.tipText.Resize(ts)
	r.tipBg.Show()
	r.tipText.Show()
	r.tipBg.Refresh()
	r.tipText.Refresh()
	canvas.Refresh(r.f)
}

func (r *flowRenderer) style(run int) (float32, fyne.TextStyle) {
	if run >= len(r.f.runs) {
		return theme.SizeForWidget(theme.SizeNameText, r.f), fyne.TextStyle{}
	}
	st := r.f.runs[run].style
	size := theme.SizeForWidget(theme.SizeNameText, r.f)
	if st.SizeName != "" {
		size = theme.SizeForWidget(st.SizeName, r.f)
	}
	return size, st.TextStyle
}

func (r *flowRenderer) measure(s string, run int) fyne.Size {
	size, style := r.style(run)
	return fyne.MeasureText(s, size, style)
}

// lay places the units in lines of width w; it returns the pieces and the height.
func (r *flowRenderer) lay(w float32) ([]flowPiece, float32) {
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, r.f)
	lineSpace := theme.SizeForWidget(theme.SizeNameLineSpacing, r.f)
	units := r.f.units()
	avail := w - 2*pad
	if avail < 1 {
		avail = 1
	}
	var pieces []flowPiece
	var line []flowPiece
	x, y := float32(0), pad
	lineH := float32(0)
	endLine := func() {
		if lineH == 0 && len(units) > 0 {
			lineH = r.measure("M", 0).Height
		}
		for _, p := range line {
			p.pos.Y = y + lineH - p.size.Height // baseline-ish: bottom aligned
			pieces = append(pieces, p)
		}
		line = nil
		y += lineH + lineSpace
		x, lineH = pad, 0
	}
	x = pad
	space := "" // laid since the last piece
	place := func(text string, run int, sz fyne.Size) {
		if len(line) == 0 {
			space = ""
		}
		line = append(line, flowPiece{text: text, space: space, run: run, pos: fyne.NewPos(x, 0), size: sz})
		space = ""
		x += sz.Width
		if sz.Height > lineH {
			lineH = sz.Height
		}
	}
	// A group is units glued together; a line breaks only between groups,
	// inside one only when it alone is wider than the line.
	for i := 0; i < len(units); {
		j := i + 1
		for j < len(units) && units[j].glue {
			j++
		}
		group := units[i:j]
		gw := float32(0)
		for k, u := range group {
			if k > 0 && u.space != "" {
				gw += r.measure(u.space, u.run).Width
			}
			gw += r.measure(u.text, u.run).Width
		}
		first := group[0]
		if first.hard > 0 && i > 0 {
			endLine()
			for k := 1; k < first.hard; k++ {
				y += r.measure("M", first.run).Height + lineSpace
			}
			if first.gap {
				y += lineSpace * 2
			}
		}
		sp := float32(0)
		if first.space != "" && (len(line) > 0 || first.hard > 0 || i == 0 || r.f.runs[first.run].pre) {
			sp = r.measure(first.space, first.run).Width
		}
		if len(line) > 0 && x+sp+gw > pad+avail {
			endLine()
			sp = 0
		}
		x += sp
		if sp > 0 {
			space = first.space
		}
		for k, u := range group {
			if k > 0 && u.space != "" {
				x += r.measure(u.space, u.run).Width
				space = u.space
			}
			sz := r.measure(u.text, u.run)
			if x+sz.Width <= pad+avail || (len(line) == 0 && sz.Width <= avail) {
				place(u.text, u.run, sz)
				continue
			}
			if len(line) > 0 && sz.Width <= avail {
				endLine()
				place(u.text, u.run, sz)
				continue
			}
			// A word wider than the line: break it where it reaches the edge.
			rs := []rune(u.text)
			for len(rs) > 0 {
				n := r.fit(rs, u.run, pad+avail-x)
				if n == 0 {
					if len(line) == 0 {
						n = 1
					} else {
						endLine()
						continue
					}
				}
				s := string(rs[:n])
				place(s, u.run, r.measure(s, u.run))
				rs = rs[n:]
				if len(rs) > 0 {
					endLine()
				}
			}
		}
		i = j
	}
	if len(line) > 0 {
		endLine()
	}
	if y > pad {
		y -= lineSpace
	}
	return pieces, y + pad
}

// fit is how many runes of rs fit in width w. Every prefix measured is a
// new string for Fyne's measuring cache (shaping it is slow: a page of long
// links laid out at a pane's first, narrow width shaped thousands), so the
// cut is found from the widths of single runes, which the cache holds after
// their first use, and then checked on the prefix itself: shaping makes a
// word a little wider or narrower than its letters. Only where that is off
// by more than a few runes (scripts whose letters join) is the search
// binary. A width that holds not even the first rune is answered from it.
func (r *flowRenderer) fit(rs []rune, run int, w float32) int {
	if len(rs) == 0 || r.measure(string(rs[:1]), run).Width > w {
		return 0
	}
	n, sum := 0, float32(0)
	for n < len(rs) {
		cw := r.measure(string(rs[n]), run).Width
		if sum+cw > w {
			break
		}
		sum += cw
		n++
	}
	fits := func(k int) bool { return r.measure(string(rs[:k]), run).Width <= w }
	const steps = 4
	for i := 0; i < steps; i++ {
		switch {
		case n > 1 && !fits(n):
			n--
		case n < len(rs) && fits(n+1):
			n++
		default:
			return max(n, 1)
		}
	}
	lo, hi := 1, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Layout places the words for the width given. A width laid out before
// (by MinSize, or a parent laying out again) is not laid out again: a page
// of words costs milliseconds to measure, and a window lays its body out
// several times as it opens.
func (r *flowRenderer) Layout(size fyne.Size) {
	if r.pieces == nil || size.Width != r.f.width {
		r.layFor(size.Width)
	}
	if !r.built {
		r.build()
		r.built = true
	}
}

// layFor lays the words out for width w and keeps the result.
func (r *flowRenderer) layFor(w float32) {
	pieces, h := r.lay(w)
	r.f.width, r.f.height = w, h
	r.pieces, r.built = pieces, false
}

// build makes (or reuses) the drawing objects of the pieces: one per
// stretch of a run's words on a line, one per link word. A body's page of
// words is then a few hundred texts to shape and paint, not thousands.
func (r *flowRenderer) build() {
	r.objects = r.objects[:0]
	nt, nl, nu := 0, 0, 0
	var last *canvas.Text // the text the next piece may join: same run, same line
	lastPiece := -1
	for i, p := range r.pieces {
		run := r.f.runs[p.run]
		size, style := r.style(p.run)
		if run.link == nil && last != nil && r.pieces[lastPiece].run == p.run && lineOf(r.pieces[lastPiece]) == lineOf(p) {
			last.Text += p.space + p.text
			last.Resize(fyne.NewSize(p.pos.X+p.size.Width-last.Position().X, max(last.Size().Height, p.size.Height)))
			lastPiece = i
			continue
		}
		if last != nil {
			last.Refresh()
			last = nil
		}
		var obj fyne.CanvasObject
		if run.link != nil {
			if nl == len(r.links) {
				r.links = append(r.links, newFlowLink())
			}
			l := r.links[nl]
			nl++
			l.set(p.text, size, style, run.link)
			l.hover, l.onHover = run.hover, r.f.hover
			obj = l
		} else {
			if nt == len(r.texts) {
				r.texts = append(r.texts, canvas.NewText("", nil))
			}
			t := r.texts[nt]
			nt++
			t.Text, t.TextSize, t.TextStyle = p.text, size, style
			name := run.style.ColorName
			if name == "" {
				name = theme.ColorNameForeground
			}
			t.Color = theme.ColorForWidget(name, r.f)
			obj = t
			last, lastPiece = t, i // refreshed once the words it joins are known
		}
		// Whole pixels: a word drawn at a fractional position is smeared by
		// anti-aliasing, and words side by side look doubled.
		obj.Move(fyne.NewPos(float32(math.Round(float64(p.pos.X))), float32(math.Round(float64(p.pos.Y)))))
		obj.Resize(p.size)
		r.objects = append(r.objects, obj)
		if run.link != nil && r.startsUnderline(i) {
			if nu == len(r.lines) {
				r.lines = append(r.lines, canvas.NewRectangle(nil))
			}
			u := r.lines[nu]
			nu++
			r.underline(u, i)
			r.objects = append(r.objects, u)
		}
	}
	if last != nil {
		last.Refresh()
	}
	// The tooltip last, drawn over the words; it takes no pointer events.
	r.objects = append(r.objects, r.tipBg, r.tipText)
}

// startsUnderline tells whether link piece i begins its link's stretch of
// a line: the piece before it is of another run or on another line.
func (r *flowRenderer) startsUnderline(i int) bool {
	if i == 0 {
		return true
	}
	prev, p := r.pieces[i-1], r.pieces[i]
	return prev.run != p.run || lineOf(prev) != lineOf(p)
}

// lineOf is where a piece's line ends, the bottom its pieces are aligned to.
func lineOf(p flowPiece) float32 { return p.pos.Y + p.size.Height }

// underline draws u under link piece i and the pieces of the same link that
// follow it on its line, the spaces between them included: one line per
// link per line, not a line per word with gaps.
func (r *flowRenderer) underline(u *canvas.Rectangle, i int) {
	first := r.pieces[i]
	last := first
	for j := i + 1; j < len(r.pieces) && r.pieces[j].run == first.run && lineOf(r.pieces[j]) == lineOf(first); j++ {
		last = r.pieces[j]
	}
	x0 := float32(math.Round(float64(first.pos.X)))
	x1 := float32(math.Round(float64(last.pos.X + last.size.Width)))
	y := float32(math.Round(float64(lineOf(first)))) - 2
	u.FillColor = theme.ColorForWidget(theme.ColorNameHyperlink, r.f)
	u.Move(fyne.NewPos(x0, y))
	u.Resize(fyne.NewSize(x1-x0, 1))
	u.Refresh()
}

// MinSize is narrow (the pane decides the width) and as tall as the lines
// at the current width.
func (r *flowRenderer) MinSize() fyne.Size {
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, r.f)
	w := r.f.Size().Width
	if w <= 0 {
		w = 500
	}
	if w != r.f.width || r.pieces == nil {
		r.layFor(w)
	}
	return fyne.NewSize(2*pad+r.measure("M", 0).Width, r.f.height)
}

func (r *flowRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *flowRenderer) Refresh() {
	r.pieces = nil // the theme or the text may have changed: measure again
	r.Layout(r.f.Size())
	canvas.Refresh(r.f)
}

func (r *flowRenderer) Destroy() {}

// flowLink is one word of a link: drawn in the link colour, tappable;
// hovering it shows its target.
type flowLink struct {
	widget.BaseWidget
	text    *canvas.Text // underlined by the flowText, across the words of its line
	onTap   func()
	hover   string
	onHover func(l *flowLink, in bool)
}

var _ desktop.Hoverable = (*flowLink)(nil)

// MouseIn shows the link's target.
func (l *flowLink) MouseIn(*desktop.MouseEvent) {
	if l.onHover != nil {
		l.onHover(l, true)
	}
}

// MouseMoved keeps the target shown.
func (l *flowLink) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the target.
func (l *flowLink) MouseOut() {
	if l.onHover != nil {
		l.onHover(l, false)
	}
}

func newFlowLink() *flowLink {
	l := &flowLink{text: canvas.NewText("", nil)}
	l.ExtendBaseWidget(l)
	return l
}

func (l *flowLink) set(text string, size float32, style fyne.TextStyle, onTap func()) {
	l.text.Text, l.text.TextSize, l.text.TextStyle = text, size, style
	l.onTap = onTap
	l.Refresh()
}

func (l *flowLink) Tapped(*fyne.PointEvent) {
	if l.onTap != nil {
		l.onTap()
	}
}

func (l *flowLink) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (l *flowLink) CreateRenderer() fyne.WidgetRenderer { return &flowLinkRenderer{l: l} }

type flowLinkRenderer struct{ l *flowLink }

func (r *flowLinkRenderer) Layout(size fyne.Size) {
	r.l.text.Resize(size)
}

func (r *flowLinkRenderer) MinSize() fyne.Size { return r.l.text.MinSize() }

func (r *flowLinkRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.l.text}
}

func (r *flowLinkRenderer) Refresh() {
	c := theme.ColorForWidget(theme.ColorNameHyperlink, r.l)
	r.l.text.Color = c
	r.l.text.Refresh()
}

func (r *flowLinkRenderer) Destroy() {}

// flowParagraphs is plain text (paragraphs apart by a blank line) drawn by
// flowText, so Japanese prose wraps between characters like the body does:
// for the sidebar's explanations, where a Label would break only at spaces.
func flowParagraphs(s string) fyne.CanvasObject {
	var runs []flowRun
	for i, p := range strings.Split(s, "\n\n") {
		if i > 0 {
			runs = append(runs, flowRun{para: true})
		}
		runs = append(runs, flowRun{text: p, style: widget.RichTextStyleParagraph})
	}
	return container.NewPadded(newFlowText(runs))
}
