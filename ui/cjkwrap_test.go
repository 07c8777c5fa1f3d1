package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mailsafe/mailview/check"
)

// cjkProse is Japanese with one ASCII space early on (where a Fyne label
// breaks) and brackets and full stops a line may not start or end with.
const cjkProse = "注意: 差出人のアドレス（example.com）は、会社のドメインによく似ていますが、別のドメインです。「至急」と書かれたメールや、パスワードの入力を求めるページには、特に注意してください。"

// assertWrapsLikeJapanese checks the lines drawn under o, laid out at width:
// inside it, broken between characters (every line but the last filled,
// not cut at the one space), and by the kinsoku rules.
func assertWrapsLikeJapanese(t *testing.T, what string, o fyne.CanvasObject, width float32) {
	t.Helper()
	lines := drawnLines(o)
	if len(lines) < 3 {
		t.Fatalf("%s: %d lines at %.0f px, want the text wrapped: %v", what, len(lines), width, lines)
	}
	var all strings.Builder
	for i, l := range lines {
		all.WriteString(l.text)
		if l.right > width+0.5 {
			t.Errorf("%s: line %d %q runs to %.0f, past the %.0f px width", what, i, l.text, l.right, width)
		}
		first, _ := utf8First(l.text)
		if strings.ContainsRune(noLineStart, first) {
			t.Errorf("%s: line %d starts with %q: %q", what, i, first, l.text)
		}
		last := []rune(l.text)[len([]rune(l.text))-1]
		if strings.ContainsRune(noLineEnd, last) {
			t.Errorf("%s: line %d ends with %q: %q", what, i, last, l.text)
		}
		if i < len(lines)-1 && l.right < width*0.6 {
			t.Errorf("%s: line %d %q ends at %.0f of %.0f px: broken at a space, not between characters", what, i, l.text, l.right, width)
		}
	}
	if !strings.Contains(all.String(), "（example.com）") {
		t.Errorf("%s: the drawn text lost characters: %q", what, all.String())
	}
}

// Japanese in the finding cards, the verdict banner, the notes of a form
// and a dialog's text wraps between characters, with no line starting with
// 。、）」 and none ending with （「, inside its width.
func TestJapaneseWrapsBetweenCharactersInLabels(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	const width = 300
	place := func(o fyne.CanvasObject) fyne.CanvasObject {
		w := a.NewWindow("wrap")
		box := container.NewWithoutLayout(o)
		w.SetContent(box)
		w.Resize(fyne.NewSize(width+50, 600))
		o.Resize(fyne.NewSize(width, o.MinSize().Height))
		o.Resize(fyne.NewSize(width, o.MinSize().Height))
		t.Cleanup(w.Close)
		return o
	}

	s := newSidebar(a)
	card := s.findingCard(check.Finding{Severity: check.SeverityDanger, Category: check.CategorySender,
		Title: check.Text{EN: "x", JA: cjkProse}, Detail: check.Text{EN: "x", JA: "詳細"}}, "ja")
	title := card.(*fyne.Container).Objects[0]
	assertWrapsLikeJapanese(t, "finding card title", place(title), width)

	b := newVerdictBanner()
	b.text.SetText(cjkProse)
	assertWrapsLikeJapanese(t, "verdict banner", place(b.root), width)

	assertWrapsLikeJapanese(t, "form note", place(wrapped(cjkProse)), width)

	w := a.NewWindow("dialog")
	w.Resize(fyne.NewSize(width, 600))
	d := confirmRisk("title", cjkProse, "risky", func() {}, w)
	defer d.Hide()
	body := w.Canvas().Overlays().Top()
	lines := drawnLines(body)
	found := false
	for _, l := range lines {
		found = found || strings.Contains(l.text, "差出人")
		first, _ := utf8First(l.text)
		if strings.ContainsRune(noLineStart, first) {
			t.Errorf("dialog: a line starts with %q: %q", first, l.text)
		}
		if l.right > width+0.5 {
			t.Errorf("dialog: line %q runs to %.0f, past the %d px window", l.text, l.right, width)
		}
	}
	if !found {
		t.Errorf("dialog: the text is not drawn: %v", lines)
	}
}

// A number keeps the counter after it on its line ("失敗0⏎件" was drawn in
// the load bar at 1024 px); a line still breaks between other characters.
func TestNumberKeepsItsCounter(t *testing.T) {
	for _, c := range []struct {
		a, b rune
		want bool
	}{{'0', '件', false}, {'4', '時', false}, {'敗', '0', true}, {'件', 'の', true}, {'a', 'b', false}} {
		if got := canBreak(c.a, c.b); got != c.want {
			t.Errorf("canBreak(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
