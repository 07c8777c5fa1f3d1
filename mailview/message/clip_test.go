package message

import (
	"runtime"
	"strings"
	"testing"
)

// Clip counts characters, not bytes, and marks a cut.
func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abc", 0, "…"},
		{"abcd", 3, "abc…"},
		{"日本語テキスト", 3, "日本語…"},
		{"日本語", 3, "日本語"},
	} {
		if got := Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// Clipping a megabytes-long header value reads and copies only its start.
func TestClipReadsOnlyTheStart(t *testing.T) {
	long := strings.Repeat("件名", 2<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 10; i++ {
		_ = Clip(long, 200)
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("10 clips of a %d-byte value allocated %d bytes", len(long), n)
	}
}
