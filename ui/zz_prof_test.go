package ui

import (
	"os"
	"testing"
	"time"

	"mailsafe/mailview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestZZProf(t *testing.T) {
	raw, err := os.ReadFile(os.Getenv("PROF_MAIL"))
	if err != nil {
		t.Skip()
	}
	a := test.NewTempApp(t)
	LoadTranslations()
	t0 := time.Now()
	v := mailview.Analyze(raw, mailview.Reader{})
	t1 := time.Now()
	w := NewMainWindow(a, "mailsafe", []Entry{{ID: "x", View: v}}, PaneOptions{})
	t2 := time.Now()
	w.Window.Resize(fyne.NewSize(1024, 700))
	w.Window.Show()
	w.Window.Content().Refresh()
	t3 := time.Now()
	t.Logf("analyze %v, window %v, show %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2))
}
