package check

// What the reader's own past mail says about a sender, and the findings
// that compare a message with it. The history is learned on the reader's
// machine from the headers of mail already in their mailbox (see the
// correspondents package, which keeps it); analysis only reads it, through
// Reader.History.

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"mailsafe/mailview/message"
	"mailsafe/mailview/safedoc"
)

// FindingSenderUnusual: a known address whose mail now differs from its
// history in what an impostor changes.
const FindingSenderUnusual ID = "sender-unusual"

// MailerClass is the kind of software that sent a message, as its headers
// show it (headerMailer's classes), or the shape of its Message-ID when the
// headers name no program.
type MailerClass string

// AuthResult is the trusted verdict of one authentication method.
type AuthResult string

// Authentication verdicts as History keeps them.
const (
	AuthPass AuthResult = "pass"
	AuthFail AuthResult = "fail" // fail, softfail, permerror
	AuthNone AuthResult = "none" // no result, neutral, temperror
)

// AuthMethod is an authentication method whose verdict History keeps.
type AuthMethod string

// The methods whose verdicts History keeps.
const (
	MethodSPF   AuthMethod = "spf"
	MethodDKIM  AuthMethod = "dkim"
	MethodDMARC AuthMethod = "dmarc"
)

// Network is where a message entered the Internet: the /24 (IPv4) or /48
// (IPv6) of its originating address.
type Network string

// Observation is what one received message's headers say about its
// sender: what a SenderProfile accumulates, and what a new message is
// compared with.
type Observation struct {
	Addr      string // canonical (message.CanonicalAddress)
	Name      string // the display name, as written
	Domain    string // the registrable domain of Addr
	Mailer    MailerClass
	Auth      map[AuthMethod]AuthResult // only when a trusted stamp was read
	Network   Network
	ReplyTo   []string // registrable domains of Reply-To addresses
	MessageID string
	Date      time.Time
	List      bool // it came through a mailing list: the list, not the sender, wrote to the reader
}

// Observe reads a received message's headers (the whole message or its
// header alone) with the reader's trusted authserv-ids.
func Observe(h message.Header, authServIDs []string) Observation {
	return observe(h, trustedAuth(h, authServIDs), mailingList(h).isList, message.ParseTrace(h), h.Addresses("From"), h.Addresses("Reply-To"))
}

func observe(h message.Header, auth authView, list bool, trace message.Trace, from, replyTo []message.Address) Observation {
	var o Observation
	boxes, _ := mailboxes(from)
	if len(boxes) > 0 {
		o.Addr = boxes[0].Canonical()
		o.Name = strings.TrimSpace(boxes[0].Name)
		o.Domain = safedoc.RegistrableDomain(boxes[0].Domain())
	}
	o.Mailer = mailerClass(h)
	if auth.present || auth.spfSource != "" {
		o.Auth = map[AuthMethod]AuthResult{MethodSPF: authResult(auth.spf), MethodDKIM: authResult(auth.dkim), MethodDMARC: authResult(auth.dmarc)}
	}
	o.Network = networkOf(trace.OriginIP)
	for _, rt := range replyTo {
		if d := safedoc.RegistrableDomain(rt.Domain()); d != "" && !slices.Contains(o.ReplyTo, d) {
			o.ReplyTo = append(o.ReplyTo, d)
		}
	}
	o.MessageID = h.MessageID()
	o.Date, _ = h.Date()
	o.List = list
	return o
}

func authResult(v string) AuthResult {
	switch v {
	case "pass", "bestguesspass":
		return AuthPass
	case "fail", "softfail", "permerror":
		return AuthFail
	}
	return AuthNone
}

// mailerClass is headerMailer's class, else the Message-ID's shape: the
// upper-case UUID of Apple's mailers, or the domain that wrote it.
func mailerClass(h message.Header) MailerClass {
	if m, _ := headerMailer(h); m != "" {
		return MailerClass(m)
	}
	id := h.MessageID()
	switch {
	case id == "":
		return ""
	case uuidMessageID.MatchString(id):
		return "Message-ID as an upper-case UUID"
	}
	if at := strings.LastIndexByte(id, '@'); at >= 0 {
		host := strings.ToLower(strings.Trim(id[at+1:], "<> "))
		if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil || strings.ContainsAny(host, "[]") {
			return "" // an address literal: the machine, not the program
		}
		if d := safedoc.RegistrableDomain(host); d != "" {
			return MailerClass("Message-ID written at " + d)
		}
	}
	return ""
}

func networkOf(ip string) Network {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	bits := 24
	if a.Is6() {
		bits = 48
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ""
	}
	return Network(p.String())
}

// Seen counts how often a value was seen, and the message it was first seen in.
type Seen struct {
	N       int       `json:"n"`
	First   time.Time `json:"first"`
	FirstID string    `json:"first_id,omitempty"`
}

// before tells whether the value was seen in a message other than the one
// with Message-ID id: the history may already hold the message being read.
func (s Seen) before(id string) bool {
	return s.N > 1 || s.N == 1 && (id == "" || s.FirstID != id)
}

func (s *Seen) add(o Observation) {
	if s.N == 0 || !o.Date.IsZero() && o.Date.Before(s.First) {
		s.First, s.FirstID = o.Date, o.MessageID
	}
	s.N++
}

// AuthTally counts one method's verdicts for a sender.
type AuthTally struct {
	Pass int `json:"pass"`
	Fail int `json:"fail"`
	None int `json:"none"`
}

// SenderProfile is what the reader's received mail says about one sender
// address.
type SenderProfile struct {
	Addr     string                   `json:"addr"`
	Domain   string                   `json:"domain"`
	Count    Seen                     `json:"count"`
	Direct   int                      `json:"direct"` // of Count, messages not through a mailing list
	Last     time.Time                `json:"last"`
	Names    map[string]Seen          `json:"names,omitempty"`
	Mailers  map[MailerClass]Seen     `json:"mailers,omitempty"`
	Networks map[Network]Seen         `json:"networks,omitempty"`
	ReplyTo  map[string]Seen          `json:"reply_to,omitempty"`
	Auth     map[AuthMethod]AuthTally `json:"auth,omitempty"`
}

// maxValues bounds each set of a profile, and a recipient's names: past
// it, new values are counted in Count but not kept (a sender with that
// many mailers or networks has no usual one).
const maxValues = 32

// keptEntry is m's count of k (m is made when nil); room is false when m
// has none and holds maxValues already: k is not kept.
func keptEntry[K comparable, V any](m *map[K]V, k K) (v V, room bool) {
	if *m == nil {
		*m = map[K]V{}
	}
	v, ok := (*m)[k]
	return v, ok || len(*m) < maxValues
}

func addSeen[K comparable](m *map[K]Seen, k K, o Observation) {
	if s, room := keptEntry(m, k); room {
		s.add(o)
		(*m)[k] = s
	}
}

// Add counts one more message from the profile's address.
func (p *SenderProfile) Add(o Observation) {
	if p.Addr == "" {
		p.Addr, p.Domain = o.Addr, o.Domain
	}
	p.Count.add(o)
	if !o.List {
		p.Direct++
	}
	if o.Date.After(p.Last) {
		p.Last = o.Date
	}
	if o.Name != "" {
		addSeen(&p.Names, o.Name, o)
	}
	if o.Mailer != "" {
		addSeen(&p.Mailers, o.Mailer, o)
	}
	if o.Network != "" {
		addSeen(&p.Networks, o.Network, o)
	}
	for _, d := range o.ReplyTo {
		addSeen(&p.ReplyTo, d, o)
	}
	for m, r := range o.Auth {
		if p.Auth == nil {
			p.Auth = map[AuthMethod]AuthTally{}
		}
		t := p.Auth[m]
		switch r {
		case AuthPass:
			t.Pass++
		case AuthFail:
			t.Fail++
		default:
			t.None++
		}
		p.Auth[m] = t
	}
}

// Recipient is what the reader's sent mail says about one address they
// wrote to.
type Recipient struct {
	Addr  string         `json:"addr"`
	Names map[string]int `json:"names,omitempty"` // the names the reader used for them
	Count int            `json:"count"`
	First time.Time      `json:"first"`
	Last  time.Time      `json:"last"`
	// AddressBook: the reader keeps them in an address book (imported).
	AddressBook bool `json:"address_book,omitempty"`
}

// AddToAddressBook records a from the reader's address book.
func (r *Recipient) AddToAddressBook(a message.Address) {
	if r.Addr == "" {
		r.Addr = a.Canonical()
	}
	r.AddressBook = true
	if n := strings.TrimSpace(a.Name); n != "" && !strings.EqualFold(n, a.Addr) {
		if c, room := keptEntry(&r.Names, n); room {
			r.Names[n] = c // known, with no message counted
		}
	}
}

// Add counts one more message the reader sent to a, on date.
func (r *Recipient) Add(a message.Address, date time.Time) {
	if r.Addr == "" {
		r.Addr = a.Canonical()
	}
	if n := strings.TrimSpace(a.Name); n != "" && !strings.EqualFold(n, a.Addr) {
		if c, room := keptEntry(&r.Names, n); room {
			r.Names[n] = c + 1
		}
	}
	r.Count++
	if !date.IsZero() && (r.First.IsZero() || date.Before(r.First)) {
		r.First = date
	}
	if date.After(r.Last) {
		r.Last = date
	}
}

// merge counts the sightings of o with s's.
func (s *Seen) merge(o Seen) {
	if o.N == 0 {
		return
	}
	if s.N == 0 || !o.First.IsZero() && o.First.Before(s.First) {
		s.First, s.FirstID = o.First, o.FirstID
	}
	s.N += o.N
}

func mergeSeen[K comparable](m *map[K]Seen, o map[K]Seen) {
	for k, v := range o {
		if s, room := keptEntry(m, k); room {
			s.merge(v)
			(*m)[k] = s
		}
	}
}

// Merge adds to p what o knows about the same sender (a store whose two
// records of one address, kept apart by an older form of the address, are
// made one).
func (p *SenderProfile) Merge(o SenderProfile) {
	if p.Addr == "" {
		p.Addr, p.Domain = o.Addr, o.Domain
	}
	p.Count.merge(o.Count)
	p.Direct += o.Direct
	if o.Last.After(p.Last) {
		p.Last = o.Last
	}
	mergeSeen(&p.Names, o.Names)
	mergeSeen(&p.Mailers, o.Mailers)
	mergeSeen(&p.Networks, o.Networks)
	mergeSeen(&p.ReplyTo, o.ReplyTo)
	for m, t := range o.Auth {
		if p.Auth == nil {
			p.Auth = map[AuthMethod]AuthTally{}
		}
		a := p.Auth[m]
		a.Pass, a.Fail, a.None = a.Pass+t.Pass, a.Fail+t.Fail, a.None+t.None
		p.Auth[m] = a
	}
}

// Merge adds to r what o knows about the same recipient.
func (r *Recipient) Merge(o Recipient) {
	if r.Addr == "" {
		r.Addr = o.Addr
	}
	for n, c := range o.Names {
		if k, room := keptEntry(&r.Names, n); room {
			r.Names[n] = k + c
		}
	}
	r.Count += o.Count
	if !o.First.IsZero() && (r.First.IsZero() || o.First.Before(r.First)) {
		r.First = o.First
	}
	if o.Last.After(r.Last) {
		r.Last = o.Last
	}
	r.AddressBook = r.AddressBook || o.AddressBook
}

// minHistory is how many earlier messages a sender needs before its mail
// is called unusual: fewer say nothing about what is usual.
const minHistory = 3

// nameOwner is an address known under a name.
type nameOwner struct {
	addr    string
	display string // the name as written
	wrote   int    // messages the reader sent to addr
	seen    Seen   // messages received from addr with this name
	// established: the reader wrote to addr, or addr wrote to the reader
	// directly (not through a list) more than once.
	established bool
}

// History is the reader's correspondents as their past mail shows them,
// indexed for analysis. Build it with NewHistory; nil is no history.
type History struct {
	senders    map[string]*SenderProfile
	recipients map[string]*Recipient
	names      map[string][]nameOwner // by nameKey, in both name orders
	// lookalikes maps lookalikeKeys to the registrable domains of
	// established correspondents (no free mail) with that key: what a
	// look-alike of each would share.
	lookalikes map[string][]string
	domains    map[string]bool // the domains in lookalikes
}

// NewHistory indexes profiles of senders and recipients.
func NewHistory(senders []SenderProfile, recipients []Recipient) *History {
	h := &History{senders: map[string]*SenderProfile{}, recipients: map[string]*Recipient{}, names: map[string][]nameOwner{},
		lookalikes: map[string][]string{}, domains: map[string]bool{}}
	rs, ss := h.put(senders, recipients)
	for _, addr := range rs {
		h.indexRecipient(addr)
	}
	for _, addr := range ss {
		h.indexSender(addr)
	}
	return h
}

// Updated is the history with the profiles of senders and recipients in
// place of those of their addresses (or added): what a learning run that
// recorded new mail changed, without reading and indexing every
// correspondent again. h is left as it is: analyses running may read it.
func (h *History) Updated(senders []SenderProfile, recipients []Recipient) *History {
	if h == nil {
		return NewHistory(senders, recipients)
	}
	n := &History{senders: maps.Clone(h.senders), recipients: maps.Clone(h.recipients), names: make(map[string][]nameOwner, len(h.names)),
		lookalikes: make(map[string][]string, len(h.lookalikes)), domains: maps.Clone(h.domains)}
	for k, v := range h.lookalikes {
		n.lookalikes[k] = v[:len(v):len(v)] // appending copies: h keeps its own
	}
	rs, ss := n.put(senders, recipients)
	changed := map[string]bool{}
	for _, a := range append(rs, ss...) {
		changed[a] = true
	}
	for k, owners := range h.names {
		if slices.ContainsFunc(owners, func(o nameOwner) bool { return changed[o.addr] }) {
			owners = slices.DeleteFunc(slices.Clone(owners), func(o nameOwner) bool { return changed[o.addr] })
		}
		if len(owners) > 0 {
			n.names[k] = owners[:len(owners):len(owners)]
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(changed)) {
		n.indexRecipient(addr)
		n.indexSender(addr)
	}
	return n
}

// put keys the profiles by their canonical addresses, and returns those
// addresses, recipients' and senders'.
func (h *History) put(senders []SenderProfile, recipients []Recipient) (rs, ss []string) {
	for i := range recipients {
		r := &recipients[i]
		addr := message.CanonicalAddress(r.Addr) // a store written before the canonical form held lower case only
		if addr == "" {
			continue
		}
		h.recipients[addr] = r
		rs = append(rs, addr)
	}
	for i := range senders {
		s := &senders[i]
		addr := message.CanonicalAddress(s.Addr)
		if addr == "" {
			continue
		}
		h.senders[addr] = s
		ss = append(ss, addr)
	}
	return rs, ss
}

// indexName files o under the keys of its name.
func (h *History) indexName(o nameOwner) {
	for _, k := range nameKeys(o.display) {
		h.names[k] = append(h.names[k], o)
	}
}

// indexRecipient indexes the names the reader used for addr, and its
// domain as a correspondent's.
func (h *History) indexRecipient(addr string) {
	r := h.recipients[addr]
	if r == nil {
		return
	}
	for n, c := range r.Names {
		h.indexName(nameOwner{addr: addr, display: n, wrote: c, established: c > 0 || r.AddressBook})
	}
	if d := safedoc.RegistrableDomain((message.Address{Addr: r.Addr}).Domain()); d != "" && !isFreemail(d) {
		h.addDomain(d)
	}
}

// indexSender indexes the names mail from addr used, and its domain once
// it is a correspondent's.
func (h *History) indexSender(addr string) {
	s := h.senders[addr]
	if s == nil {
		return
	}
	wrote := 0
	if r := h.recipients[addr]; r != nil {
		wrote = r.Count
	}
	for n, seen := range s.Names {
		h.indexName(nameOwner{addr: addr, display: n, wrote: wrote, seen: seen, established: wrote > 0 || s.Direct >= 2})
	}
	// A sender's domain is a correspondent's domain once mail from it
	// came more than once and authentication vouched for it.
	if s.Domain != "" && !isFreemail(s.Domain) && s.Direct >= 2 && s.Auth[MethodDMARC].Pass+s.Auth[MethodDKIM].Pass+s.Auth[MethodSPF].Pass > 0 {
		h.addDomain(s.Domain)
	}
}

// addDomain files a correspondent's domain under its look-alike keys.
func (h *History) addDomain(d string) {
	if h.domains[d] {
		return
	}
	h.domains[d] = true
	for _, k := range lookalikeKeys(d) {
		h.lookalikes[k] = append(h.lookalikes[k], d)
	}
}

// lookalikeKeys are keys that a domain and any look-alike of it (as
// imitates judges) share at least one of: the folded skeleton, the name
// without its ending, the name without hyphens, and the folded name with
// each letter left out (two names one edit apart share one of those).
// With them a message's domains are compared with only the few
// correspondents' domains they could imitate, not with every one.
func lookalikeKeys(d string) []string {
	name, _ := splitSuffix(d)
	folded := foldASCII(skeleton(unicodeDomain(name)))
	keys := []string{"s:" + foldASCII(skeleton(unicodeDomain(d))), "n:" + name, "h:" + strings.ReplaceAll(name, "-", ""), "e:" + folded}
	if ascii := foldASCII(name); ascii != folded {
		keys = append(keys, "e:"+ascii)
	}
	for _, f := range keys[3:] {
		r := []rune(f[2:])
		for i := range r {
			keys = append(keys, "e:"+string(r[:i])+string(r[i+1:]))
		}
	}
	return keys
}

// lookalikeCandidates are the correspondents' domains d might imitate;
// imitates decides.
func (h *History) lookalikeCandidates(d string) []string {
	if h == nil || len(h.lookalikes) == 0 {
		return nil
	}
	var out []string
	for _, k := range lookalikeKeys(d) {
		for _, p := range h.lookalikes[k] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// Size is how many sender and recipient addresses the history knows.
func (h *History) Size() (senders, recipients int) {
	if h == nil {
		return 0, 0
	}
	return len(h.senders), len(h.recipients)
}

// knows tells whether addr is a correspondent apart from the message with
// Message-ID id: the reader wrote to it, or received other mail from it.
func (h *History) knows(addr, id string) bool {
	addr = message.CanonicalAddress(addr)
	if addr == "" {
		return false
	}
	if r := h.recipients[addr]; r != nil && (r.Count > 0 || r.AddressBook) {
		return true
	}
	s := h.senders[addr]
	return s != nil && s.Count.before(id)
}

var nameNoise = regexp.MustCompile(`[\s,.'"・･()（）]+`)

// nameKeys folds a display name for comparison — width, case and kana as
// foldText does, spacing — in its written order and, for a name of two or
// more words, with the words reversed (family and given name swapped).
// Names shorter than three characters give no key: too many people share
// them.
func nameKeys(name string) []string {
	s := foldText(name)
	words := strings.Fields(nameNoise.ReplaceAllString(s, " "))
	joined := strings.Join(words, "")
	if len([]rune(joined)) < 3 || !strings.ContainsFunc(joined, unicode.IsLetter) {
		return nil
	}
	keys := []string{joined}
	if len(words) >= 2 {
		rev := slices.Clone(words)
		slices.Reverse(rev)
		if r := strings.Join(rev, ""); r != joined {
			keys = append(keys, r)
		}
	}
	return keys
}

// borrowedName finds an established correspondent whose name the sender
// uses from an address that is not theirs and not of their organisation.
// The sender's own earlier use of the name (apart from this message) makes
// it theirs.
func (h *History) borrowedName(from message.Address, id string) (nameOwner, bool) {
	keys := nameKeys(from.Name)
	if len(keys) == 0 {
		return nameOwner{}, false
	}
	addr := from.Canonical()
	domain := safedoc.RegistrableDomain(from.Domain())
	var found *nameOwner
	for _, o := range h.names[keys[0]] {
		if o.addr == addr {
			if o.established && o.seen.N == 0 || o.wrote > 0 || o.seen.before(id) {
				return nameOwner{}, false
			}
			continue
		}
		if !o.established {
			continue // a name seen once, or only on a list, is no one the reader knows
		}
		if d := safedoc.RegistrableDomain((message.Address{Addr: o.addr}).Domain()); d == domain && !isFreemail(d) {
			return nameOwner{}, false // another address of the same organisation
		}
		if found == nil || o.wrote > found.wrote {
			found = &o
		}
	}
	if found == nil {
		return nameOwner{}, false
	}
	return *found, true
}

// historyFindings adds what the reader's contacts and history say about
// the sender to the findings out: first contact, a borrowed name, and mail
// unusual for its address.
func historyFindings(v *Mail, reader Reader, out []Finding) []Finding {
	boxes, _ := mailboxes(v.From)
	if len(boxes) == 0 {
		return out
	}
	from := boxes[0]
	id := v.Message.Header.MessageID()
	h := reader.History
	learned := h != nil && len(h.senders)+len(h.recipients) > 0
	if f, ok := firstContactFinding(from, id, reader, learned); ok {
		out = append(out, f)
	}
	if !learned {
		return out
	}
	now := observe(v.Message.Header, v.auth, v.list.isList, v.Trace, v.From, v.ReplyTo)
	if now.List {
		// A list re-sends its members' mail: its headers are the list's,
		// and its members write from whatever address they subscribed.
		return out
	}
	if !hasFinding(out, FindingDisplayNameImpersonation) {
		if o, ok := h.borrowedName(from, id); ok {
			out = append(out, borrowedNameFinding(from, o))
		}
	}
	if p := h.senders[from.Canonical()]; p != nil && from.Canonical() != "" {
		if f, ok := unusualFinding(p, now); ok {
			out = append(out, f)
		}
	}
	return out
}

// firstContactFinding: an address neither the reader's contacts nor, once
// learned, their history knows, outside the reader's own domains. With
// neither contacts nor a history no one is new, and no one is known.
func firstContactFinding(from message.Address, id string, reader Reader, learned bool) (Finding, bool) {
	if !learned && len(reader.Contacts) == 0 || knownAddress(from.Addr, reader.Contacts) ||
		learned && reader.History.knows(from.Addr, id) || ourDomains(reader)[safedoc.RegistrableDomain(from.Domain())] {
		return Finding{}, false
	}
	f := Finding{
		ID: FindingFirstContact, Severity: SeverityInfo, Category: CategorySender, Evidence: []string{"From: " + from.String()},
		Title: Text{EN: "First message from " + from.Addr, JA: from.Addr + "からの初めてのメッセージです"},
		Detail: Text{
			EN: "This address is not among your contacts. That is normal for new correspondents; be careful if it asks for money, credentials or urgency.",
			JA: "このアドレスは連絡先にありません。新しい相手なら普通のことですが、支払い・認証情報・急ぎを求める内容なら注意してください。",
		},
	}
	if learned {
		f.Title = Text{EN: "First message from " + from.Addr + ": you have not had mail from this address before", JA: from.Addr + "からのメールは初めてです"}
		f.Detail = Text{
			EN: "Neither your sent mail nor the mail you received shows this address before. That is normal for new correspondents; be careful if it asks for money, credentials or urgency.",
			JA: "送信済みメールにも受信したメールにも、このアドレスは以前に現れません。新しい相手なら普通のことですが、支払い・認証情報・急ぎを求める内容なら注意してください。",
		}
	}
	return f, true
}

func borrowedNameFinding(from message.Address, o nameOwner) Finding {
	how := fmt.Sprintf("you wrote to them %d times", o.wrote)
	howJA := fmt.Sprintf("あなたが%d回メールを送った相手", o.wrote)
	switch {
	case o.wrote == 0 && o.seen.N == 0:
		how, howJA = "in your address book", "アドレス帳にある相手"
	case o.wrote == 0:
		how = fmt.Sprintf("%d messages from them", o.seen.N)
		howJA = fmt.Sprintf("%d通のメールを受け取った相手", o.seen.N)
	}
	return Finding{
		ID: FindingDisplayNameImpersonation, Severity: SeverityDanger, Category: CategorySender,
		Evidence: []string{"From: " + from.String(), "known: " + o.display + " <" + o.addr + "> (" + how + ")"},
		Title:    Text{EN: "The sender uses the name of someone you know with another address", JA: "知り合いの名前が別のアドレスで使われています"},
		Detail: Text{
			EN: fmt.Sprintf("%s is %s in your mail, but this message comes from %s. Before you reply, send anything or pay, confirm by phone using a number you already have.", o.display, o.addr, from.Addr),
			JA: fmt.Sprintf("あなたのメールでは%sのアドレスは%s（%s）ですが、このメッセージは%sから送られています。返信・送付・支払いの前に、手元にある電話番号で本人に確認してください。", o.display, o.addr, howJA, from.Addr),
		},
	}
}

// unusualFinding compares a message from a known address with the
// address's history: a mailer class, a sending network or a Reply-To
// domain never seen before, or a method that used to pass now failing.
func unusualFinding(p *SenderProfile, now Observation) (Finding, bool) {
	id := now.MessageID
	earlier := p.Count.N
	if seenIn(p, now) {
		earlier-- // the history already holds this message
	}
	if earlier < minHistory {
		return Finding{}, false
	}
	var ev []string
	var en, ja []string
	usual := func(m map[string]int) string {
		type kv struct {
			k string
			n int
		}
		var list []kv
		for k, n := range m {
			list = append(list, kv{k, n})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].n > list[j].n || list[i].n == list[j].n && list[i].k < list[j].k })
		var parts []string
		for i, e := range list {
			if i == 3 {
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", e.k, e.n))
		}
		return strings.Join(parts, ", ")
	}
	// counts are the values seen before this message, and whether cur is
	// new among them while one value was usual: four in five messages or
	// more. A sender seen on many networks or with many programs has no
	// usual one to depart from.
	counts := func(m map[string]Seen, cur string) (map[string]int, bool) {
		before := map[string]int{}
		total, top := 0, 0
		for k, s := range m {
			if k == cur {
				if s.before(id) {
					return nil, false
				}
				continue
			}
			before[k] = s.N
			total += s.N
			top = max(top, s.N)
		}
		return before, total >= minHistory && top*5 >= total*4
	}
	if now.Mailer != "" {
		if before, changed := counts(stringKeys(p.Mailers), string(now.Mailer)); changed {
			ev = append(ev, fmt.Sprintf("mailer: %s; before: %s", now.Mailer, usual(before)))
			en = append(en, "it was sent with "+string(now.Mailer)+", where earlier mail used "+usual(before))
			ja = append(ja, "送信ソフトが "+string(now.Mailer)+" です（以前は "+usual(before)+"）")
		}
	}
	if now.Network != "" {
		if before, changed := counts(stringKeys(p.Networks), string(now.Network)); changed {
			ev = append(ev, fmt.Sprintf("network: %s; before: %s", now.Network, usual(before)))
			en = append(en, "it left from the network "+string(now.Network)+", where earlier mail came from "+usual(before))
			ja = append(ja, "送信元ネットワークが "+string(now.Network)+" です（以前は "+usual(before)+"）")
		}
	}
	for _, d := range now.ReplyTo {
		if d == now.Domain {
			continue
		}
		if s, ok := p.ReplyTo[d]; ok && s.before(id) {
			continue
		}
		was := "no Reply-To"
		wasJA := "返信先の指定なし"
		if len(p.ReplyTo) > 0 {
			m := map[string]int{}
			for k, s := range p.ReplyTo {
				if k != d {
					m[k] = s.N
				}
			}
			if len(m) > 0 {
				was, wasJA = usual(m), usual(m)
			}
		}
		ev = append(ev, fmt.Sprintf("Reply-To domain: %s; before: %s", d, was))
		en = append(en, "replies would go to "+d+", where earlier mail had "+was)
		ja = append(ja, "返信先が "+d+" です（以前は "+wasJA+"）")
		break
	}
	regressed := false
	for _, m := range []AuthMethod{MethodDMARC, MethodDKIM, MethodSPF} {
		if now.Auth[m] != AuthFail {
			continue
		}
		t := p.Auth[m]
		fails := t.Fail
		if seenIn(p, now) {
			fails-- // this message's own failure
		}
		if t.Pass > 0 && t.Pass > fails {
			regressed = true
			ev = append(ev, fmt.Sprintf("%s: fail; before: pass %d of %d", strings.ToUpper(string(m)), t.Pass, t.Pass+max(fails, 0)+t.None))
			en = append(en, strings.ToUpper(string(m))+" fails, where it passed for "+fmt.Sprint(t.Pass)+" earlier messages")
			ja = append(ja, strings.ToUpper(string(m))+" が失敗しています（以前は "+fmt.Sprint(t.Pass)+" 通で成功）")
			break
		}
	}
	if len(ev) == 0 {
		return Finding{}, false
	}
	// Alone, a new program or network is often the person on a new phone
	// or on the road: a warning, which does not move the verdict by itself.
	// Authentication that used to pass and fails now is danger.
	sev := SeverityWarn
	if regressed {
		sev = SeverityDanger
	}
	ev = append([]string{fmt.Sprintf("From: %s, %d earlier messages since %s", p.Addr, earlier, p.Count.First.Format("2006-01-02"))}, ev...)
	return Finding{
		ID: FindingSenderUnusual, Severity: sev, Category: CategorySender, Evidence: ev,
		Title: Text{EN: "Unusual for " + p.Addr + ": this message differs from its earlier mail", JA: p.Addr + "のいつものメールと違います"},
		Detail: Text{
			EN: "You have had mail from " + p.Addr + " before, but this one differs in what an impostor changes: " + strings.Join(en, "; ") + ". If it asks for anything unusual, confirm by phone using a number you already have.",
			JA: p.Addr + "からは以前にもメールを受け取っていますが、このメールはなりすましが変える点で異なります。" + strings.Join(ja, "。") + "。いつもと違う依頼があれば、手元にある電話番号で本人に確認してください。",
		},
	}, true
}

// seenIn tells whether the profile already counts the message now (the
// history was learned from the mailbox that holds it).
func seenIn(p *SenderProfile, now Observation) bool {
	if now.MessageID == "" {
		return false
	}
	for _, m := range []map[string]Seen{stringKeys(p.Mailers), stringKeys(p.Networks), p.ReplyTo, p.Names, {"": p.Count}} {
		for _, s := range m {
			if s.FirstID == now.MessageID {
				return true
			}
		}
	}
	return false
}

func stringKeys[K ~string](m map[K]Seen) map[string]Seen {
	out := make(map[string]Seen, len(m))
	for k, s := range m {
		out[string(k)] = s
	}
	return out
}
