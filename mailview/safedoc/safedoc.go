// Package safedoc turns a message body into a document that cannot reach the
// network, and lists everything the body would load or link to.
//
// HTML is read with the WHATWG tokenizer (golang.org/x/net/html) in one
// streaming pass and CSS with a CSS Syntax Level 3 tokenizer; every way HTML,
// CSS and SVG can load a URL becomes a Resource in the Inventory, and every
// click target a Link. Each URL is parsed once, here, with its host and
// registrable domain, for the checks to read. Nothing here decides whether a
// resource tracks or a link deceives: that is package check's work.
package safedoc

import "mailsafe/mailview/message"

// Read returns the safe document of m's body (its HTML part when there is
// one, the text otherwise) and the inventory of its remote references and
// links: the body's, and those of every other part a mail client may render
// (nested.go).
func Read(m *message.Message) (*Document, *Inventory) {
	inv := newInventory()
	var doc *Document
	seenCID := map[string]bool{}
	if m.HTML != "" {
		doc = sanitizeHTML(m.HTML, m, inv, 0, seenCID, nestedDoc{base: bodyBase(m)})
	}
	if doc == nil || len(doc.Blocks) == 0 && m.Text != "" {
		doc = plainTextDocument(m.Text, inv)
	}
	readParts(m, inv, seenCID)
	inv.finish()
	budgetProblems(doc, inv, m)
	return doc, inv
}
