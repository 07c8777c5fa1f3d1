package mailview

import (
	"strings"
	"sync"

	"mailsafe/assets"
)

// facts are the fact lists of assets/, read once: they never change while
// the program runs.
type factLists struct {
	shorteners map[string]bool
	dangerous  map[string]bool // file extensions that run code
	lookalike  map[rune]rune   // non-Latin letters that read as a Latin one
}

var facts = sync.OnceValue(func() *factLists {
	f := &factLists{shorteners: map[string]bool{}, dangerous: map[string]bool{}, lookalike: map[rune]rune{}}
	for _, h := range assets.Lines("shorteners.txt") {
		f.shorteners[strings.ToLower(h)] = true
	}
	for _, e := range assets.Lines("dangerous-extensions.txt") {
		f.dangerous[strings.ToLower(e)] = true
	}
	for _, l := range assets.Lines("latin-lookalikes.txt") {
		if fields := strings.Fields(l); len(fields) == 2 {
			f.lookalike[[]rune(fields[0])[0]] = []rune(fields[1])[0]
		}
	}
	return f
})
