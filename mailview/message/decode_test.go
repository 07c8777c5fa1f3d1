package message

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestDecodeHeaderText(t *testing.T) {
	cases := []struct{ in, fallback, want string }{
		{"plain text", "", "plain text"},
		{"=?UTF-8?B?5pel5pys6Kqe?=", "", "日本語"},
		{"=?utf-8?q?caf=C3=A9_au_lait?=", "", "café au lait"},
		// White space between encoded words disappears; between a word and text it stays.
		{"=?UTF-8?Q?a?= =?UTF-8?Q?b?= c", "", "ab c"},
		// One UTF-8 character split across two words must be joined before decoding.
		{"=?UTF-8?B?5pel?= =?UTF-8?B?5pys?=", "", "日本"},
		{"=?UTF-8?Q?=E6=97?= =?UTF-8?Q?=A5?=", "", "日"},
		// Different charsets are decoded separately.
		{"=?iso-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?=", "", "éé"},
		// Glued to text without white space (a common violation) still decodes.
		{"Re:=?UTF-8?B?5pel?=", "", "Re:日"},
		// Malformed words stay as they are.
		{"=?UTF-8?X?abc?=", "", "=?UTF-8?X?abc?="},
		{"=?broken", "", "=?broken"},
		// Raw 8-bit bytes: UTF-8 if valid, else the fallback charset.
		{"Caf\xc3\xa9", "", "Café"},
		{"Caf\xe9", "iso-8859-1", "Café"},
		// Control characters never reach the display; folding becomes a space.
		{"a\r\n b\x00c", "", "a  bc"},
		// RFC 2231 language suffix in the charset.
		{"=?UTF-8*ja?B?5pel?=", "", "日"},
		// Unknown charset: read best-effort rather than dropped.
		{"=?x-nonsense?Q?abc?=", "", "abc"},
	}
	for _, c := range cases {
		if got := decodeHeaderText(c.in, c.fallback); got != c.want {
			t.Errorf("decodeHeaderText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseAddressList(t *testing.T) {
	cases := []struct {
		in   string
		want []Address
	}{
		{"alice@example.org", []Address{{"", "alice@example.org"}}},
		{"Alice <alice@example.org>, bob@example.com", []Address{{"Alice", "alice@example.org"}, {"", "bob@example.com"}}},
		{`"Doe, John" <john@example.org>`, []Address{{"Doe, John", "john@example.org"}}},
		// The display name may itself look like an address: it stays the name.
		{`"ceo@company.example" <evil@attacker.example>`, []Address{{"ceo@company.example", "evil@attacker.example"}}},
		// An encoded comma cannot create a second address.
		{"=?UTF-8?Q?Eve=2C_?= <eve@x.example>", []Address{{"Eve,", "eve@x.example"}}},
		{"bob@example.com (Bob Smith)", []Address{{"Bob Smith", "bob@example.com"}}},
		{"undisclosed-recipients:;", nil},
		{"Team: a@x.example, b@y.example;", []Address{{"", "a@x.example"}, {"", "b@y.example"}}},
		{"Broken <no-close@x.example", []Address{{"Broken", "no-close@x.example"}}},
		{`"a\"b" <q@x.example>`, []Address{{`a"b`, "q@x.example"}}},
		{"<@relay.example:user@host.example>", []Address{{"", "user@host.example"}}},
	}
	for _, c := range cases {
		got := parseAddressList(c.in, "")
		if len(got) != len(c.want) {
			t.Errorf("parseAddressList(%q) = %+v, want %+v", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("parseAddressList(%q)[%d] = %+v, want %+v", c.in, i, got[i], c.want[i])
			}
		}
	}
}

func TestParseMediaType(t *testing.T) {
	cases := []struct {
		in, token string
		params    map[string]string
		ok        bool
	}{
		{`text/plain; charset="utf-8"`, "text/plain", map[string]string{"charset": "utf-8"}, true},
		{`Text/HTML;Charset=ISO-8859-1`, "text/html", map[string]string{"charset": "ISO-8859-1"}, true},
		{`attachment; filename*=UTF-8''%E6%97%A5.txt`, "attachment", map[string]string{"filename": "日.txt"}, true},
		{`attachment; filename*=iso-2022-jp''%1B%24B%46%7C%1B%28B.txt`, "attachment", map[string]string{"filename": "日.txt"}, true},
		{`attachment; filename*0="a"; filename*1="b.pdf"`, "attachment", map[string]string{"filename": "ab.pdf"}, true},
		{`attachment; filename="=?UTF-8?B?5pel?=.pdf"`, "attachment", map[string]string{"filename": "日.pdf"}, true},
		{`multipart/mixed; boundary=abc def`, "multipart/mixed", map[string]string{"boundary": "abc def"}, true},
		{`text/plain; charset=utf-8; charset=latin1`, "text/plain", map[string]string{"charset": "utf-8"}, true},
		{`text/plain; charset="unterminated`, "text/plain", map[string]string{"charset": "unterminated"}, true},
		{`;;; garbage here`, "", map[string]string{}, false},
	}
	for _, c := range cases {
		token, params, ok := parseMediaType(c.in, "")
		if token != c.token || ok != c.ok || len(params) != len(c.params) {
			t.Errorf("parseMediaType(%q) = %q %v %v, want %q %v %v", c.in, token, params, ok, c.token, c.params, c.ok)
			continue
		}
		for k, v := range c.params {
			if params[k] != v {
				t.Errorf("parseMediaType(%q)[%q] = %q, want %q", c.in, k, params[k], v)
			}
		}
	}
}

func TestTransferDecoding(t *testing.T) {
	cases := []struct {
		enc, in, want string
		damaged       int
	}{
		{"base64", "SGVsbG8=", "Hello", 0},
		{"base64", "SGVs\r\nbG8", "Hello", 0},   // missing padding
		{"base64", "SGk=SGk=", "HiHi", 0},       // padded blocks run together
		{"base64", "SG*Vs*bG8=", "Hello", 2},    // junk is skipped and counted
		{"quoted-printable", "a=3Db", "a=b", 0}, // escape
		{"quoted-printable", "soft=\r\nbreak", "softbreak", 0},
		{"quoted-printable", "soft= \nbreak", "softbreak", 0},
		{"quoted-printable", "lower=c3=a9", "lower\xc3\xa9", 0},
		{"quoted-printable", "bad=ZZ", "bad=ZZ", 1},
		{"quoted-printable", "end=", "end", 0},
		{"8bit", "as is", "as is", 0},
	}
	for _, c := range cases {
		got, damaged, known, _ := transferDecode(c.enc, []byte(c.in), owned{})
		if !known || string(got) != c.want || damaged != c.damaged {
			t.Errorf("%s %q = %q (damaged %d, known %v), want %q (damaged %d)", c.enc, c.in, got, damaged, known, c.want, c.damaged)
		}
	}
}

func TestDecodeTextCharsets(t *testing.T) {
	cases := []struct {
		label string
		in    []byte
		want  string
		kind  string
	}{
		{"iso-8859-1", []byte("caf\xe9"), "café", ""},
		{"iso-8859-1", []byte("\x93q\x94"), "“q”", ""}, // windows-1252 quotes under a latin-1 label
		{"windows-1251", []byte("\xcf\xf0\xe8"), "При", ""},
		{"koi8-r", []byte("\xf0\xd2\xc9"), "При", ""},
		{"iso-8859-7", []byte("\xe1\xe2"), "αβ", ""},
		{"cp932", []byte("\x93\xfa\x96\x7b"), "日本", ""},
		{"x-sjis", []byte("\x93\xfa\x96\x7b"), "日本", ""},
		{"euc-jp", []byte("\xc6\xfc\xcb\xdc"), "日本", ""},
		{"ISO-2022-JP", []byte("\x1b$BF|K\\\x1b(B"), "日本", ""},
		{"iso-2022-jp-ms", []byte("\x1b$BF|K\\\x1b(B"), "日本", ""},
		{"us-ascii", []byte("caf\xc3\xa9"), "café", ProblemCharsetMislabelled},
		{"", []byte("caf\xc3\xa9"), "café", ""},
		{"", []byte("\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\xcd"), "日本語の文章", ProblemCharsetMislabelled},
		{"", []byte("\xc6\xfc\xcb\xdc\xb8\xec\xa4\xce\xca\xb8\xbe\xcf"), "日本語の文章", ProblemCharsetMislabelled},
		{"x-unheard-of", []byte("caf\xe9"), "café", ProblemCharsetUnknown},
		{"utf-8", []byte("ok\xff"), "ok\uFFFD", ProblemCharsetInvalid},
	}
	for _, c := range cases {
		got, note := decodeText(c.label, c.in)
		if got != c.want || note.Kind != c.kind {
			t.Errorf("decodeText(%q, %q) = %q %q, want %q %q", c.label, c.in, got, note.Kind, c.want, c.kind)
		}
	}
}

func TestSplitMultipartIgnoresLongerBoundary(t *testing.T) {
	body := []byte("--abc\r\nContent-Type: text/plain\r\n\r\none\r\n--abc-1\r\nstill one\r\n--abc--\r\n")
	parts, found, closed := splitMultipart(body, "abc")
	if !found || !closed || len(parts) != 1 || !strings.Contains(string(parts[0]), "--abc-1\r\nstill one") {
		t.Fatalf("parts=%q found=%v closed=%v", parts, found, closed)
	}
}

func TestDeepNestingIsCutNotFatal(t *testing.T) {
	var b strings.Builder
	b.WriteString("Subject: deep\r\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nbottom\r\n")
	m := Parse([]byte(b.String()))
	found := false
	for _, p := range m.Problems {
		found = found || p.Kind == ProblemTooDeep
	}
	if !found {
		t.Fatalf("no %s problem: %+v", ProblemTooDeep, m.Problems)
	}
	if len(m.Problems) > maxProblems+1 {
		t.Fatalf("%d problems listed, want at most %d", len(m.Problems), maxProblems+1)
	}
}

func TestFormatFlowed(t *testing.T) {
	raw := "Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n" +
		"This paragraph was wrapped \r\nby the sender's mail app \r\nand joins again.\r\n" +
		">Quoted line that \r\n>continues.\r\n" +
		" >stuffed, not a quote\r\n" +
		"-- \r\nSignature\r\n"
	got := Parse([]byte(raw)).Text
	want := "This paragraph was wrapped by the sender's mail app and joins again.\n" +
		"> Quoted line that continues.\n" +
		">stuffed, not a quote\n" +
		"-- \nSignature\n"
	if got != want {
		t.Errorf("unflowed text:\n%q\nwant\n%q", got, want)
	}
	// With delsp=yes the space that marks a soft break goes too, in quotes
	// as well; a hard break and the signature separator keep theirs.
	delsp := Parse([]byte("Content-Type: text/plain; format=flowed; delsp=yes\r\n\r\n日本語の \r\n文章\r\n>> 引用の \r\n>> 続き\r\n> 浅い\r\n-- \r\nsig\r\n")).Text
	if want := "日本語の文章\n>> 引用の続き\n> 浅い\n-- \nsig\n"; delsp != want {
		t.Errorf("delsp=yes: %q, want %q", delsp, want)
	}
}

// A part is decoded once, when the message is parsed: every later stage
// (attachment sniffing, macro search, inline images, saving) reads the same
// bytes instead of decoding the part again.
func TestPartDecodedOnce(t *testing.T) {
	payload := strings.Repeat("PK\x03\x04 an office document ", 4000)
	raw := "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
		"--b\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=a.docx\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte(payload)) + "\r\n--b--\r\n"
	m := Parse([]byte(raw))
	att := m.Attachments()
	if len(att) != 1 {
		t.Fatalf("%d attachments, want 1", len(att))
	}
	first, second := att[0].Bytes(), att[0].Bytes()
	if string(first) != payload || att[0].Size != int64(len(payload)) {
		t.Fatalf("decoded %d bytes (Size %d), want the %d-byte payload", len(first), att[0].Size, len(payload))
	}
	if &first[0] != &second[0] {
		t.Error("Bytes decoded the part again instead of returning the bytes decoded at parse time")
	}
	allocs := testing.AllocsPerRun(10, func() { _ = att[0].Bytes() })
	if allocs != 0 {
		t.Errorf("Bytes allocates %.0f times per call; the part should be decoded only once", allocs)
	}
}

// A body of LF-terminated lines that needs no conversion is the message's
// own bytes, not a copy (a body may be a hundred megabytes); one with CRLF
// line ends is converted, and the message's bytes are left as they were.
func TestBodyWithoutConversionSharesTheMessage(t *testing.T) {
	body := strings.Repeat("<p>a paragraph of plain text</p>\n", 30000) // ~1 MB
	for _, c := range []struct {
		name, head, body string
		shared           bool
	}{
		{"lf", "Content-Type: text/html; charset=utf-8\n\n", body, true},
		{"lf-plain", "Content-Type: text/plain\n\n", body, true},
		{"crlf", "Content-Type: text/html\r\n\r\n", strings.ReplaceAll(body, "\n", "\r\n"), false},
	} {
		raw := []byte(c.head + c.body)
		before := string(raw)
		var m *Message
		allocated := allocatedBy(func() { m = Parse(raw) })
		got := m.HTML + m.Text
		if got != body {
			t.Fatalf("%s: body %d bytes, want %d", c.name, len(got), len(body))
		}
		if shared := allocated < uint64(len(body)/2); shared != c.shared {
			t.Errorf("%s: parsing allocated %d bytes for a %d-byte body; shared %v, want %v", c.name, allocated, len(body), shared, c.shared)
		}
		if string(raw) != before {
			t.Errorf("%s: the message's bytes changed", c.name)
		}
	}
}

// allocatedBy returns the bytes allocated while f ran.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A From with no address is a name, decoded like any other; an encoded
// word never becomes an address.
func TestAddressWithoutMailboxIsAName(t *testing.T) {
	for in, want := range map[string]Address{
		"=?UTF-8?B?6Iez5oClIOeiuuiqjQ==?=": {Name: "至急 確認"},
		"至急 確認":                            {Name: "至急 確認"},
		"=?UTF-8?Q?ceo=40bank.example?=":   {Name: "ceo@bank.example"},
		"user@example.org (Ann)":           {Name: "Ann", Addr: "user@example.org"},
		"user@example.org":                 {Addr: "user@example.org"},
	} {
		got := parseAddressList(in, "")
		if len(got) != 1 || got[0] != want {
			t.Errorf("parseAddressList(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// A body's text is converted with its line ends made LF in one copy, to
// the same text as converting and then normalising.
func TestLFStringNormalisesAsBefore(t *testing.T) {
	for _, s := range []string{"", "a", "a\r\nb", "a\rb", "\r", "\r\n", "\r\r\n\n", "a\r\n\r\nb\r", "x\n\ry"} {
		if got, want := lfString([]byte(s)), normalizeNewlines(s); got != want {
			t.Errorf("lfString(%q) = %q, want %q", s, got, want)
		}
	}
}
