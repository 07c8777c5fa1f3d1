package check

// Context that makes a sender signal normal: mail re-sent by a mailing
// list, mail answered by a machine, calendar traffic. Each fact here is
// public and general:
//
//   - RFC 2369 (List-Help, List-Post, List-Subscribe, List-Unsubscribe,
//     List-Owner, List-Archive) and RFC 2919 (List-Id) name the list a
//     message came through; Mailman adds X-BeenThere and X-Mailman-Version,
//     ezmlm and Yahoo Groups add Mailing-List, SmartList and vger's
//     majordomo add X-Mailing-List, and list software sets "Precedence: list"
//     (older servers "Precedence: bulk" with themselves as Sender).
//   - A list re-sends each post with its own envelope sender, so that bounces
//     reach the list and not the author (RFC 5321 section 3.9.2; Mailman's
//     "-bounces" address, Google Groups' "+bnc" address), and many lists set
//     Reply-To to the list so that answers reach every member.
//   - RFC 3834 marks automatic answers with Auto-Submitted; vacation
//     programs that predate it write X-Autoreply, X-Autorespond or
//     "Precedence: auto_reply".
//   - Calendar invitations and answers carry a text/calendar part (RFC 5545,
//     iTIP RFC 5546); clients put "Re:"/"Fw:" before the event's title
//     without referring to an earlier message.

import (
	"regexp"
	"strings"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// listInfo is what the headers show about a mailing list that delivered
// the message.
type listInfo struct {
	isList bool
	// posting is true when the list names the address members post to
	// (List-Post, X-BeenThere, Mailing-List, X-Mailing-List): a discussion
	// list that re-sends its members' mail under its own envelope.
	posting bool
	domains map[string]bool // registrable domains of the list's addresses and List-Id
	addrs   map[string]bool // the list's addresses, lower-cased
}

func (l *listInfo) addAddr(addr string) {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	if !strings.Contains(addr, "@") {
		return
	}
	l.addrs[addr] = true
	if d := safedoc.RegistrableDomain((message.Address{Addr: addr}).Domain()); d != "" {
		l.domains[d] = true
	}
}

// mailingList reads the list headers of h.
func mailingList(h message.Header) listInfo {
	l := listInfo{domains: map[string]bool{}, addrs: map[string]bool{}}
	if id := strings.TrimSpace(h.Raw("List-Id")); id != "" {
		l.isList = true
		if lt := strings.LastIndexByte(id, '<'); lt >= 0 {
			id = strings.TrimSuffix(id[lt+1:], ">")
		}
		if d := safedoc.RegistrableDomain(strings.ToLower(strings.TrimSpace(id))); d != "" {
			l.domains[d] = true
		}
	}
	for _, name := range []string{"List-Post", "List-Help", "List-Subscribe", "List-Unsubscribe", "List-Owner"} {
		for _, v := range h.Values(name) {
			for _, a := range mailtoAddrs(v) {
				l.addAddr(a)
				if name == "List-Post" {
					l.addrs[strings.ToLower(a)] = true
				}
			}
		}
	}
	if h.Has("List-Post") {
		l.isList, l.posting = true, true
	}
	for _, name := range []string{"X-BeenThere", "X-Mailing-List"} {
		if v := strings.TrimSpace(h.Raw(name)); v != "" {
			l.isList, l.posting = true, true
			for _, a := range message.ParseAddressList(v) {
				l.addAddr(a.Addr)
			}
		}
	}
	if v := strings.TrimSpace(h.Raw("Mailing-List")); v != "" {
		// ezmlm: "list NAME@HOST; contact NAME-help@HOST"
		l.isList, l.posting = true, true
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ';' || r == '\t' }) {
			l.addAddr(f)
		}
	}
	prec := strings.ToLower(strings.TrimSpace(h.Raw("Precedence")))
	if h.Has("X-Mailman-Version") || prec == "list" {
		l.isList = true
	}
	// Older list servers mark only bulk precedence and name themselves as
	// the Sender (RFC 5322 section 3.6.2: the agent that transmitted it).
	if prec == "bulk" && h.Has("Sender") {
		l.isList = true
	}
	if l.isList {
		for _, a := range h.Addresses("Sender") {
			l.addAddr(a.Addr)
		}
	}
	return l
}

// mailtoAddrs returns the address of each "mailto:" URL in a list header,
// in order: after "mailto:" in any case, the text up to ">", "?", ",", a
// space, tab, line feed, form feed or carriage return, or the end, where
// that is not empty. Most such headers hold https: URLs only.
func mailtoAddrs(v string) []string {
	var out []string
	for i := 0; i+len("mailto:") < len(v); {
		if !isMailtoAt(v, i) {
			i++
			continue
		}
		j := i + len("mailto:")
		k := j
		for k < len(v) && !endsMailto(v[k]) {
			k++
		}
		if k == j {
			i++
			continue
		}
		out = append(out, v[j:k])
		i = k
	}
	return out
}

// isMailtoAt tells whether v holds "mailto:" in any case at i. None of its
// letters has a case partner outside ASCII, so bytes can be compared.
func isMailtoAt(v string, i int) bool {
	const m = "mailto:"
	if len(v)-i < len(m) || v[i]|0x20 != 'm' {
		return false
	}
	for k := 1; k < len(m); k++ {
		c := v[i+k]
		if m[k] != ':' {
			c |= 0x20
		}
		if c != m[k] {
			return false
		}
	}
	return true
}

// endsMailto tells whether c ends a mailto: URL's address (all are ASCII).
func endsMailto(c byte) bool {
	switch c {
	case '>', '?', ',', '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

// autoReply tells whether the message says a machine answered (RFC 3834
// Auto-Submitted other than "no", or an older vacation program's marks).
func autoReply(h message.Header) bool {
	if v := strings.ToLower(strings.TrimSpace(h.Raw("Auto-Submitted"))); v != "" && !strings.HasPrefix(v, "no") {
		return true
	}
	if h.Has("X-Autoreply") || h.Has("X-Autorespond") {
		return true
	}
	return strings.EqualFold(strings.TrimSpace(h.Raw("Precedence")), "auto_reply")
}

// calendarMessage tells whether the message carries a calendar object.
func calendarMessage(m *message.Message) bool {
	for _, p := range m.Parts {
		if p.ContentType == "text/calendar" || p.ContentType == "application/ics" {
			return true
		}
	}
	return false
}

// mailboxes splits a From list into the entries that are mailboxes (an
// address with a domain) and the ones that are a name alone: what an
// unquoted comma in a display name leaves ("Smith, John <j@x>" reads as
// "Smith" and "John <j@x>").
func mailboxes(list []message.Address) (boxes, names []message.Address) {
	for _, a := range list {
		if isMailbox(a.Addr) {
			boxes = append(boxes, a)
		} else {
			names = append(names, a)
		}
	}
	return boxes, names
}

// isMailbox tells whether addr is local@domain with a dotted domain and
// nothing quoted around it ("\"Offers@shop.example\"" alone is a quoted
// name, not an address).
func isMailbox(addr string) bool {
	if strings.ContainsAny(addr, "\" ") {
		return false
	}
	at := strings.LastIndexByte(addr, '@')
	return at > 0 && strings.Contains(addr[at+1:], ".")
}

// onBehalfOf tells whether From is a service that says it writes for the
// person Reply-To names: the From display name carries that person's name
// and the service's own marker ("Jane Doe via DocuSign", "Jane Doe (via
// Google Docs)", "'Jane Doe' via Group" as Google Groups rewrites it, "Jane
// Doe on behalf of …", "… 経由"). A same name alone is not enough: that is
// exactly what an impostor's Reply-To looks like.
func onBehalfOf(from, replyTo message.Address) bool {
	name := normalizeName(replyTo.Name)
	if len([]rune(name)) < 3 {
		return false
	}
	fromName := normalizeName(from.Name)
	return strings.Contains(fromName, name) && viaMarker.MatchString(fromName)
}

var viaMarker = regexp.MustCompile(`(?i)(^|[\s(])(via|on behalf of)\s|経由`)
