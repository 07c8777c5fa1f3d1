package mailview

import (
	"os"
	"testing"
)

// TestICount is a harness, not a check: scripts/bench-instructions.sh runs it
// under callgrind three times (MAILSAFE_ICOUNT=none|baseline|analyze) to
// compare instruction counts of Analyze and the baseline on the 1 MB mail,
// which, unlike timings, do not vary with the load of a shared machine.
func TestICount(t *testing.T) {
	mode := os.Getenv("MAILSAFE_ICOUNT")
	if mode == "" {
		t.Skip("run by scripts/bench-instructions.sh")
	}
	raw := largeNewsletter(1 << 20)
	for i := 0; i < 3; i++ {
		switch mode {
		case "analyze":
			Analyze(raw, Reader{})
		case "baseline":
			baseline(raw)
		}
	}
}
