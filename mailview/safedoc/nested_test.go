package safedoc

import (
	"strings"
	"testing"
)

// lastIndexFold finds what lower-casing a copy and strings.LastIndex did,
// on ASCII text (where lower-casing keeps every byte's place).
func FuzzLastIndexFold(f *testing.F) {
	for _, s := range []string{"<v:image/><![ENDIF]", "<![endif]<![Endif]x", "<<![endif", "", "<", "a<![endif]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return
			}
		}
		if got, want := lastIndexFold(s, "<![endif]"), strings.LastIndex(strings.ToLower(s), "<![endif]"); got != want {
			t.Fatalf("lastIndexFold(%q) = %d, want %d", s, got, want)
		}
	})
}

// TestListsNothingSkipsLayout: the conditional comments newsletters hold
// for Outlook that only open or close layout (table cells with a style,
// Office's settings) are not read as nested documents, and those that
// carry something that loads or links are.
func TestListsNothingSkipsLayout(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"</td></tr></table>", true},
		{`<table role="presentation" border="0" cellpadding="0" cellspacing="0" width="600" align="center"><tr><td class="" style="vertical-align:top;width:600px;">`, true},
		{`<xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml>`, true},
		{`<table><tr><td style="background-color:#ffffff;display:none">`, true},
		{`<td background="https://x.example/bg.png">`, false},
		{`<td style="background:url(https://x.example/bg.png)">`, false},
		{`<v:rect fill="true"><v:fill src="https://x.example/bg.png"/>`, false},
		{`<a href="https://x.example/">`, false},
		{`<td style="display:none" attributionsrc="https://x.example/">`, false},
		{`<td style="x:&#40;">`, false},
		{`<style>td{display:none}</style>`, false},
	} {
		if got := listsNothing(c.src); got != c.want {
			t.Errorf("listsNothing(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}
