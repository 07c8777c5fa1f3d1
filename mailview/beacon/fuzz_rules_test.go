package beacon

import (
	"strings"
	"testing"
)

// FuzzRules reads arbitrary text as a tracker rules file: a clear error or
// rules, never a panic.
func FuzzRules(f *testing.F) {
	f.Add("# vendor | hosts | paths\nMailchimp | list-manage.com | /track/open.php\n")
	f.Add("a||\n|b|\n||\n")
	f.Fuzz(func(t *testing.T, s string) {
		Parse(strings.NewReader(s))
	})
}
