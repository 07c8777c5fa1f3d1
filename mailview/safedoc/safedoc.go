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
	return readBody(m, true)
}

// ReadFacts is Read without the document's blocks: the document holds
// only what is known of them (its text's length and excerpt, its words and
// images, the images' budgets), all that the checks and a report read. A
// body's blocks cost about as much memory as its HTML again; a report
// that shows no body (scan) does without them.
func ReadFacts(m *message.Message) (*Document, *Inventory) {
	return readBody(m, false)
}

// readBody is Read, keeping the document's blocks or not.
func readBody(m *message.Message, keep bool) (*Document, *Inventory) {
	inv := newInventory()
	var doc *Document
	seenCID := map[string]bool{}
	if m.HTML != "" {
		doc = newDocument(keep)
		readHTML(doc, m.HTML, m, inv, 0, seenCID, nestedDoc{base: bodyBase(m)})
	}
	if doc == nil || doc.facts.blocks == 0 && m.Text != "" {
		doc = newDocument(keep)
		readPlainText(doc, m.Text, inv)
	}
	readParts(m, inv, seenCID)
	inv.finish()
	budgetProblems(doc, inv, m)
	doc.finish()
	return doc, inv
}
