package mailview

import (
	"os"
	"strings"
	"testing"

	"mailsafe/mailview/check"
)

// A sender's own click tracker is read from its first mailbox, also when
// the From line starts with a stray name piece (an unquoted comma).
func TestOwnClickTrackerAfterAStrayName(t *testing.T) {
	raw, err := os.ReadFile("testdata/links-newsletter-own-tracker.eml")
	if err != nil {
		t.Fatal(err)
	}
	raw = []byte(strings.Replace(string(raw), "From: Daily Strip <", "From: Daily, Strip <", 1))
	assertFindings(t, Analyze(raw, Reader{}), []check.ID{check.FindingClickTracking, check.FindingDisplayNameMalformed},
		[]string{"comics.example → https://click.dailystrip.example/ct?id=", "(→ https://www.shop.example/strips)"})
}
