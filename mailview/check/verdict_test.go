package check

import (
	"slices"
	"testing"
)

func TestJudgeCombinesEvidence(t *testing.T) {
	f := func(id ID, sev Severity, cat Category) Finding { return Finding{ID: id, Severity: sev, Category: cat} }
	warn := func(id ID) Finding { return f(id, SeverityWarn, CategorySender) }
	cases := []struct {
		name     string
		findings []Finding
		want     Level
		reasons  []ID
	}{
		{"nothing", nil, LevelSafe, nil},
		{"one weak signal", []Finding{warn(FindingEnvelopeMismatch)}, LevelSafe, nil},
		{"free mail from someone new", []Finding{warn(FindingFreemailSender), warn(FindingFirstContact)}, LevelSafe, nil},
		{"a shortener alone", []Finding{f(FindingLinkShortener, SeverityWarn, CategoryLinks)}, LevelSafe, nil},
		{"free mail and someone new do not count", []Finding{warn(FindingFreemailSender), warn(FindingFirstContact), warn(FindingEnvelopeMismatch), warn(FindingFakeReply)}, LevelSafe, nil},
		{"findings without a weight do not count", []Finding{f(FindingAuthForwarded, SeverityInfo, CategorySender), f(FindingRemoteContent, SeverityInfo, CategoryTracking)}, LevelSafe, nil},
		{"tracking does not count", []Finding{f(FindingTrackerAddressLeak, SeverityDanger, CategoryTracking), f(FindingTrackerKnown, SeverityWarn, CategoryTracking)}, LevelSafe, nil},
		{"weak ones together", []Finding{warn(FindingEnvelopeMismatch), warn(FindingReplyToDiverts)}, LevelCaution,
			[]ID{FindingReplyToDiverts, FindingEnvelopeMismatch}},
		{"one strong signal", []Finding{warn(FindingAuthFail)}, LevelCaution, []ID{FindingAuthFail}},
		{"a strong signal rated danger", []Finding{f(FindingDisplayNameImpersonation, SeverityDanger, CategorySender)}, LevelDanger,
			[]ID{FindingDisplayNameImpersonation}},
		{"two strong signals", []Finding{warn(FindingAuthFail), f(FindingLinkMismatch, SeverityWarn, CategoryLinks)}, LevelDanger,
			[]ID{FindingAuthFail, FindingLinkMismatch}},
		{"no signature alone (info)", []Finding{f(FindingAuthUnsigned, SeverityInfo, CategorySender)}, LevelSafe, nil},
		{"no signature beside a medium signal", []Finding{f(FindingAuthUnsigned, SeverityInfo, CategorySender), warn(FindingImageHosted)}, LevelCaution,
			[]ID{FindingImageHosted, FindingAuthUnsigned}},
		{"two medium signals", []Finding{warn(FindingLinkHosted), warn(FindingImageHosted)}, LevelCaution,
			[]ID{FindingLinkHosted, FindingImageHosted}},
		// BEC phrasing and a lure are read from the same words: they count once.
		{"two readings of the wording", []Finding{warn(FindingUrgencyLanguage), warn(FindingLureLanguage)}, LevelSafe, nil},
		{"the wording and another medium signal", []Finding{warn(FindingLureLanguage), warn(FindingUrgencyLanguage), warn(FindingSenderHosted)}, LevelCaution,
			[]ID{FindingLureLanguage, FindingUrgencyLanguage, FindingSenderHosted}},
		{"a medium signal rated danger and a weak one", []Finding{f(FindingUrgencyLanguage, SeverityDanger, CategorySender), warn(FindingEnvelopeMismatch)}, LevelCaution,
			[]ID{FindingUrgencyLanguage, FindingEnvelopeMismatch}},
	}
	for _, c := range cases {
		got := Judge(c.findings)
		if got.Level != c.want || !slices.Equal(got.Reasons, c.reasons) {
			t.Errorf("%s: %s %v, want %s %v", c.name, got.Level, got.Reasons, c.want, c.reasons)
		}
	}
}

// A carried message's wording counts for the carrier, both readings of it;
// what its headers say of its own delivery does not.
func TestCarried(t *testing.T) {
	var got []ID
	for _, f := range Carried([]Finding{
		{ID: FindingLureLanguage, Category: CategorySender},
		{ID: FindingUrgencyLanguage, Category: CategorySender},
		{ID: FindingAuthFail, Category: CategorySender},
		{ID: FindingFirstContact, Category: CategorySender},
		{ID: FindingLinkHosted, Category: CategoryLinks},
	}) {
		got = append(got, f.ID)
	}
	if want := []ID{FindingLureLanguage, FindingUrgencyLanguage, FindingLinkHosted}; !slices.Equal(got, want) {
		t.Errorf("Carried = %v, want %v", got, want)
	}
}
