package beacon

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"slices"
	"strings"
)

// Encodings of an address found in a URL.
const (
	EncodingPlain      = "plain"
	EncodingURL        = "url-encoded"
	EncodingBase64     = "base64"
	EncodingBase64URL  = "base64url"
	EncodingMD5        = "md5"
	EncodingSHA1       = "sha1"
	EncodingSHA224     = "sha224"
	EncodingSHA256     = "sha256"
	EncodingSHA384     = "sha384"
	EncodingSHA512     = "sha512"
	EncodingHex        = "hex"      // the address's bytes in hexadecimal
	EncodingBase32     = "base32"   // RFC 4648 base32, either case, with or without padding
	EncodingReversed   = "reversed" // written backwards: "moc.elpmaxe@redaer"
	minBase64Evidence  = 12         // characters of an address's base64 that must appear
	MaxPercentDecoding = 3          // layers of percent-encoding undone
)

// Leak is the reader's address found in a URL.
type Leak struct {
	Address  string
	Encoding string // one of the Encoding* constants
}

// AddressProbe finds given addresses in URLs in every encoding trackers use:
// as written, percent-encoded (up to MaxPercentDecoding layers; FindAll tells of more), base64 and base64url
// (also inside a longer encoded blob, such as a JSON object), base32 (the
// same), hexadecimal, written backwards, and as the hex MD5, SHA-1, SHA-224,
// SHA-256, SHA-384 or SHA-512 of the lower-cased address.
type AddressProbe struct {
	forms []form
}

type form struct {
	address  string
	encoding string
	text     string
	fold     bool // compare ignoring case
}

// NewAddressProbe prepares the encodings of addrs once, for many URLs.
// An address may be given more than once in different cases ("Reader@Example.com"
// as a sender's list writes it): its encodings depend on the case.
func NewAddressProbe(addrs []string) *AddressProbe {
	p := &AddressProbe{}
	seen := map[string]bool{}
	for _, written := range addrs {
		written = strings.TrimSpace(written)
		a := strings.ToLower(written)
		if !strings.Contains(a, "@") || seen[written] {
			continue
		}
		if !seen[a] {
			seen[a] = true
			p.forms = append(p.forms, form{a, EncodingPlain, a, true})
			p.forms = append(p.forms, form{a, EncodingReversed, reverse(a), true})
			p.addEncoded(a, a)
		}
		if !seen[written] {
			seen[written] = true
			p.addEncoded(a, written)
		}
	}
	return p
}

// addEncoded adds the forms of the address a, written as text, that
// depend on its case: hexadecimal, base32, base64 and its hashes.
func (p *AddressProbe) addEncoded(a, text string) {
	p.forms = append(p.forms, form{a, EncodingHex, hex.EncodeToString([]byte(text)), true})
	for _, b := range base32Fragments(text) {
		p.forms = append(p.forms, form{a, EncodingBase32, b, true})
	}
	for _, b := range base64Fragments(text) {
		p.forms = append(p.forms, form{a, EncodingBase64, b, false})
		if u := strings.NewReplacer("+", "-", "/", "_").Replace(b); u != b {
			p.forms = append(p.forms, form{a, EncodingBase64URL, u, false})
		}
	}
	for _, h := range []struct {
		name string
		new  func() hash.Hash
	}{{EncodingMD5, md5.New}, {EncodingSHA1, sha1.New}, {EncodingSHA224, sha256.New224},
		{EncodingSHA256, sha256.New}, {EncodingSHA384, sha512.New384}, {EncodingSHA512, sha512.New}} {
		sum := h.new()
		sum.Write([]byte(text))
		p.forms = append(p.forms, form{a, h.name, hex.EncodeToString(sum.Sum(nil)), true})
	}
}

// base64Fragments returns the parts of the base64 encoding of a that are the
// same wherever a stands in a longer encoded text: for each of the three
// byte alignments, the characters that depend on a's bytes alone.
func base64Fragments(a string) []string {
	return fragments(a, 3, 4, base64.StdEncoding.EncodeToString)
}

// base32Fragments is base64Fragments for base32 (five alignments of
// eight-character groups of five bytes), lower-cased: it is matched in
// either case.
func base32Fragments(a string) []string {
	out := fragments(a, 5, 8, base32.StdEncoding.EncodeToString)
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	return out
}

// fragments returns, for each alignment of a within groups of n bytes
// written as chars characters, the characters of encode's output that
// depend on a's bytes alone.
func fragments(a string, n, chars int, encode func([]byte) string) []string {
	bits := 8 * n / chars // bits a character carries
	var out []string
	for k := 0; k < n; k++ {
		enc := encode(append(make([]byte, k), a...))
		start := (8*k + bits - 1) / bits // characters touched by the k bytes before a
		end := (k + len(a)) / n * chars  // whole groups; a partial last group depends on what follows
		if end-start >= minBase64Evidence {
			out = append(out, enc[start:end])
		}
	}
	return out
}

// reverse returns s written backwards, rune by rune.
func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// Find returns the addresses hidden in raw, one per address and encoding.
func (p *AddressProbe) Find(raw string) []Leak {
	leaks, _ := p.FindAll(raw)
	return leaks
}

// FindAll is Find, and tells whether raw is percent-encoded in more layers
// than are undone (MaxPercentDecoding): what the layers past them hide was
// not searched, which the caller reports.
func (p *AddressProbe) FindAll(raw string) (leaks []Leak, deeper bool) {
	if len(p.forms) == 0 {
		return nil, false
	}
	// The URL as written, and with percent-encoding undone layer by layer:
	// "%40" and "%2540" both hide an "@".
	texts := []string{raw}
	for i, cur := 0, raw; i <= MaxPercentDecoding && strings.Contains(cur, "%"); i++ {
		dec := percentDecoded(cur)
		if dec == cur {
			break
		}
		if i == MaxPercentDecoding {
			deeper = true // one layer more would still decode: not undone
			break
		}
		texts = append(texts, dec)
		cur = dec
	}
	lowers := make([]string, len(texts))
	for i, t := range texts {
		lowers[i] = strings.ToLower(t)
	}
	var out []Leak
	seen := map[Leak]bool{}
	for _, f := range p.forms {
		for i := range texts {
			hay := texts[i]
			if f.fold {
				hay = lowers[i]
			}
			at := strings.Index(hay, f.text)
			if at < 0 {
				continue
			}
			enc := f.encoding
			switch {
			case enc == EncodingPlain && i > 0:
				enc = EncodingURL // only visible once percent-decoding was undone
			case enc == EncodingBase64:
				enc = base64Alphabet(hay, at, len(f.text)) // most addresses encode the same in both alphabets
			}
			l := Leak{Address: f.address, Encoding: enc}
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
			break
		}
	}
	return out, deeper
}

// percentDecoded undoes one layer of percent-encoding where it is well
// formed, and keeps a stray "%" as written: one bad escape, which a
// browser sends as it is, must not hide the escapes beside it.
func percentDecoded(s string) string {
	escaped := func(i int) bool { return s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) }
	first := 0
	for first < len(s) && !escaped(first) {
		first++
	}
	if first == len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:first]...)
	for i := first; i < len(s); i++ {
		if escaped(i) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// base64Alphabet tells from the encoded run around hay[at:at+n] which
// alphabet it uses: "-" or "_" make it base64url, anything else base64.
func base64Alphabet(hay string, at, n int) string {
	isB64 := func(c byte) bool {
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("+/=-_", c) >= 0
	}
	start, end := at, at+n
	for start > 0 && isB64(hay[start-1]) {
		start--
	}
	for end < len(hay) && isB64(hay[end]) {
		end++
	}
	if strings.ContainsAny(hay[start:end], "-_") {
		return EncodingBase64URL
	}
	return EncodingBase64
}
