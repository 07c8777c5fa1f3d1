package message

import (
	"testing"
	"time"
)

var quickDateSamples = []string{
	"Fri, 13 Nov 2026 09:30:00 +0000", "Thu, 22 Aug 2002 18:26:25 +0700", "Mon, 1 Jan 2024 00:00:00 -0800",
	"Tue, 29 Feb 2000 23:59:59 +0530", "Wed, 29 Feb 2100 10:00:00 +0000", "Thu, 29 Feb 2024 10:00:00 -0000",
	"Sun, 31 Apr 2024 10:00:00 +0100", "Sat, 0 Jan 2024 10:00:00 +0000", "Sat, 00 Jan 2024 10:00:00 +0000",
	"Sat, 05 Jan 0000 10:00:00 +2359", "Sat, 5 Jan 2024 24:00:00 +0000", "Sat, 5 Jan 2024 10:60:00 +0000",
	"Sat, 5 Jan 2024 10:00:60 +0000", "Sat, 5 Jan 2024 10:00:00 +2400", "Sat, 5 Jan 2024 10:00:00 +0060",
	"sat, 5 jan 2024 10:00:00 +0000", "Sat, 5 Jan 2024 1:00:00 +0000", "Sat,  5 Jan 2024 10:00:00 +0000",
	"Sat, 5 Jan 2024 10:00:00 0000", "Sat, 5 Jan 2024 10:00:00.5 +000", "Sun, 9 Mar 2025 02:30:00 -0500",
	"Sun, 2 Nov 2025 01:30:00 -0400", "Sun, 2 Nov 2025 01:30:00 -0500", "Mon, 30 Jun 2025 12:00:00 +0900",
	"Mon, 3 Jun 2025 12:00:00 +0000", "Mon, 1x Jun 2025 12:00:00 +0000", "Mon, 13 Jun 20x5 12:00:00 +0000",
}

// quickDateAgrees fails t when quickDate reads v and time.Parse does not
// read it the same: the same instant, zone name, offset and text.
func quickDateAgrees(t *testing.T, v string) {
	got, ok := quickDate(v)
	if !ok {
		return
	}
	want, err := time.Parse(rfc5322Date, v)
	if err != nil {
		t.Fatalf("quickDate(%q) = %v, time.Parse fails: %v", v, got, err)
	}
	gn, go_ := got.Zone()
	wn, wo := want.Zone()
	if !got.Equal(want) || got.String() != want.String() || gn != wn || go_ != wo ||
		got.Location().String() != want.Location().String() || (got.Location() == time.Local) != (want.Location() == time.Local) {
		t.Fatalf("quickDate(%q) = %v (%s), time.Parse gives %v (%s)", v, got, got.Location(), want, want.Location())
	}
}

// quickDate reads the dates written as RFC 5322 recommends, and gives
// time.Parse's time for them, in the machine's zone and in one with
// daylight saving time.
func TestQuickDate(t *testing.T) {
	for _, v := range []string{"Fri, 13 Nov 2026 09:30:00 +0000", "Tue, 29 Feb 2000 23:59:59 +0530", "Mon, 3 Jun 2025 12:00:00 -0700"} {
		if _, ok := quickDate(v); !ok {
			t.Errorf("quickDate(%q) is not read", v)
		}
	}
	for _, v := range []string{"Wed, 29 Feb 2100 10:00:00 +0000", "Sat, 5 Jan 2024 24:00:00 +0000", "sat, 5 jan 2024 10:00:00 +0000"} {
		if _, ok := quickDate(v); ok {
			t.Errorf("quickDate(%q) is read, want it left to time.Parse", v)
		}
	}
	for _, v := range quickDateSamples {
		quickDateAgrees(t, v)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	local := time.Local
	time.Local = ny
	defer func() { time.Local = local }()
	for _, v := range quickDateSamples {
		quickDateAgrees(t, v)
	}
}

func FuzzQuickDate(f *testing.F) {
	for _, v := range quickDateSamples {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		quickDateAgrees(t, v)
	})
}
