package app

import (
	"fmt"
	"strings"

	"mailsafe/mailview/message"
)

// Preference keys of the reader's identity.
const (
	prefMyAddresses = "my-addresses" // one address a line
	prefContacts    = "contacts"     // one "Name <address>" a line
)

// MyAddresses are the reader's own addresses as set in Settings → My
// addresses: their domains are "our domain" for the analysis (look-alikes
// of it, colleagues), in every window, files included.
func (s *Settings) MyAddresses() []string {
	var out []string
	for _, a := range parseAddressLines(s.prefs.String(prefMyAddresses)) {
		out = append(out, a.Addr)
	}
	return out
}

// SetMyAddresses checks and stores the reader's addresses, given as the
// reader typed them: one or more, separated by new lines, commas or
// spaces. Nothing is stored when one of them is not an address.
func (s *Settings) SetMyAddresses(text string) error {
	var lines []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\r' }) {
		list := message.ParseAddressList(f)
		if len(list) != 1 || !validAddr(list[0].Addr) {
			return fmt.Errorf("%w (%q)", ErrBadAddress, f)
		}
		lines = append(lines, list[0].Addr)
	}
	s.prefs.SetString(prefMyAddresses, strings.Join(lines, "\n"))
	return nil
}

// Contacts are the people the reader knows, as set in Settings: a known
// name on a foreign address is an impersonation.
func (s *Settings) Contacts() []message.Address {
	return parseAddressLines(s.prefs.String(prefContacts))
}

// ContactsText is the contacts as the reader edits them, one a line.
func (s *Settings) ContactsText() string { return s.prefs.String(prefContacts) }

// SetContacts checks and stores the contacts, one "Name <address>" (or a
// bare address) a line; nothing is stored when a line is not one.
func (s *Settings) SetContacts(text string) error {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		list := message.ParseAddressList(line)
		if len(list) != 1 || !validAddr(list[0].Addr) {
			return fmt.Errorf("%w (%q)", ErrBadAddress, line)
		}
		lines = append(lines, list[0].String())
	}
	s.prefs.SetString(prefContacts, strings.Join(lines, "\n"))
	return nil
}

func validAddr(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " <>")
}

func parseAddressLines(text string) []message.Address {
	var out []message.Address
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		for _, a := range message.ParseAddressList(line) {
			if validAddr(a.Addr) {
				out = append(out, a)
			}
		}
	}
	return out
}
