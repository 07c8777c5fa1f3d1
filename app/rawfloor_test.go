package app

import (
	"bytes"
	"io"

	gomessage "github.com/emersion/go-message"
	"golang.org/x/net/html"
)

// rawFloor is the raw floor for one message: go-message parsing
// every part (transfer encodings decoded) plus x/net/html tokenizing every
// HTML part, the least any reader of HTML mail does.
func rawFloor(raw []byte) {
	e, err := gomessage.Read(bytes.NewReader(raw))
	if e == nil {
		_ = err // not a message at all: nothing more to parse
		return
	}
	e.Walk(func(_ []int, part *gomessage.Entity, err error) error {
		if err != nil || part.MultipartReader() != nil {
			return nil // Walk reads a multipart's parts itself
		}
		if t, _, _ := part.Header.ContentType(); t == "text/html" {
			z := html.NewTokenizer(part.Body)
			for z.Next() != html.ErrorToken {
			}
			return nil
		}
		io.Copy(io.Discard, part.Body)
		return nil
	})
}
