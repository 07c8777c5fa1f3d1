package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mailsafe/app"
	"mailsafe/mailview"
)

// A picture of ordinary size whose URL carries the reader's address is kept
// blocked, and the reader is told why where it stands and in "What loading
// would reveal": the window reads the analysis' verdict, it does not decide
// again on its own.
func TestAddressCarryingImageSaysItWouldSendTheAddress(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations()
	raw := "From: Shop <news@shop.example>\r\nTo: reader@acme.example\r\nSubject: Winter sale\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>Our winter sale starts today.</p><img src="https://img.shop.example/banner.png?u=reader%40acme.example" width="600" height="200" alt="Winter sale">`
	v := mailview.Analyze([]byte(raw), mailview.Reader{Me: []string{"reader@acme.example"}})
	if len(app.AllowedResources(v.Resources, app.LoadKeepTrackersBlocked)) != 0 {
		t.Fatalf("the address-carrying banner would load with trackers blocked: %+v", v.Resources)
	}
	objs, _ := renderDocumentSlots(v, func(string) {})
	body := renderedText(container.NewVBox(objs...))
	if !strings.Contains(body, "Blocked image that would send your email address to img.shop.example") {
		t.Errorf("the banner's placeholder does not say it would send the address:\n%s", body)
	}
	reveal := revealPanel(v, "en")
	if reveal == nil {
		t.Fatal("no “What loading would reveal” for a message whose image would send the reader's address")
	}
	text := renderedText(container.NewVBox(reveal...))
	for _, want := range []string{"What loading would reveal", "Loading the images would tell the server at img.shop.example", "hand your email address to the server at img.shop.example"} {
		if !strings.Contains(text, want) {
			t.Errorf("reveal panel lacks %q:\n%s", want, text)
		}
	}
}
