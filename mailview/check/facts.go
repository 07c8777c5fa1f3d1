package check

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"mailsafe/assets"
	"mailsafe/mailview/beacon"
)

// facts are the fact lists of assets/, read once: they never change while
// the program runs.
type factLists struct {
	shorteners map[string]bool
	dangerous  map[string]bool // file extensions that run code
	lookalike  map[rune]rune   // non-ASCII characters that read as an ASCII letter or digit (TR39)
	// lookalikeASCII: the list has an ASCII character too (it should not),
	// so brandFold cannot leave ASCII text as it is.
	lookalikeASCII bool
	freemail       map[string]bool
	urgency        phraseList
	lures          phraseList // phishing lures (lures.txt)
	// phraseKeys are the urgency keys and then the lure keys, searched in
	// one pass (phraseKeysIn); lureKeyMax is the longest lure key's length.
	phraseKeys *substrings
	lureKeyMax int
	// query parameters that only say where a click came from (tracking-params.txt)
	trackingParams   map[string]bool
	trackingPrefixes []string
	brands           []brand
	brandNames       brandIndex   // every brand's names
	hosting          hostingIndex // services anyone can publish under (hosting.txt)
	// image hosts whose URLs carry signatures, not per-recipient tokens (content-hosts.txt)
	contentHosts map[string]bool
}

var facts = sync.OnceValue(func() *factLists {
	f := &factLists{
		shorteners:   lowerSet("shorteners.txt"),
		dangerous:    lowerSet("dangerous-extensions.txt"),
		lookalike:    map[rune]rune{},
		freemail:     lowerSet("freemail.txt"),
		contentHosts: lowerSet("content-hosts.txt"),
	}
	f.urgency = loadPhrases("urgency.txt")
	f.lures = loadPhrases("lures.txt")
	f.phraseKeys = newSubstrings(slices.Concat(f.urgency.keys.pats, f.lures.keys.pats))
	for _, k := range f.lures.keys.pats {
		f.lureKeyMax = max(f.lureKeyMax, len(k))
	}
	f.trackingParams, f.trackingPrefixes = loadTrackingParams()
	for _, l := range assets.Lines("confusables.txt") {
		// "U+0430 a": the character, and the ASCII letter or digit it reads as.
		if fields := strings.Fields(l); len(fields) == 2 && strings.HasPrefix(fields[0], "U+") {
			if cp, err := strconv.ParseUint(fields[0][2:], 16, 32); err == nil {
				f.lookalike[rune(cp)] = rune(fields[1][0])
			}
		}
	}
	for r := range f.lookalike {
		f.lookalikeASCII = f.lookalikeASCII || r < 0x80
	}
	f.brands = loadBrands(f.lookalike)
	f.brandNames = newBrandIndex(f.brands)
	f.hosting = newHostingIndex(loadHosting())
	return f
})

// lowerSet is the lines of an asset list, lower-cased, as a set.
func lowerSet(name string) map[string]bool {
	set := map[string]bool{}
	for _, l := range assets.Lines(name) {
		set[strings.ToLower(l)] = true
	}
	return set
}

// listedHost tells whether host (lower case) or a domain above it is in
// hosts: a host list's entry covers its subdomains.
func listedHost(hosts map[string]bool, host string) bool {
	for h := beacon.NameSuffix(host); h != ""; {
		if hosts[h] {
			return true
		}
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			return false
		}
		h = h[dot+1:]
	}
	return false
}
