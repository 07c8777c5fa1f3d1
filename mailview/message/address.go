package message

import (
	"strings"

	"golang.org/x/net/idna"
)

// Address is one mailbox from an address header.
type Address struct {
	Name string // display name, decoded; "" when none
	Addr string // the address as written (local@domain); may be empty or malformed in hostile mail
}

// String formats the address the way a reader sees it: `Name <addr>`.
func (a Address) String() string {
	switch {
	case a.Name == "":
		return a.Addr
	case a.Addr == "":
		return a.Name
	default:
		return a.Name + " <" + a.Addr + ">"
	}
}

// CanonicalAddress is the one form addresses are compared and stored in
// (the trusted senders, the correspondents store, the history the analysis
// reads): white space and angle brackets trimmed, the local part
// lower-cased (Unicode case folding), the domain in its ASCII (IDNA) form,
// lower case, without a trailing dot. "" when addr has no "@".
func CanonicalAddress(addr string) string {
	addr = strings.Trim(strings.TrimSpace(addr), "<>")
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return ""
	}
	local, domain := addr[:at], strings.TrimRight(addr[at+1:], ".")
	if ascii, err := idna.Lookup.ToASCII(domain); err == nil {
		domain = ascii
	}
	return strings.ToLower(local) + "@" + strings.ToLower(domain)
}

// Canonical is the address in its canonical form (CanonicalAddress).
func (a Address) Canonical() string { return CanonicalAddress(a.Addr) }

// Domain returns the lower-cased part after the last "@", or "".
func (a Address) Domain() string {
	i := strings.LastIndexByte(a.Addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimRight(a.Addr[i+1:], ". "))
}

// parseAddressList reads an address header value leniently. Spoofed mail is
// often malformed on purpose, so rather than rejecting the field it finds what
// a mail client would show: entries split at top-level commas, the address in
// angle brackets (or the bare token with an "@"), the rest as the display name,
// groups and comments unwrapped. Encoded words in names are decoded after the
// split, so an encoded comma cannot fake a second address.
func parseAddressList(v, fallbackCharset string) []Address {
	var out []Address
	for _, entry := range splitTopLevel(v) {
		entry = strings.TrimSpace(entry)
		// A group: "Team: a@x, b@y;" is split at commas already; drop the label.
		if colon := indexTopLevel(entry, ':'); colon >= 0 && !strings.Contains(entry[:colon], "<") && !strings.Contains(entry[:colon], "@") {
			entry = strings.TrimSpace(entry[colon+1:])
		}
		entry = strings.TrimSpace(strings.TrimSuffix(entry, ";"))
		if entry == "" {
			continue
		}
		var name, addr string
		if lt := lastTopLevel(entry, '<'); lt >= 0 {
			gt := strings.IndexByte(entry[lt:], '>')
			if gt < 0 {
				addr = entry[lt+1:]
			} else {
				addr = entry[lt+1 : lt+gt]
			}
			name = entry[:lt]
		} else {
			bare, comment := stripComments(entry)
			addr, name = bare, comment
			if !strings.Contains(bare, "@") && comment == "" {
				// No address at all ("From: 至急 確認", an encoded word
				// alone): what a mail client shows is a name.
				addr, name = "", bare
			}
		}
		addr = strings.TrimSpace(addr)
		// Source routes "<@relay:user@host>" name the user last.
		if strings.HasPrefix(addr, "@") {
			if colon := strings.IndexByte(addr, ':'); colon >= 0 {
				addr = addr[colon+1:]
			}
		}
		name = unquoteDisplayName(strings.TrimSpace(name))
		out = append(out, Address{
			Name: decodeHeaderText(name, fallbackCharset),
			Addr: SanitizeText(decodeRawHeaderBytes(addr, fallbackCharset)),
		})
	}
	return out
}

// splitTopLevel splits at commas outside quotes, comments and angle brackets.
func splitTopLevel(v string) []string {
	var out []string
	depth, angle, quoted, start := 0, false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && (quoted || depth > 0):
			i++
		case c == '"' && depth == 0:
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case c == ',' && !angle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// indexTopLevel finds c outside quotes and comments, or -1.
func indexTopLevel(v string, c byte) int {
	quoted, depth := false, 0
	for i := 0; i < len(v); i++ {
		switch ch := v[i]; {
		case ch == '\\':
			i++
		case ch == '"' && depth == 0:
			quoted = !quoted
		case quoted:
		case ch == '(':
			depth++
		case ch == ')' && depth > 0:
			depth--
		case depth == 0 && ch == c:
			return i
		}
	}
	return -1
}

// lastTopLevel finds the last c outside quotes and comments, or -1.
func lastTopLevel(v string, c byte) int {
	last := -1
	for rest, off := v, 0; ; {
		i := indexTopLevel(rest, c)
		if i < 0 {
			return last
		}
		last = off + i
		off += i + 1
		rest = rest[i+1:]
	}
}

// stripComments removes "(comments)" from s and returns them joined, the
// old "addr (Name)" form of a display name.
func stripComments(s string) (rest, comments string) {
	var r, c strings.Builder
	depth := 0
	quoted := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s) && (depth > 0 || quoted):
			i++
			if depth > 0 {
				c.WriteByte(s[i])
			} else {
				r.WriteByte(s[i])
			}
			continue
		case ch == '"' && depth == 0:
			quoted = !quoted
		case ch == '(' && !quoted:
			depth++
			if depth == 1 {
				if c.Len() > 0 {
					c.WriteByte(' ')
				}
				continue
			}
		case ch == ')' && depth > 0 && !quoted:
			depth--
			if depth == 0 {
				continue
			}
		}
		if depth > 0 {
			c.WriteByte(ch)
		} else {
			r.WriteByte(ch)
		}
	}
	return strings.TrimSpace(r.String()), strings.TrimSpace(c.String())
}

// unquoteDisplayName removes the quotes around a display name and undoes its
// escapes; text after a stray closing quote is kept.
func unquoteDisplayName(s string) string {
	if !strings.HasPrefix(s, `"`) {
		return s
	}
	v, rest := readQuoted(s)
	return v + rest
}

// ParseAddressList reads an address list such as a From or To value, or a
// contacts line, with the same leniency as message headers.
func ParseAddressList(v string) []Address {
	return parseAddressList(v, "")
}
