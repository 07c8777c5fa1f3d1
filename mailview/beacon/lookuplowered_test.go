package beacon

import (
	"slices"
	"testing"
)

var lookupLoweredKeys = map[string][]int{"open": {1}, "track": {2}, "wf": {3}, "ö": {4}, "\ufffd": {5}, "": {6}}

var lookupLoweredSamples = []string{"open", "OPEN", "Open", "track", "TRACK1", "WF", "Ö", "ö", "\xff", "\xc3", "", "K", "\u212a",
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}

// lookupLowered finds a key exactly when the map has lowerASCII of it.
func TestLookupLowered(t *testing.T) {
	if v, ok := lookupLowered(lookupLoweredKeys, "OpEn"); !ok || v[0] != 1 {
		t.Error("lookupLowered does not find keys by their lower case")
	}
	if _, ok := lookupLowered(lookupLoweredKeys, "opens"); ok {
		t.Error("lookupLowered finds a key the map lacks")
	}
	for _, k := range lookupLoweredSamples {
		lookupLoweredAgrees(t, k)
	}
}

func lookupLoweredAgrees(t *testing.T, key string) {
	want, wantOK := lookupLoweredKeys[lowerASCII(key)]
	if got, ok := lookupLowered(lookupLoweredKeys, key); ok != wantOK || !slices.Equal(got, want) {
		t.Fatalf("lookupLowered(%q) = %v %v, m[lowerASCII(key)] is %v %v", key, got, ok, want, wantOK)
	}
}

func FuzzLookupLowered(f *testing.F) {
	for _, k := range lookupLoweredSamples {
		f.Add(k)
	}
	f.Fuzz(lookupLoweredAgrees)
}
