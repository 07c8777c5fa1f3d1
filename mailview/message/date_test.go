package message

import (
	"strings"
	"testing"
	"time"
)

// parseDateThroughNetMail is parseDate without its quick way for the
// common layout: net/mail first, then the lenient layouts.
func parseDateThroughNetMail(v string) (time.Time, bool) {
	if v = strings.TrimSpace(v); v == "" {
		return time.Time{}, false
	}
	return parseDateAnyLayout(v)
}

var dateSamples = []string{"Fri, 13 Nov 2026 09:30:00 +0000", "Thu, 22 Aug 2002 18:26:25 +0700 (ICT)", "Mon, 1 Jan 2024 00:00:00 -0800 (PST)",
	"Tue, 2 Jan 2024 3:04:05 +0900", "Wed, 03 Jan 2024 10:00:00 +0100 (bad (comment)", "Thu, 4 Jan 2024 10:00:00 +0100 (a\rb)",
	"Fri, 5 Jan 2024 10:00:00 GMT", "5 Jan 2024 10:00:00 +0000", "Sat, 6 Jan 24 10:00 +0000", "Sun, 7 Jan 2024 10:00:00 +0000 trailing",
	"Mon, 8 Jan 2024 10:00:00 +0000 (x) (y)", "Mon, 8 Jan 2024 25:00:00 +0000", "Xyz, 8 Jan 2024 10:00:00 +0000", " Mon, 8 Jan 2024 10:00:00 +0000 ",
	"Mon, 8 Jan 2024 10:00:00 +0000 ()", "Mon, 8 Jan 2024 10:00:00 +0000 (", "2024-01-08T10:00:00Z", ""}

// parseDate's quick way gives what net/mail and the lenient layouts give.
func TestParseDateQuickWay(t *testing.T) {
	for _, v := range dateSamples {
		got, gotOK := parseDate(v)
		want, wantOK := parseDateThroughNetMail(v)
		if gotOK != wantOK || !got.Equal(want) || got.String() != want.String() {
			t.Errorf("parseDate(%q) = %v %v, net/mail's way gives %v %v", v, got, gotOK, want, wantOK)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, v := range dateSamples {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, gotOK := parseDate(v)
		want, wantOK := parseDateThroughNetMail(v)
		if gotOK != wantOK || !got.Equal(want) || got.String() != want.String() {
			t.Errorf("parseDate(%q) = %v %v, net/mail's way gives %v %v", v, got, gotOK, want, wantOK)
		}
	})
}
