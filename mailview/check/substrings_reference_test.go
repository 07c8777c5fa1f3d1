package check

import "strings"

// bigramSubstrings is the substrings search before it looked patterns up
// by their first four bytes: by their first two, each candidate compared
// whole. It is the reference FuzzSubstrings holds the search to.
type bigramSubstrings struct {
	pats   []string
	slot   []uint16
	groups [][]int
	short  []int
}

func newBigramSubstrings(pats []string) *bigramSubstrings {
	s := &bigramSubstrings{pats: pats, slot: make([]uint16, 1<<16)}
	for i, p := range pats {
		if len(p) < 2 {
			s.short = append(s.short, i)
			continue
		}
		k := pairOf(p, 0)
		if s.slot[k] == 0 {
			s.groups = append(s.groups, nil)
			s.slot[k] = uint16(len(s.groups))
		}
		g := s.slot[k] - 1
		s.groups[g] = append(s.groups[g], i)
	}
	return s
}

func (s *bigramSubstrings) in(text string) []bool {
	found := make([]bool, len(s.pats))
	for _, i := range s.short {
		found[i] = strings.Contains(text, s.pats[i])
	}
	for i := 0; i+1 < len(text); i++ {
		g := s.slot[pairOf(text, i)]
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
