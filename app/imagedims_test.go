package app

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"mailsafe/internal/hostilemail"
)

// An image that declares more pixels than the window decodes is refused by
// the loader from its header, before anything decodes it; one within the
// budget is handed on.
func TestLoaderRefusesImagesDeclaringTooManyPixels(t *testing.T) {
	huge := hostilemail.DeclaredPNG(30000, 30000) // a few hundred bytes; 900 MB decoded
	fine := encodedImage(t, "png", 600, 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		if r.URL.Path == "/huge.png" {
			w.Write(huge)
			return
		}
		w.Write(fine)
	}))
	defer srv.Close()
	got := loadAll(&HTTPLoader{AllowLoopback: true}, srv.URL+"/huge.png", srv.URL+"/fine.png")
	if img := got[srv.URL+"/huge.png"]; !errors.Is(img.Err, ErrImageTooLarge) || img.Data != nil {
		t.Errorf("30000x30000 PNG: err %v, %d bytes handed on; want %v", img.Err, len(img.Data), ErrImageTooLarge)
	}
	if img := got[srv.URL+"/fine.png"]; img.Err != nil || len(img.Data) != len(fine) {
		t.Errorf("600x200 PNG: err %v, %d bytes", img.Err, len(img.Data))
	}
}
