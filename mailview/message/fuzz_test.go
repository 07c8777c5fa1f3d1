package message

import (
	"testing"
	"unicode/utf8"
)

// FuzzHeaderText covers the encoded-word decoder, the address parser and the
// parameter parser with arbitrary header values.
func FuzzHeaderText(f *testing.F) {
	for _, s := range []string{
		"=?UTF-8?B?5pel?= =?UTF-8?B?5pys?=", `"a, b" <c@d>, e@f (g)`, "attachment; filename*0*=utf-8''%E6; filename*1=x",
		"=?iso-2022-jp?B?GyRCRnxLXBsoQg==?=", "Team: a@b;", "=?x?Q?=ZZ?=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if s := decodeHeaderText(v, "shift_jis"); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q", v)
		}
		for _, a := range parseAddressList(v, "") {
			if !utf8.ValidString(a.Name) || !utf8.ValidString(a.Addr) {
				t.Fatalf("invalid UTF-8 address from %q", v)
			}
		}
		_, params, _ := parseMediaType(v, "")
		for k, p := range params {
			if !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 parameter %q=%q from %q", k, p, v)
			}
		}
	})
}
