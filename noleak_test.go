package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/mailview"
	"mailsafe/ui"
)

// leakHost is the host every URL of the leak-vector mail names; the test
// points it at a local server that counts what reaches it.
const leakHost = "leak.mailsafe.test"

// TestNoLeak is the product's promise: the leak-vector mail, which loads a
// URL through every vector of DESIGN.md, goes through analysis, through the
// message view of the Fyne test app, through `scan`, and through the real
// binary in a real X server, and the local server behind every one of its
// URLs sees no connection at all.
func TestNoLeak(t *testing.T) {
	rec, err := app.StartHitRecorder(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close(context.Background())
	assertNoHits := func(t *testing.T, stage string) {
		t.Helper()
		if n := rec.Connections(); n != 0 {
			t.Fatalf("%s: the local server received %d connection(s); hits: %+v", stage, n, rec.Hits())
		}
	}
	// leak-vectors-more.eml holds the forms and parts of issue 15 (SVG
	// foreignObject, VML in conditional comments, deep srcdoc, AMP, calendar
	// and forwarded parts, …); the real window is opened on the first mail.
	for _, mail := range []struct {
		file         string
		minResources int
		window       bool
	}{{"leak-vectors.eml", 60, true}, {"leak-vectors-more.eml", 20, false}} {
		raw, err := os.ReadFile("mailview/testdata/" + mail.file)
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.ReplaceAll(raw, []byte(leakHost), []byte(rec.Addr()))
		t.Run(mail.file, func(t *testing.T) {
			t.Run("analysis", func(t *testing.T) {
				v := mailview.Analyze(raw, mailview.Reader{})
				if len(v.Resources) < mail.minResources {
					t.Fatalf("only %d resources found; the leak mail was not read as expected", len(v.Resources))
				}
				resources := v.Resources
				for _, fv := range v.Forwarded {
					resources = append(resources, fv.Resources...)
				}
				for _, r := range resources {
					if !strings.Contains(r.URL, "//"+rec.Addr()+"/") {
						t.Fatalf("resource %s does not point at the counting server; the test would prove nothing", r.URL)
					}
				}
				time.Sleep(200 * time.Millisecond)
				assertNoHits(t, "analysis")
			})

			t.Run("fyne test app", func(t *testing.T) {
				a := test.NewTempApp(t)
				ui.LoadTranslations()
				w := ui.NewMainWindow(a, "mailsafe", []ui.Entry{{ID: "leak", View: mailview.Analyze(raw, mailview.Reader{})}}, ui.PaneOptions{})
				w.Window.Show()
				w.Window.Canvas().Capture() // draws every object, images included
				time.Sleep(time.Second)
				w.Window.Canvas().Capture()
				w.Window.Close()
				assertNoHits(t, "message view")
			})

			t.Run("scan", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), mail.file)
				os.WriteFile(path, raw, 0o644)
				if code, _, errOut := runCLI("scan", "--json", path); code != 0 {
					t.Fatalf("scan exit %d: %s", code, errOut)
				}
				assertNoHits(t, "scan")
			})

			t.Run("real window under Xvfb", func(t *testing.T) {
				if testing.Short() || !mail.window {
					t.Skip("starts a real X server")
				}
				display := xvfbDisplay(t)
				bin := buildBinary(t)
				path := filepath.Join(t.TempDir(), mail.file)
				os.WriteFile(path, raw, 0o644)
				startGUI(t, bin, display, path)
				img := screenshotUntil(t, display, "noleak-window", drawnAtLeast(0.5))
				if share, _ := drawnShare(img); share < 0.5 {
					t.Fatalf("the window did not draw (%.0f%% of the display); nothing was shown to leak from", share*100)
				}
				assertNoHits(t, "real window")
			})
		})
	}

	// The counter works: one request of our own must be seen.
	resp, err := http.Get("http://" + rec.Addr() + "/canary")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if rec.Connections() != 1 || len(rec.Hits()) != 1 {
		t.Fatalf("the counting server saw %d connections and %d hits for one request of our own", rec.Connections(), len(rec.Hits()))
	}
}
