package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mailsafe/app"
)

// The trainer's flow: open the demo, open the newsletter, load its images
// with trackers kept blocked; the beacon server's record shows exactly the
// non-tracker images, and "What the sender saw" shows them.
func TestDemoLoadShowsWhatTheSenderSaw(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	mw := openDemo(t, s)
	defer mw.Window.Close()
	eventually(t, mw, "the inbox", func() bool { return len(mw.envs()) == 8 && mw.verdicts.Pending() == 0 && !mw.mb.Fetching() })
	onUI(mw, func() {
		if !strings.Contains(renderedText(mw.senderLog.object()), "Nothing yet") {
			t.Errorf("the sender log is not empty before any load:\n%s", renderedText(mw.senderLog.object()))
		}
		for i, e := range mw.envs() {
			if e.Subject == "Winter roasts are here" {
				mw.msgList.Select(i)
			}
		}
	})
	eventually(t, mw, "the newsletter", func() bool { return mw.message.subject.Text == "Winter roasts are here" })
	done := make(chan struct{})
	var want map[string]bool
	var trackers []string
	onUI(mw, func() {
		want = map[string]bool{}
		for _, r := range app.AllowedResources(mw.message.view.Resources, app.LoadKeepTrackersBlocked) {
			u, _ := url.Parse(r.URL)
			want[u.RequestURI()] = true
		}
		for _, r := range mw.message.view.Resources {
			if r.Tracks {
				u, _ := url.Parse(r.URL)
				trackers = append(trackers, u.RequestURI())
			}
		}
		mw.message.onLoaded = func() { close(done) }
		test.Tap(mw.message.keepBtn)
	})
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the load did not finish")
	}
	if len(want) == 0 || len(trackers) == 0 {
		t.Fatalf("the newsletter should have both pictures (%d) and trackers (%d)", len(want), len(trackers))
	}
	hits := mw.opts.HitLog()
	got := map[string]bool{}
	for _, h := range hits {
		got[h.URL] = true
		if h.Cookie != "" || h.Referer != "" || h.Language != "" {
			t.Errorf("the beacon saw cookie %q referer %q language %q", h.Cookie, h.Referer, h.Language)
		}
	}
	for u := range want {
		if !got[u] {
			t.Errorf("picture %s was not loaded", u)
		}
	}
	for _, tr := range trackers {
		if got[tr] {
			t.Errorf("tracker %s reached the beacon server", tr)
		}
	}
	if len(hits) != len(want) {
		t.Errorf("%d hits for %d pictures", len(hits), len(want))
	}
	onUI(mw, func() {
		log := renderedText(mw.senderLog.object())
		for u := range want {
			if !strings.Contains(log, u) {
				t.Errorf("What the sender saw lacks %s:\n%s", u, log)
			}
		}
		if !strings.Contains(mw.message.loadInfo.Text(), "Loaded") {
			t.Errorf("summary = %q", mw.message.loadInfo.Text())
		}
	})
}
