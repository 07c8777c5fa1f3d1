package check

import (
	"math/bits"
	"strings"
)

// substrings tells which of a fixed list of strings occur in a text, in one
// pass over the text rather than one search per string: the fact lists
// (brand names, phrases) hold hundreds of entries, each searched in every
// message. It answers exactly what strings.Contains would for each.
//
// A pattern of four bytes or more is looked up by its first four bytes (its
// head), hashed into a small table: at most places in a text no pattern's
// head hashes to the slot, and where one does the whole head is compared
// before the rest. A pattern of two or three bytes is looked up by its
// first two, in a bit set of the pairs that start one.
type substrings struct {
	pats []string
	// slot maps the hash of a pattern's head (headSlot) to 1 + its index
	// in groups (0: no pattern's head hashes there).
	slot   []uint16
	shift  uint32 // 32 - log2(len(slot))
	groups [][]headed
	// pair has the bit of each first two bytes (pairOf) of the patterns
	// in short, the patterns of two or three bytes.
	pair  []uint64
	short []int
	tiny  []int // patterns under two bytes long, searched one by one
}

// headed is a pattern of four bytes or more, by index, with its head.
type headed struct {
	head uint32
	pat  int
}

// headMul spreads a head over the slot table's bits (Fibonacci hashing).
const headMul = 0x9E3779B1

func newSubstrings(pats []string) *substrings {
	long := 0
	for _, p := range pats {
		if len(p) >= 4 {
			long++
		}
	}
	// At least 16 slots for each long pattern: a text's heads seldom land
	// on a taken one.
	size := max(10, bits.Len(uint(long))+4)
	s := &substrings{pats: pats, slot: make([]uint16, 1<<size), shift: uint32(32 - size), pair: make([]uint64, 1<<16/64)}
	for i, p := range pats {
		switch {
		case len(p) < 2:
			s.tiny = append(s.tiny, i)
		case len(p) < 4:
			k := pairOf(p, 0)
			s.pair[k/64] |= 1 << (k % 64)
			s.short = append(s.short, i)
		default:
			w := headOf(p, 0)
			h := s.headSlot(w)
			if s.slot[h] == 0 {
				s.groups = append(s.groups, nil)
				s.slot[h] = uint16(len(s.groups))
			}
			g := s.slot[h] - 1
			s.groups[g] = append(s.groups[g], headed{head: w, pat: i})
		}
	}
	return s
}

// headOf is the four bytes of s at i as one number.
func headOf(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func pairOf(s string, i int) uint16 { return uint16(s[i])<<8 | uint16(s[i+1]) }

func (s *substrings) headSlot(w uint32) uint32 { return (w * headMul) >> s.shift }

// in returns, for each pattern by index, whether it occurs in text.
func (s *substrings) in(text string) []bool {
	found := make([]bool, len(s.pats))
	for _, i := range s.tiny {
		found[i] = strings.Contains(text, s.pats[i])
	}
	if len(s.groups) > 0 {
		for i := 0; i+4 <= len(text); i++ {
			w := headOf(text, i)
			g := s.slot[s.headSlot(w)]
			if g == 0 {
				continue
			}
			for _, e := range s.groups[g-1] {
				if e.head == w && !found[e.pat] && strings.HasPrefix(text[i+4:], s.pats[e.pat][4:]) {
					found[e.pat] = true
				}
			}
		}
	}
	if len(s.short) > 0 {
		for i := 0; i+1 < len(text); i++ {
			k := pairOf(text, i)
			if s.pair[k/64]&(1<<(k%64)) == 0 {
				continue
			}
			for _, p := range s.short {
				if !found[p] && strings.HasPrefix(text[i:], s.pats[p]) {
					found[p] = true
				}
			}
		}
	}
	return found
}
