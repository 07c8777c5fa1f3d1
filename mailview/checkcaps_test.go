package mailview

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"mailsafe/internal/hostilemail"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// The checks' own limits are not silent either: a link in more redirect
// wrappers than are peeled off, and a URL percent-encoded in more layers
// than the search for the reader's address undoes, are problems of the
// message and make it "not wholly checked"; within the limits they are not.
func TestCheckLimitsSaySo(t *testing.T) {
	htmlMail := func(body string) []byte {
		return []byte(hostilemail.Header("limits", "Content-Type: text/html\r\n") + "\r\n<html><body>" + body + "</body></html>")
	}
	wrapped := func(n int) string {
		u := "https://bank-verify.example.net/login"
		for range n {
			u = "https://www.google.com/url?q=" + url.QueryEscape(u)
		}
		return u
	}
	encoded := func(n int) string {
		v := "reader@example.com"
		for range n {
			v = url.QueryEscape(v)
		}
		return "https://t.example.net/o.gif?e=" + v
	}
	reader := Reader{Me: []string{"reader@example.com"}}
	for _, c := range []struct {
		name string
		body string
		kind string
		over bool
	}{
		{"links wrapped 5 times", `<a href="` + wrapped(5) + `">bank</a>`, message.ProblemLinkWrappedDeep, false},
		{"links wrapped 8 times", `<a href="` + wrapped(8) + `">bank</a>`, message.ProblemLinkWrappedDeep, true},
		{"address encoded 3 times", `<img src="` + encoded(3) + `">`, message.ProblemURLEncodedDeep, false},
		{"address encoded 6 times", `<img src="` + encoded(6) + `">`, message.ProblemURLEncodedDeep, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := reader
			if c.kind == message.ProblemLinkWrappedDeep {
				r = Reader{} // each wrapper encodes the link once more: no address to search, no layers counted
			}
			v := Analyze(htmlMail(c.body), r)
			has := slices.ContainsFunc(v.Message.Problems, func(p message.Problem) bool { return p.Kind == c.kind })
			if has != c.over || v.Has(check.FindingIncomplete) != c.over {
				t.Errorf("%s problem: %v, %s finding: %v; want both %v (problems %v)", c.kind, has, check.FindingIncomplete, v.Has(check.FindingIncomplete), c.over, v.Message.Problems)
			}
			if !c.over && strings.Contains(c.body, "t.example.net") && !v.Has(check.FindingTrackerAddressLeak) {
				t.Errorf("the address encoded within the limit was not found: %v", v.Findings)
			}
		})
	}
}
