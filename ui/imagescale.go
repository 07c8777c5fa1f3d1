package ui

import (
	"bytes"
	"image"
	_ "image/gif" // decoders for images carried in messages
	_ "image/jpeg"
	_ "image/png"

	"mailsafe/mailview/safedoc"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/draw"
)

// maxDecodedWidth is the widest an image is kept once decoded: the pane
// draws it at most maxInlineImageWidth wide, twice that on a HiDPI screen;
// maxDecodedHeight bounds a tall one likewise (a long strip is scrolled).
const (
	maxDecodedWidth  = 2 * maxInlineImageWidth
	maxDecodedHeight = 8 * maxDecodedWidth
)

// decodedImage is image bytes decoded within the pixel budget and scaled
// to what the pane can show, with the size their header declared.
type decodedImage struct {
	img image.Image
	cfg image.Config
}

// decodeImage decodes image bytes, asking safedoc.ImageSize first: bytes
// that declare more pixels than the budget are never decoded. nil when
// refused or unreadable. It touches no widget: call it off the UI goroutine.
func decodeImage(data []byte) *decodedImage {
	cfg, err := safedoc.ImageSize(data)
	if err != nil {
		return nil
	}
	img := decodeScaled(data, cfg)
	if img == nil {
		return nil
	}
	return &decodedImage{img: img, cfg: cfg}
}

// canvasImage is the decoded image as a Fyne object.
func (d *decodedImage) canvasImage() *canvas.Image {
	img := canvas.NewImageFromImage(d.img)
	img.FillMode = canvas.ImageFillContain
	return img
}

// decodeScaled decodes image bytes whose header declared cfg and keeps
// them no larger than the pane can show: a large photo is decoded once,
// scaled down, and only the small copy stays. nil when cfg is past the
// pixel budget or the bytes do not decode.
func decodeScaled(data []byte, cfg image.Config) image.Image {
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > safedoc.MaxImagePixels {
		return nil
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	if b.Empty() {
		return nil // a header that declares a size over a frame of none (a GIF can)
	}
	if scale := min(float64(maxDecodedWidth)/float64(b.Dx()), float64(maxDecodedHeight)/float64(b.Dy())); scale < 1 {
		w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
		dst := image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		src = dst
	}
	return src
}

// decodeJob is an image carried in the message, waiting to be decoded:
// its slot holds a frame of the image's size until then.
type decodeJob struct {
	block safedoc.Block
	slot  *fyne.Container
	w, h  float32 // the size it is drawn at
}

// newDecodeJob makes the job of an image block whose bytes are in the
// message and within the pixel budget; ok is false for every other block
// (it gets a placeholder).
func newDecodeJob(b safedoc.Block) (decodeJob, bool) {
	im := b.Image
	if b.Kind != safedoc.BlockImage || im == nil || im.Data == nil || im.Refused != "" || im.PixelWidth <= 0 || im.PixelHeight <= 0 {
		return decodeJob{}, false
	}
	w, h := float32(im.PixelWidth), float32(im.PixelHeight)
	if im.Width > 0 && im.Height > 0 {
		w, h = float32(im.Width), float32(im.Height)
	}
	frame := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	return decodeJob{block: b, slot: container.NewStack(fitToWidth(frame, w, h)), w: w, h: h}, true
}

// syncDecodePixels is the size up to which an image is decoded at once, on
// the UI goroutine, as the body is laid out: a logo or an icon, which
// takes a few milliseconds. Measured on the 2-core build machine (Go's
// decoders): a 256×256 PNG 7 ms, 512×512 12 ms, 1024×1024 100 ms (JPEG
// 3, 5, 24 ms); anything larger than a logo would stall the window for
// frames, so it is drawn as a frame and decoded on the goroutine.
const syncDecodePixels = 256 * 256

// small tells whether the job's image is decoded at once.
func (j decodeJob) small() bool {
	return j.block.Image.PixelWidth*j.block.Image.PixelHeight <= syncDecodePixels
}

// done puts the decoded image (or, nil, the placeholder saying it could not
// be shown) in the job's slot.
func (j decodeJob) done(pic *decodedImage) {
	if pic == nil {
		j.slot.Objects = []fyne.CanvasObject{imageObject(j.block, nil)}
	} else {
		j.slot.Objects = []fyne.CanvasObject{fitToWidth(pic.canvasImage(), j.w, j.h)}
	}
	j.slot.Refresh()
}

// decode decodes the jobs' images: small ones at once, the others one
// after another on a goroutine of their own (one at a time, so that a message of many large images holds
// one decoded copy at once), and puts each in its slot; an image that does
// not decode gets the placeholder that says so. It stops when the reader
// moves on (d.ctx is cancelled).
func (d *docRenderer) decode(jobs []decodeJob) {
	var large []decodeJob
	for _, j := range jobs {
		if j.small() {
			j.done(decodeImage(j.block.Image.Data))
		} else {
			large = append(large, j)
		}
	}
	if len(large) == 0 {
		return
	}
	do := d.do
	if do == nil {
		do = fyne.Do
	}
	d.decoding.Add(1)
	go func() {
		defer d.decoding.Done()
		for _, j := range large {
			if d.ctx.Err() != nil {
				return
			}
			pic := decodeImage(j.block.Image.Data)
			do(func() { j.done(pic) })
		}
	}()
}
