package mailview

import (
	"mailsafe/mailview/check"
	"sort"
	"strings"
	"testing"
)

// assertFindings checks that a view has exactly the finding ids given, each
// with a title and detail in both languages, and that every evidence line
// appears in some finding's evidence.
func assertFindings(t *testing.T, v *View, ids []check.ID, evidence []string) {
	t.Helper()
	var got []string
	var all strings.Builder
	for _, f := range v.Findings {
		got = append(got, string(f.ID))
		all.WriteString(strings.Join(f.Evidence, "\n") + "\n")
		if f.Title.EN == "" || f.Title.JA == "" || f.Detail.EN == "" || f.Detail.JA == "" {
			t.Errorf("%s lacks a title or detail in a language", f.ID)
		}
	}
	var want []string
	for _, id := range ids {
		want = append(want, string(id))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("findings = %v, want %v", got, want)
	}
	for _, e := range evidence {
		if !strings.Contains(all.String(), e) {
			t.Errorf("no evidence %q in:\n%s", e, all.String())
		}
	}
}
