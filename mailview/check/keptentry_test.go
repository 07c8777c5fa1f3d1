package check

import (
	"fmt"
	"testing"
	"time"

	"mailsafe/mailview/message"
)

// A profile's sets and a recipient's names keep at most maxValues values,
// however they are added or merged, and a value already kept is still
// counted once they are full.
func TestSetsKeepAtMostMaxValues(t *testing.T) {
	name := func(i int) string { return fmt.Sprintf("Name %d", i) }
	var p, q SenderProfile
	var r, s Recipient
	for i := 0; i < maxValues+5; i++ {
		p.Add(Observation{Addr: "a@b.example", Name: name(i)})
		q.Add(Observation{Addr: "a@b.example", Name: name(100 + i)})
		r.Add(message.Address{Name: name(i), Addr: "a@b.example"}, time.Time{})
		s.AddToAddressBook(message.Address{Name: name(100 + i), Addr: "a@b.example"})
	}
	p.Add(Observation{Addr: "a@b.example", Name: name(0)})
	r.Add(message.Address{Name: name(0), Addr: "a@b.example"}, time.Time{})
	s.AddToAddressBook(message.Address{Name: name(100), Addr: "a@b.example"})
	if len(p.Names) != maxValues || p.Names[name(0)].N != 2 || p.Count.N != maxValues+6 {
		t.Errorf("profile: %d names, %q seen %d times, count %d; want %d, 2, %d", len(p.Names), name(0), p.Names[name(0)].N, p.Count.N, maxValues, maxValues+6)
	}
	if len(r.Names) != maxValues || r.Names[name(0)] != 2 || r.Count != maxValues+6 {
		t.Errorf("recipient: %d names, %q used %d times, count %d; want %d, 2, %d", len(r.Names), name(0), r.Names[name(0)], r.Count, maxValues, maxValues+6)
	}
	if len(s.Names) != maxValues || s.Names[name(100)] != 0 {
		t.Errorf("address book: %d names, %q counted %d; want %d, 0", len(s.Names), name(100), s.Names[name(100)], maxValues)
	}
	p.Merge(q)
	r.Merge(Recipient{Names: map[string]int{name(0): 3, name(200): 1}})
	if len(p.Names) != maxValues || p.Names[name(0)].N != 2 {
		t.Errorf("merged profile: %d names, %q seen %d times; want %d, 2", len(p.Names), name(0), p.Names[name(0)].N, maxValues)
	}
	if len(r.Names) != maxValues || r.Names[name(0)] != 5 {
		t.Errorf("merged recipient: %d names, %q used %d times; want %d, 5", len(r.Names), name(0), r.Names[name(0)], maxValues)
	}
}
