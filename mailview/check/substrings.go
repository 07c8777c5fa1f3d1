package check

// substrings tells which of a fixed list of strings occur in a text, in one
// pass over the text rather than one search per string: the fact lists
// (brand names, phrases) hold hundreds of entries, each searched in every
// message. It answers exactly what strings.Contains would for each.
//
// It is an Aho-Corasick automaton made a full table: one step per byte of
// the text, whatever the patterns. Bytes that no pattern holds share one
// column (class 0), so the table is states × the distinct pattern bytes
// (for the brand names, about 4,000 × 120 entries).
type substrings struct {
	pats []string
	// class maps a byte to its column in next; 0 is every byte no
	// pattern holds.
	class   [256]uint8
	columns int
	// next is the automaton, a row of columns entries per state: the
	// state after the state at row r reads a byte of class c is
	// next[r+c], given as its row's start (state × columns), with
	// hasEnds set when patterns end there. The start is row 0.
	next []uint32
	// ends lists, for each state, the patterns that end there: those
	// spelled by the bytes that lead to it and its suffixes.
	ends [][]int32
	// empty are the patterns of no bytes, in every text.
	empty []int
}

func newSubstrings(pats []string) *substrings {
	s := &substrings{pats: pats}
	// Columns: one for each distinct byte of the patterns, in byte order,
	// after column 0 for the bytes of none (unless the patterns hold all
	// 256: then each byte is its own column).
	var used [256]bool
	distinct := 0
	for _, p := range pats {
		for i := 0; i < len(p); i++ {
			if !used[p[i]] {
				used[p[i]] = true
				distinct++
			}
		}
	}
	if distinct == 256 {
		for b := range s.class {
			s.class[b] = uint8(b)
		}
		s.columns = 256
	} else {
		s.columns = 1
		for b := range used {
			if used[b] {
				s.class[b] = uint8(s.columns)
				s.columns++
			}
		}
	}
	// The trie: goto[s*columns+c] is the child of s on c, or 0 for none
	// (the start is nobody's child).
	trie := make([]uint32, s.columns)
	s.ends = [][]int32{nil}
	for i, p := range pats {
		if p == "" {
			s.empty = append(s.empty, i)
			continue
		}
		st := uint32(0)
		for j := 0; j < len(p); j++ {
			k := int(st)*s.columns + int(s.class[p[j]])
			if trie[k] == 0 {
				trie[k] = uint32(len(s.ends))
				s.ends = append(s.ends, nil)
				trie = append(trie, make([]uint32, s.columns)...)
			}
			st = trie[k]
		}
		s.ends[st] = append(s.ends[st], int32(i))
	}
	// Breadth first, each state's missing steps are its fallback's (the
	// longest proper suffix that is a trie state), and it ends what its
	// fallback ends.
	s.next = trie
	fail := make([]uint32, len(s.ends))
	queue := make([]uint32, 0, len(s.ends))
	for c := 0; c < s.columns; c++ {
		if child := s.next[c]; child != 0 {
			queue = append(queue, child) // fail 0
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		if f := fail[st]; len(s.ends[f]) > 0 {
			s.ends[st] = append(s.ends[st], s.ends[f]...)
		}
		row := int(st) * s.columns
		frow := int(fail[st]) * s.columns
		for c := 0; c < s.columns; c++ {
			if child := s.next[row+c]; child != 0 {
				fail[child] = s.next[frow+c]
				queue = append(queue, child)
			} else {
				s.next[row+c] = s.next[frow+c]
			}
		}
	}
	// Entries as rows, marked where patterns end.
	for i, st := range s.next {
		e := st * uint32(s.columns)
		if len(s.ends[st]) > 0 {
			e |= hasEnds
		}
		s.next[i] = e
	}
	return s
}

// hasEnds marks an entry of substrings.next whose state ends patterns
// (rows stay below it: the lists hold kilobytes, not the 8 MB of pattern
// bytes that would reach it).
const hasEnds = 1 << 31

// in returns, for each pattern by index, whether it occurs in text.
func (s *substrings) in(text string) []bool {
	found := make([]bool, len(s.pats))
	for _, i := range s.empty {
		found[i] = true
	}
	next, class := s.next, &s.class
	row := uint32(0)
	for i := 0; i < len(text); i++ {
		row = next[row+uint32(class[text[i]])]
		if row&hasEnds != 0 {
			row &^= hasEnds
			for _, p := range s.ends[row/uint32(s.columns)] {
				found[p] = true
			}
		}
	}
	return found
}
