package mailview

import (
	"encoding/base64"
	"slices"
	"testing"

	"mailsafe/internal/hostilemail"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// A style sheet that imports a data: style sheet that imports another, past
// the nesting budget, is not searched to its end; the reader is told so (a
// problem, and the finding that the message was not wholly checked) instead
// of the tracker at the bottom going unseen in silence.
func TestNestedDataDocumentsPastTheBudgetSaySo(t *testing.T) {
	chain := func(depth int) string {
		sheet := `a{background:url(https://ct.sendgrid.net/wf/open?upn=abc)}`
		for range depth {
			sheet = `@import url("data:text/css;base64,` + base64.StdEncoding.EncodeToString([]byte(sheet)) + `");`
		}
		return sheet
	}
	mail := func(depth int) []byte {
		return []byte(hostilemail.Header("nested", "Content-Type: text/html\r\n") + "\r\n<html><head><style>" + chain(depth) + "</style></head><body><p>hello</p></body></html>")
	}
	hasProblem := func(v *View) bool {
		return slices.ContainsFunc(v.Message.Problems, func(p message.Problem) bool { return p.Kind == message.ProblemNestedUnread })
	}

	v := Analyze(mail(5), Reader{})
	if hasProblem(v) || v.Has(check.FindingIncomplete) || !v.Has(check.FindingTrackerKnown) {
		t.Fatalf("5 deep: problems %v, findings %v; want the tracker found and nothing incomplete", v.Message.Problems, v.Findings)
	}
	v = Analyze(mail(30), Reader{})
	if !hasProblem(v) {
		t.Errorf("30 deep: no %s problem; problems %v", message.ProblemNestedUnread, v.Message.Problems)
	}
	if !v.Has(check.FindingIncomplete) {
		t.Errorf("30 deep: no %s finding; findings %v", check.FindingIncomplete, v.Findings)
	}
}
