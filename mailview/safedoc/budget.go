package safedoc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the formats a message's images are read in; DecodeConfig reads only their header
	_ "image/jpeg"
	_ "image/png"

	"mailsafe/mailview/message"
)

// Budgets on what one message may make the reader's machine do. Each one
// hit is a Problem of the message (shown in the window and in scan's
// report); past the ones that stop the analysis (resources, links) the
// checks add the finding check-incomplete.
const (
	// MaxImagePixels is the most pixels one image may declare and still be
	// decoded (a 8000x5000 photograph); decoded, it takes 4 bytes a pixel.
	// A 2 MB PNG can declare 20000x20000 pixels: 1.6 GB once decoded.
	MaxImagePixels = 40_000_000
	// MaxMessageImagePixels is the most pixels the images carried in one
	// message may declare together; the images past it are not decoded.
	MaxMessageImagePixels = 120_000_000
	// TextChunk is how many bytes of body text the window lays out at
	// a time; a longer body is shown a part at a time, each part after a
	// "show more" control, so the window's memory follows what is shown.
	TextChunk = 50_000
)

// ErrImageTooLarge is the error of an image that declares more pixels than
// MaxImagePixels.
var ErrImageTooLarge = errors.New("the image declares more pixels than mailsafe decodes")

// ImageSize reads the dimensions an image's header declares, without
// decoding its pixels, and refuses one above MaxImagePixels. Every path that
// decodes an image (carried in the message or loaded after consent) asks
// this first.
func ImageSize(data []byte) (image.Config, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, fmt.Errorf("reading the image header: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, fmt.Errorf("reading the image header: it declares %dx%d pixels", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return cfg, fmt.Errorf("%w: %dx%d pixels (at most %d)", ErrImageTooLarge, cfg.Width, cfg.Height, MaxImagePixels)
	}
	return cfg, nil
}

// budgetImage reads the declared size of an image the document carries
// (im.Data) and refuses it past the pixel budgets: alone, or with the
// images before it. Each image is read once, as its block is added
// (Document.add); budgetProblems reports the refusals.
func (f *documentFacts) budgetImage(im *Image) {
	cfg, err := ImageSize(im.Data)
	im.PixelWidth, im.PixelHeight = cfg.Width, cfg.Height
	switch {
	case errors.Is(err, ErrImageTooLarge):
		im.Refused = RefusedTooLarge
		f.tooLarge = append(f.tooLarge, message.Problem{Kind: message.ProblemImageTooLarge,
			Detail: fmt.Sprintf("an inline image declares %dx%d pixels, more than the %d mailsafe decodes; it is not shown", cfg.Width, cfg.Height, MaxImagePixels)})
	case err != nil:
		// Unreadable: the window shows a placeholder saying so.
	case f.pixels+int64(cfg.Width)*int64(cfg.Height) > MaxMessageImagePixels:
		im.Refused = RefusedTooMany
		f.refused++
	default:
		f.pixels += int64(cfg.Width) * int64(cfg.Height)
	}
}

// budgetProblems turns the budgets the reading hit into problems of m.
func budgetProblems(doc *Document, inv *Inventory, m *message.Message) {
	if inv.Dropped > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemTooManyResources,
			Detail: fmt.Sprintf("more than %d remote references: %d more were not listed or checked", maxResources, inv.Dropped)})
	}
	if inv.LinksDropped > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemTooManyLinks,
			Detail: fmt.Sprintf("more than %d links: %d more were not listed or checked", maxLinks, inv.LinksDropped)})
	}
	if inv.DeepElements > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemHTMLTooDeep,
			Detail: fmt.Sprintf("HTML elements nested deeper than %d levels: %d were read for what they load, but whether they hide or link their content was not applied", maxOpenElements, inv.DeepElements)})
	}
	if inv.Unread > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemNestedUnread,
			Detail: fmt.Sprintf("%d documents nested in the message (iframe srcdoc, conditional comments, attached parts) past the nesting or size limit were not searched for what they load", inv.Unread)})
	}
	if inv.Unapplied > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemStyleUnapplied,
			Detail: "the style sheets' rules were not all applied (a sheet past the nesting, size, rule or token limit was read only up to there, or matching them to the rest of the body passed the work limit), so images hidden or shrunk by a class there are judged by their own attributes"})
	}
	if inv.UnreadSelectors > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemStyleUnread,
			Detail: fmt.Sprintf("%d selector(s) of style rules that hide or size elements are of a kind mailsafe does not read (:not(), :nth-child() and the like), so those rules were not applied: images they would hide or shrink are judged by their own attributes", inv.UnreadSelectors)})
	}
	if n := doc.TextLen(); n > TextChunk {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemBodyLong,
			Detail: fmt.Sprintf("the body has %d bytes of text; the window shows %d at a time (\"show more\" shows the next part)", n, TextChunk)})
	}
	m.Problems = append(m.Problems, doc.facts.tooLarge...)
	if doc.facts.refused > 0 {
		m.Problems = append(m.Problems, message.Problem{Kind: message.ProblemImagesTooLarge,
			Detail: fmt.Sprintf("the inline images together declare more than %d pixels; %d image(s) past that are not shown", MaxMessageImagePixels, doc.facts.refused)})
	}
}
