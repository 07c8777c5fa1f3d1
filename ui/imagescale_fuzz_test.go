package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"testing"

	"mailsafe/internal/hostilemail"
)

// FuzzDecodeImage decodes arbitrary bytes as an image carried in a message
// or loaded: never a panic, and what comes out is never larger than the
// pane keeps.
func FuzzDecodeImage(f *testing.F) {
	var p, g bytes.Buffer
	png.Encode(&p, image.NewGray(image.Rect(0, 0, 3000, 20)))
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 5, 5), color.Palette{color.Black, color.White}), nil)
	for _, seed := range [][]byte{p.Bytes(), g.Bytes(), hostilemail.DeclaredPNG(20000, 20000), hostilemail.DeclaredPNG(10, 10), []byte("GIF89a\x05\x00\x05\x00\x00\x00\x00<html>")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := decodeImage(data)
		if d == nil {
			return
		}
		if b := d.img.Bounds(); b.Dx() > maxDecodedWidth || b.Dy() > maxDecodedHeight || b.Dx() <= 0 || b.Dy() <= 0 {
			t.Fatalf("decoded %v from %d bytes", b, len(data))
		}
	})
}
