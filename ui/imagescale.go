package ui

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for images carried in messages
	_ "image/jpeg"
	_ "image/png"

	"mailsafe/mailview/safedoc"

	"fyne.io/fyne/v2/canvas"
	"golang.org/x/image/draw"
)

// maxDecodedWidth is the widest an image is kept once decoded: the pane
// draws it at most maxInlineImageWidth wide, twice that on a HiDPI screen;
// maxDecodedHeight bounds a tall one likewise (a long strip is scrolled).
const (
	maxDecodedWidth  = 2 * maxInlineImageWidth
	maxDecodedHeight = 8 * maxDecodedWidth
)

// scaledImage decodes image bytes whose header declared cfg (already
// checked against safedoc's pixel budget by the caller) and keeps them no
// wider than the pane can show: a large photo is decoded once, scaled
// down, and only the small copy stays. nil when the bytes do not decode.
func scaledImage(data []byte, cfg image.Config) *canvas.Image {
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > safedoc.MaxImagePixels {
		return nil
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	if scale := min(float64(maxDecodedWidth)/float64(b.Dx()), float64(maxDecodedHeight)/float64(b.Dy())); scale < 1 {
		w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
		dst := image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		src = dst
	}
	img := canvas.NewImageFromImage(src)
	img.FillMode = canvas.ImageFillContain
	return img
}
