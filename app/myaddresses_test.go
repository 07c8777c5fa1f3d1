package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mailsafe/mailview"
)

func hasFinding(v *mailview.View, id string) bool {
	for _, f := range v.Findings {
		if string(f.ID) == id {
			return true
		}
	}
	return false
}

// A file read on its own knows the reader only through Settings → My
// addresses (and contacts): with them a look-alike of the reader's company
// domain and a colleague's name on a foreign address are found; without
// them the message's recipient stands for the reader, and that is said.
func TestFileReadsWithMyAddresses(t *testing.T) {
	raw, err := os.ReadFile("../mailview/testdata/sender/lookalike-domain.eml")
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := os.ReadFile("../mailview/testdata/sender/contacts.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := NewSettings(test.NewTempApp(t).Preferences(), nil)

	// Nothing set: the To address is taken as the reader's, and said to be.
	r, assumed := ReaderForFile(s, raw)
	if assumed != "reader@acme-corp.co.jp" || len(r.Me) != 1 || r.Me[0] != assumed {
		t.Errorf("fallback: assumed %q, Me %v", assumed, r.Me)
	}
	if v := mailview.Analyze(raw, r); !hasFinding(v, "lookalike-domain") {
		t.Errorf("the fallback address does not find the look-alike: %v", v.Findings)
	}

	if err := s.SetMyAddresses("reader@acme-corp.co.jp, me@home.example"); err != nil {
		t.Fatal(err)
	}
	var lines string
	for _, l := range strings.Split(string(contacts), "\n") {
		if len(l) > 0 && l[0] != '#' {
			lines += l + "\n"
		}
	}
	if err := s.SetContacts(lines); err != nil {
		t.Fatal(err)
	}
	r, assumed = ReaderForFile(s, raw)
	if assumed != "" || len(r.Me) != 2 {
		t.Errorf("with My addresses: assumed %q, Me %v", assumed, r.Me)
	}
	v := mailview.Analyze(raw, r)
	for _, id := range []string{"lookalike-domain", "display-name-impersonation"} {
		if !hasFinding(v, id) {
			t.Errorf("with My addresses and contacts, %s is not found: %v", id, v.Findings)
		}
	}
	if err := s.SetMyAddresses("reader@acme-corp.co.jp not-an-address"); err == nil {
		t.Errorf("a bad address was accepted")
	}
	if got := s.MyAddresses(); len(got) != 2 {
		t.Errorf("a rejected edit changed My addresses to %v", got)
	}
}
