package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/mailview"
)

// recordingSession is a session in English, and the counting server its
// messages' images are on.
func recordingSession(t *testing.T) (*Session, *app.HitRecorder) {
	t.Helper()
	englishSystem(t)
	rec, err := app.StartHitRecorder(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close(context.Background()) })
	return NewSession(test.NewTempApp(t), nil), rec
}

// openFileWindow writes a one-image message whose picture is on the
// counting server rec, reads it back as `mailsafe FILE.eml` does, and opens
// the file window through the session with the application's image loader
// (allowed onto loopback, where rec listens).
func openFileWindow(t *testing.T, s *Session, rec *app.HitRecorder) (*MainWindow, string) {
	t.Helper()
	imageURL := "http://" + rec.Addr() + "/images/team-photo.gif"
	raw := "Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=partner.example; dkim=pass header.d=partner.example; dmarc=pass header.from=partner.example\r\n" +
		"From: Hana Sato <hana@partner.example>\r\nTo: reader@example.com\r\nSubject: Our new team\r\n" +
		"Date: Mon, 10 Nov 2025 09:00:00 +0000\r\nMessage-ID: <team@partner.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<html><body><p>Here is the team.</p><img src="` + imageURL + `" width="200" height="100" alt="The team"></body></html>` + "\r\n"
	path := filepath.Join(t.TempDir(), "team.eml")
	if err := os.WriteFile(path, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	var entries []Entry
	err := app.ReadSource(context.Background(), path, func(it app.Item) error {
		entries = append(entries, Entry{ID: it.ID, View: mailview.Analyze(it.Raw, mailview.Reader{})})
		return nil
	}, func(e *app.SourceError) { t.Errorf("reading %s: %v", path, e) })
	if err != nil || len(entries) != 1 {
		t.Fatalf("read %d messages from %s: %v", len(entries), path, err)
	}
	w := s.ShowMessages("mailsafe — "+path, entries, &app.HTTPLoader{AllowLoopback: true})
	t.Cleanup(w.Window.Close)
	return w, imageURL
}

// waitLoaded waits for the load the reader started, and fails with what the
// window said instead when it never finishes.
func waitLoaded(t *testing.T, w *MainWindow, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		said := ""
		if top := w.Window.Canvas().Overlays().Top(); top != nil {
			said = renderedText(top)
		}
		t.Fatalf("the load did not finish; the window says:\n%s", said)
	}
}

// `mailsafe FILE.eml` loads images through the same consented loader as a
// mailbox: nothing before the reader asks, exactly the picture after.
func TestFileWindowLoadsImagesThroughTheConsentedLoader(t *testing.T) {
	s, rec := recordingSession(t)
	w, imageURL := openFileWindow(t, s, rec)
	mv := w.message
	if len(mv.view.Resources) != 1 || mv.view.Resources[0].Tracks {
		t.Fatalf("the message should hold one picture that is not a tracker: %+v", mv.view.Resources)
	}
	slot := mv.slots[imageURL]
	if slot == nil || !strings.Contains(renderedText(slot), "Blocked image, 200×100") {
		t.Fatalf("no placeholder for %s", imageURL)
	}
	w.Window.Canvas().Capture() // draws everything once
	time.Sleep(300 * time.Millisecond)
	if n := rec.Connections(); n != 0 {
		t.Fatalf("%d connection(s) before the reader consented: %+v", n, rec.Hits())
	}
	if !mv.loadBar.Visible() {
		t.Fatal("no load bar for a message with a remote picture")
	}
	done := make(chan struct{})
	mv.onLoaded = func() { close(done) }
	tapButton(t, w.Window.Content(), "Load images, keep trackers blocked")
	waitLoaded(t, w, done)
	hits := rec.Hits()
	if len(hits) != 1 || hits[0].URL != "/images/team-photo.gif" {
		t.Fatalf("the counting server saw %d request(s), want the picture once: %+v", len(hits), hits)
	}
	if hits[0].UserAgent != "Mozilla/5.0" || hits[0].Cookie != "" || hits[0].Referer != "" || hits[0].Language != "" {
		t.Errorf("the picture was not fetched by mailsafe's loader: %+v", hits[0])
	}
	if !isLoadedImage(slot) || strings.Contains(renderedText(slot), "Blocked image") {
		t.Errorf("the picture did not replace its placeholder:\n%s", renderedText(slot))
	}
	if !strings.Contains(mv.loadInfo.Text(), "Loaded 1 image") {
		t.Errorf("summary = %q", mv.loadInfo.Text())
	}
}

// The file window reads the same settings as a mailbox: a trusted sender's
// pictures load when the message opens (the stamp shows it is from them).
func TestFileWindowLoadsATrustedSendersImages(t *testing.T) {
	s, rec := recordingSession(t)
	s.Settings.TrustSender("hana@partner.example")
	deadline := time.Now().Add(15 * time.Second)
	openFileWindow(t, s, rec)
	for len(rec.Hits()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // nothing more comes
	if hits := rec.Hits(); len(hits) != 1 || hits[0].URL != "/images/team-photo.gif" {
		t.Fatalf("the trusted sender's picture: %d request(s), want it once: %+v", len(hits), hits)
	}
}

// isLoadedImage tells whether a slot holds a loaded picture (as loadedImage
// draws it) instead of its placeholder.
func isLoadedImage(slot *fyne.Container) bool {
	if len(slot.Objects) != 1 {
		return false
	}
	box, ok := slot.Objects[0].(*fyne.Container)
	if !ok || len(box.Objects) != 1 {
		return false
	}
	_, ok = box.Objects[0].(*canvas.Image)
	return ok
}
