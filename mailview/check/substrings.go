package check

import "strings"

// substrings tells which of a fixed list of strings occur in a text, in one
// pass over the text rather than one search per string: the fact lists
// (brand names, phrases) hold hundreds of entries, each searched in every
// message. It answers exactly what strings.Contains would for each.
type substrings struct {
	pats []string
	// slot maps the first two bytes of a pattern to 1 + its index in
	// groups (0: no pattern starts with them).
	slot   []uint16
	groups [][]int
	short  []int // patterns under two bytes long, searched one by one
}

func newSubstrings(pats []string) *substrings {
	s := &substrings{pats: pats, slot: make([]uint16, 1<<16)}
	for i, p := range pats {
		if len(p) < 2 {
			s.short = append(s.short, i)
			continue
		}
		k := bigram(p, 0)
		if s.slot[k] == 0 {
			s.groups = append(s.groups, nil)
			s.slot[k] = uint16(len(s.groups))
		}
		g := s.slot[k] - 1
		s.groups[g] = append(s.groups[g], i)
	}
	return s
}

func bigram(s string, i int) uint16 { return uint16(s[i])<<8 | uint16(s[i+1]) }

// in returns, for each pattern by index, whether it occurs in text.
func (s *substrings) in(text string) []bool {
	found := make([]bool, len(s.pats))
	for _, i := range s.short {
		found[i] = strings.Contains(text, s.pats[i])
	}
	for i := 0; i+1 < len(text); i++ {
		g := s.slot[bigram(text, i)]
		if g == 0 {
			continue
		}
		for _, p := range s.groups[g-1] {
			if !found[p] && strings.HasPrefix(text[i:], s.pats[p]) {
				found[p] = true
			}
		}
	}
	return found
}
