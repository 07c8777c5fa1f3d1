package app

import (
	"os"
	"sort"
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
	"mailsafe/mailview/safedoc"
)

func TestAllowedResourcesKeepTrackersBlocked(t *testing.T) {
	raw, err := os.ReadFile("../mailview/testdata/marketing-newsletter.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := mailview.Analyze(raw, mailview.Reader{Me: []string{"alex.morgan@example.com"}})
	var got []string
	for _, r := range AllowedResources(v.Resources, LoadKeepTrackersBlocked) {
		got = append(got, r.URL)
	}
	sort.Strings(got)
	want := []string{ // the content images of the newsletter, and its spacer
		"https://cdn.brewbean.example/img/banners/winter-2026.jpg", "https://cdn.brewbean.example/img/hero-bg.jpg",
		"https://cdn.brewbean.example/img/icons/facebook.png", "https://cdn.brewbean.example/img/icons/instagram.png",
		"https://cdn.brewbean.example/img/logo.png", "https://cdn.brewbean.example/img/products/colombia-huila.jpg",
		"https://cdn.brewbean.example/img/products/ethiopia-guji.jpg", "https://cdn.brewbean.example/img/products/kenya-nyeri.jpg?w=360&h=360",
		"https://cdn.brewbean.example/img/spacer.gif",
	}
	if len(got) != len(want) {
		t.Fatalf("allowed %d:\n%v\nwant %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("allowed[%d] = %s, want %s", i, got[i], want[i])
		}
	}
	all := AllowedResources(v.Resources, LoadEverything)
	if len(all) <= len(want) {
		t.Errorf("load everything allowed only %d", len(all))
	}
	for _, r := range all {
		if !r.Vector.Shown() {
			t.Errorf("load everything would fetch a %s: %s", r.Vector, r.URL)
		}
	}
}

func TestNothingButImagesEverLoads(t *testing.T) {
	raw, err := os.ReadFile("../mailview/testdata/leak-vectors.eml")
	if err != nil {
		t.Fatal(err)
	}
	v := mailview.Analyze(raw, mailview.Reader{})
	if len(v.Resources) < 60 {
		t.Fatalf("the leak-vector mail gave %d resources", len(v.Resources))
	}
	// Only these vectors are images the view can show; everything else
	// (scripts, frames, media, fonts, style sheets, refreshes...) never loads.
	images := map[safedoc.Vector]bool{safedoc.VectorImgSrc: true, safedoc.VectorImgSrcset: true, safedoc.VectorSourceSet: true,
		safedoc.VectorInputImage: true, safedoc.VectorBackground: true, safedoc.VectorCSSURL: true,
		safedoc.VectorCSSImageSet: true, safedoc.VectorPoster: true, safedoc.VectorSVGPrefix + "image": true}
	allowed := AllowedResources(v.Resources, LoadEverything)
	if len(allowed) == 0 {
		t.Fatal("nothing would load, not even images")
	}
	for _, r := range allowed {
		if !images[r.Vector] {
			t.Errorf("a %s would load: %s", r.Vector, r.URL)
		}
	}
}

func TestTrustedSenders(t *testing.T) {
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)
	s.TrustSender("News@Shop.example")
	s.TrustSender("news@shop.example")
	if !s.IsTrustedSender("NEWS@shop.example") || len(s.TrustedSenders()) != 1 {
		t.Fatalf("trusted = %v", s.TrustedSenders())
	}
	s.UntrustSender("news@shop.example")
	if s.IsTrustedSender("news@shop.example") {
		t.Fatalf("still trusted")
	}
}
