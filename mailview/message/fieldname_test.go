package message

import "testing"

// A common field name costs no allocation, and every name reads back as
// written, common or not, in any case.
func TestFieldNameIsTheName(t *testing.T) {
	for _, n := range []string{"Received", "DKIM-Signature", "X-MS-Exchange-CrossTenant-Id", "received", "RECEIVED", "X-Custom", "Subject", "Subjec", ""} {
		if got := fieldName([]byte(n)); got != n {
			t.Errorf("fieldName(%q) = %q", n, got)
		}
	}
	b := []byte("Received")
	var name string // kept, as parseHeader keeps it: a discarded copy would be made on the stack
	if n := testing.AllocsPerRun(100, func() { name = fieldName(b) }); n != 0 {
		t.Errorf("fieldName of a common name allocates %v times", n)
	}
	_ = name
}
