package ui

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mailsafe/app"
	"mailsafe/mailview/check"
)

// recordingLoader is a loader that records what it is asked for and answers
// every image with a 1x1 PNG.
type recordingLoader struct {
	asked []string
	opts  []app.LoadOptions
}

var onePixelPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func (l *recordingLoader) Load(_ context.Context, res []check.Resource, opts app.LoadOptions) <-chan app.LoadedImage {
	l.opts = append(l.opts, opts)
	ch := make(chan app.LoadedImage, len(res))
	for _, r := range res {
		l.asked = append(l.asked, r.URL)
		ch <- app.LoadedImage{URL: r.URL, Data: onePixelPNG, ContentType: "image/png"}
	}
	close(ch)
	return ch
}

func TestLoadImagesKeepsTrackersBlocked(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	loader := &recordingLoader{}
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml"), PaneOptions{Loader: loader})
	w.Window.Show()
	mv := w.message
	if !mv.loadBar.Visible() || mv.keepBtn.Importance != widget.HighImportance {
		t.Fatalf("the load bar is not offered with keeping trackers blocked as the default")
	}
	done := make(chan struct{})
	mv.onLoaded = func() { close(done) }
	test.Tap(mv.keepBtn)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the load did not finish")
	}
	if mv.keepBtn.Importance == widget.HighImportance {
		t.Error("after loading, keeping trackers blocked is still shown as the default choice")
	}
	got := append([]string(nil), loader.asked...)
	sort.Strings(got)
	var want []string
	for _, r := range app.AllowedResources(mv.view.Resources, app.LoadKeepTrackersBlocked) {
		want = append(want, r.URL)
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != 9 {
		t.Fatalf("the loader was asked for:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, u := range got {
		if strings.Contains(u, "list-manage") || strings.Contains(u, "/wf/open") || strings.Contains(u, "audiencelens") || strings.Contains(u, "mailmetrics") {
			t.Errorf("a tracker was requested: %s", u)
		}
	}
	// The logo's placeholder became an image; a tracker's stays a placeholder.
	if _, ok := mv.slots["https://cdn.brewbean.example/img/logo.png"].Objects[0].(*fyne.Container).Objects[0].(*canvas.Image); !ok {
		t.Errorf("the loaded logo did not replace its placeholder")
	}
	if !strings.Contains(mv.loadInfo.Text(), "Loaded 9 images") {
		t.Errorf("summary = %q", mv.loadInfo.Text())
	}
	if strings.Contains(mv.blocked.Text(), "Nothing in this message has been loaded") {
		t.Errorf("after loading, the banner still says %q", mv.blocked.Text())
	}
}

func TestNoLoaderSaysSoAndLoadsNothing(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml"), PaneOptions{})
	w.Window.Show()
	test.Tap(w.message.keepBtn)
	top := w.Window.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(renderedText(top), "does not fetch images yet") {
		t.Fatalf("no explanation shown")
	}
}

func TestJunkFolderCautionsAndNeverPreselects(t *testing.T) {
	mw, _ := demoWindow(t)
	eventually(t, mw, "folders", func() bool { return len(mw.folders) == 4 })
	onUI(mw, func() { mw.folderList.Select(2) })
	eventually(t, mw, "the junk message open", func() bool { return mw.message.subject.Text == "Congratulations! You won a gift card" })
	onUI(mw, func() {
		if !mw.message.junkBanner.Visible() || !strings.Contains(renderedText(mw.message.junkBanner), "Junk") {
			t.Errorf("no caution banner in Junk")
		}
		if mw.message.keepBtn.Importance == widget.HighImportance {
			t.Errorf("loading is offered as the default in Junk")
		}
		mw.folderList.Select(0)
	})
	eventually(t, mw, "an inbox message", func() bool { return mw.message.subject.Text == "Quick favour" })
	onUI(mw, func() {
		if mw.message.junkBanner.Visible() {
			t.Errorf("the Junk banner shows outside Junk")
		}
	})
}

func TestLinkConfirmationShowsTargetAndFindings(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "phish-links-attachments.eml"), PaneOptions{})
	w.Window.Show()
	confirmOpenLink(a, w.Window, "http://203.0.113.77/secure/login", w.message.view)
	top := w.Window.Canvas().Overlays().Top()
	text := renderedText(top)
	for _, want := range []string{"http://203.0.113.77/secure/login", "Danger: A link shows one address and goes to another", "Danger: A link goes to a bare IP address", "Open"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, text)
		}
	}
	// Escape closes the confirmation; nothing opens.
	w.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if top := w.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Escape left the confirmation open:\n%s", renderedText(top))
	}
}

// stallingLoader never answers; it reports when its context ends and
// finishes (closes its channel) when the test says so.
type stallingLoader struct {
	cancelled chan struct{}
	ch        chan app.LoadedImage
}

func (l *stallingLoader) Load(ctx context.Context, res []check.Resource, _ app.LoadOptions) <-chan app.LoadedImage {
	go func() {
		<-ctx.Done()
		close(l.cancelled)
	}()
	return l.ch
}

func TestLoadShowsProgressAndStopsWhenTheReaderMovesOn(t *testing.T) {
	a := test.NewTempApp(t)
	LoadTranslations()
	loader := &stallingLoader{cancelled: make(chan struct{}), ch: make(chan app.LoadedImage)}
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml", "plain-ascii.eml"), PaneOptions{Loader: loader})
	w.Window.Show()
	finished := make(chan struct{})
	w.message.onLoaded = func() { close(finished) }
	test.Tap(w.message.keepBtn)
	if got := w.message.loadInfo.Text(); got != "Loading images: 0 of 9…" {
		t.Errorf("while loading the bar says %q", got)
	}
	w.list.selectIndex(1)
	select {
	case <-loader.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("moving to another message did not stop the image load")
	}
	// The loader ends its channel once cancelled; the load winds down
	// without touching the message now shown.
	close(loader.ch)
	<-finished
	if strings.Contains(w.message.loadInfo.Text(), "Loaded") {
		t.Errorf("the cancelled load reported on the next message: %q", w.message.loadInfo.Text())
	}
}

func TestProxyIsOfferedOnTheLoadBarOnceSet(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	s := NewSession(a, nil)
	sw := NewSettingsWindow(a, s.Settings, s.Languages, nil)
	sw.proxy.SetText("ftp://proxy.example:21")
	tapButton(t, sw.Window.Content(), "Save")
	if s.Settings.Proxy() != nil || !strings.Contains(sw.proxyState.Text(), "socks5://127.0.0.1:9050") {
		t.Fatalf("a bad proxy: stored %v, said %q", s.Settings.Proxy(), sw.proxyState.Text())
	}
	sw.proxy.SetText("socks5://127.0.0.1:9050")
	tapButton(t, sw.Window.Content(), "Save")
	if p := s.Settings.Proxy(); p == nil || p.Host != "127.0.0.1:9050" {
		t.Fatalf("the proxy was not stored: %v (%q)", p, sw.proxyState.Text())
	}

	loader := &recordingLoader{}
	w := s.ShowMessages("mailsafe", entriesFrom(t, "marketing-newsletter.eml"), loader)
	mv := w.message
	if !mv.viaProxy.Visible() || !mv.viaProxy.Checked || !strings.Contains(mv.viaProxy.Text, "127.0.0.1:9050") {
		t.Fatalf("the load bar does not offer the proxy: visible %v checked %v %q", mv.viaProxy.Visible(), mv.viaProxy.Checked, mv.viaProxy.Text)
	}
	wait := func() {
		done := make(chan struct{})
		mv.onLoaded = func() { close(done) }
		test.Tap(mv.keepBtn)
		<-done
	}
	wait()
	mv.viaProxy.SetChecked(false)
	wait()
	if len(loader.opts) != 2 || loader.opts[0].Proxy == nil || loader.opts[0].Proxy.Host != "127.0.0.1:9050" || loader.opts[1].Proxy != nil {
		t.Errorf("loads asked with %+v, want through the proxy, then directly", loader.opts)
	}
}

// failingLoader answers every image with the same error.
type failingLoader struct{ err error }

func (l failingLoader) Load(_ context.Context, res []check.Resource, _ app.LoadOptions) <-chan app.LoadedImage {
	ch := make(chan app.LoadedImage, len(res))
	for _, r := range res {
		ch <- app.LoadedImage{URL: r.URL, Err: l.err}
	}
	close(ch)
	return ch
}

func TestFailedImagesSayWhyInTheirPlaceholder(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml"), PaneOptions{Loader: failingLoader{err: fmt.Errorf("fetch: %w", app.ErrNotAnImage)}})
	mv := w.message
	done := make(chan struct{})
	mv.onLoaded = func() { close(done) }
	test.Tap(mv.keepBtn)
	<-done
	slot := renderedText(mv.slots["https://cdn.brewbean.example/img/logo.png"])
	if !strings.Contains(slot, "Image not loaded: The server answered with something that is not an image.") {
		t.Errorf("the logo's placeholder says:\n%s", slot)
	}
	if !strings.Contains(mv.loadInfo.Text(), "9 failed") {
		t.Errorf("summary = %q", mv.loadInfo.Text())
	}
}

// switchLoader answers the first load with first and every later one with then.
type switchLoader struct{ first, then app.ImageLoader }

func (l *switchLoader) Load(ctx context.Context, res []check.Resource, opts app.LoadOptions) <-chan app.LoadedImage {
	next := l.first
	l.first = l.then
	return next.Load(ctx, res, opts)
}

// A second decision on the same message replaces the first load: the first
// one's late answers change nothing.
func TestReplacedLoadLeavesTheViewToTheNewOne(t *testing.T) {
	englishSystem(t)
	a := test.NewTempApp(t)
	LoadTranslations()
	first := &stallingLoader{cancelled: make(chan struct{}), ch: make(chan app.LoadedImage, 1)}
	second := &recordingLoader{}
	w := NewMainWindow(a, "mailsafe", entriesFrom(t, "marketing-newsletter.eml"), PaneOptions{Loader: &switchLoader{first, second}})
	mv := w.message
	test.Tap(mv.keepBtn)
	done := make(chan struct{})
	mv.onLoaded = func() { close(done) }
	test.Tap(mv.allBtn)
	<-done
	<-first.cancelled
	summary := mv.loadInfo.Text()
	// The first load's answer comes late, as a failure, and then it ends.
	first.ch <- app.LoadedImage{URL: "https://cdn.brewbean.example/img/logo.png", Err: context.Canceled}
	close(first.ch)
	time.Sleep(100 * time.Millisecond)
	if _, ok := mv.slots["https://cdn.brewbean.example/img/logo.png"].Objects[0].(*fyne.Container).Objects[0].(*canvas.Image); !ok {
		t.Errorf("the replaced load overwrote the logo the new one placed")
	}
	if mv.loadInfo.Text() != summary {
		t.Errorf("the replaced load changed the summary from %q to %q", summary, mv.loadInfo.Text())
	}
}

// On a message the verdict warns about, loading is offered but not as the
// default, and "Always load images from this sender" is not offered (the
// trust could not apply to it); on a safe, authenticated newsletter both
// are as before.
func TestWarnedMessageOffersNoTrustAndNoDefault(t *testing.T) {
	mw := openDemoAt(t, fyne.NewSize(1024, 700))
	openSubject(t, mw, "Action required: your account is on hold")
	onUI(mw, func() {
		mv := mw.message
		if !mv.loadBar.Visible() {
			t.Fatal("the scam's image is not offered at all")
		}
		if mv.keepBtn.Importance == widget.HighImportance {
			t.Errorf("loading is the default on a message marked %s", mv.view.Verdict.Level)
		}
		if mv.trustBtn.Visible() {
			t.Errorf("trusting the sender is offered on a message marked %s", mv.view.Verdict.Level)
		}
	})
	openSubject(t, mw, "Winter roasts are here")
	onUI(mw, func() {
		mv := mw.message
		if mv.keepBtn.Importance != widget.HighImportance || !mv.trustBtn.Visible() {
			t.Errorf("the newsletter lost its default (%v) or its trust button (%v)", mv.keepBtn.Importance, mv.trustBtn.Visible())
		}
	})
}
