package check

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// findFoldedEvery is findFolded without its prefilter: every phrase of a
// category not yet found tried on the text.
func findFoldedEvery(list phraseList, text string) (found map[string]string, evidence []string) {
	found = map[string]string{}
	for _, p := range list.phrases {
		if _, done := found[p.category]; done {
			continue
		}
		if f := p.find(text); f != "" {
			found[p.category] = f
			evidence = append(evidence, p.category+": “"+f+"”")
		}
	}
	return found, evidence
}

// checkPhraseParts fails t unless findFolded finds in the folded text what
// trying every phrase finds, for both lists.
func checkPhraseParts(t *testing.T, text string) {
	t.Helper()
	folded := foldPhrasing(text)
	for name, list := range map[string]phraseList{"urgency": facts().urgency, "lures": facts().lures} {
		found, evidence := findFolded(list, folded)
		wantFound, wantEvidence := findFoldedEvery(list, folded)
		if !maps.Equal(found, wantFound) || !slices.Equal(evidence, wantEvidence) {
			t.Fatalf("%s in %q: %q, every phrase tried finds %q", name, folded, evidence, wantEvidence)
		}
	}
}

// phrasePartSamples are texts with each gapped phrase's parts: whole, with
// words in its gaps, and with one part missing.
func phrasePartSamples() []string {
	var out []string
	for _, list := range []phraseList{facts().urgency, facts().lures} {
		for _, p := range list.phrases {
			if p.gapped == nil {
				continue
			}
			w := strings.ReplaceAll(p.written, "~~", "~")
			out = append(out, strings.ReplaceAll(w, "~", ""), strings.ReplaceAll(w, "~", " has been "), strings.ReplaceAll(w, "~", "。"))
			if parts := strings.Split(w, "~"); len(parts) > 1 {
				out = append(out, strings.Join(parts[:len(parts)-1], " x "), strings.Join(parts[1:], " x "))
			}
		}
	}
	return out
}

// The parts of gapped phrases after their lead let findFolded skip a
// phrase's regexp only when it would find nothing.
func TestPhrasePartsPrefilter(t *testing.T) {
	samples := phrasePartSamples()
	if len(samples) < 20 {
		t.Fatalf("only %d samples: the lists have few gapped phrases", len(samples))
	}
	hits := 0
	for _, s := range samples {
		checkPhraseParts(t, s)
		if _, e := findFoldedEvery(facts().lures, foldPhrasing(s)); len(e) > 0 {
			hits++
		}
	}
	if hits == 0 {
		t.Error("no sample holds a lure: the test tests nothing")
	}
}

// Over any text, findFolded finds what trying every phrase finds.
func FuzzPhraseParts(f *testing.F) {
	for _, s := range phrasePartSamples() {
		f.Add(s)
	}
	f.Fuzz(checkPhraseParts)
}
