package check

import "sort"

// Level is a message's overall verdict.
type Level string

// Levels, from least to most alarming.
const (
	LevelSafe    Level = "safe"
	LevelCaution Level = "caution"
	LevelDanger  Level = "danger"
)

// Warns tells whether the level is caution or danger: loading the
// message's images is not the default, and its sender is not one to trust.
func (l Level) Warns() bool { return l == LevelCaution || l == LevelDanger }

// Verdict is the one judgement of a whole message, for the list's badge, the
// banner over the message and the JSON.
type Verdict struct {
	Level   Level
	Reasons []ID // the findings that made it, the weightiest first
}

// Weight is how much a finding says that a message is not what it claims.
type Weight int

// Weights of evidence, as a scoring filter counts them.
const (
	// Weak signals are common in legitimate mail: a bounce address at a
	// mailing service, a shortener, no DKIM signature. Alone they leave a
	// message safe; together they add up.
	Weak Weight = 1
	// Medium signals are unusual in legitimate mail but not proof.
	Medium Weight = 2
	// Strong signals are rare in legitimate mail: failed authentication, a
	// brand or a colleague claimed from elsewhere, a mailer that the
	// headers contradict, a look-alike domain, a link to a bare IP address,
	// an attachment that runs code.
	Strong Weight = 3
)

// weights are the findings that speak to whether a message is what it
// claims, and the only place that says which count: a finding's severity
// is how it is shown (and doubles its weight at danger), not whether it
// counts. Tracking findings are not here: tracking is true of most
// legitimate newsletters and is reported on its own. Nor are free mail and
// someone new (freemail-sender, first-contact): so common in legitimate
// mail that they are shown as info and weigh nothing, even beside one
// other signal.
var weights = map[ID]Weight{
	FindingAuthFail:                 Strong,
	FindingDisplayNameImpersonation: Strong,
	FindingBrandImpersonation:       Strong,
	FindingMailerMismatch:           Strong,
	FindingLookalikeDomain:          Strong,
	FindingMultipleFrom:             Strong,
	FindingLinkIP:                   Strong,
	FindingLinkHomograph:            Strong,
	FindingLinkMismatch:             Strong,
	FindingAttachmentDangerous:      Strong,
	FindingAttachmentDoubleExt:      Strong,
	FindingAttachmentRTLO:           Strong,
	FindingAttachmentMacro:          Strong,
	FindingAttachmentTypeMismatch:   Strong,
	FindingNewDomain:                Strong,
	FindingTextObfuscated:           Strong,
	// Part of the message was not checked: its verdict cannot be safe.
	FindingIncomplete: Strong,

	FindingUrgencyLanguage:      Medium,
	FindingDisplayNameAddress:   Medium,
	FindingDisplayNameMalformed: Medium,
	FindingReplyToDiverts:       Medium,
	FindingForgedMailer:         Medium,
	FindingFormInMail:           Medium,
	FindingSenderUnusual:        Medium, // a known address's mail differs from its history (history.go)
	// No SPF, DKIM or DMARC result vouches for the From domain, by a stamp
	// the reader trusts: rare for legitimate senders since the big mailbox
	// providers required authentication of bulk senders (2024).
	FindingAuthMissing: Medium,
	// Published under a service's name that anyone can use (hosting.go),
	// and mail that knows only the reader's address (recipient.go).
	FindingSenderHosted:      Medium,
	FindingLinkHosted:        Medium,
	FindingImageHosted:       Medium,
	FindingSubjectHasAddress: Medium,
	FindingLureLanguage:      Medium,
	FindingAttachmentHTML:    Medium,

	FindingEnvelopeMismatch: Weak,
	FindingLinkShortener:    Weak,
	FindingFakeReply:        Weak,
	FindingRecipientsHidden: Weak,
	FindingBodyImageOnly:    Weak,
	FindingAuthUnsigned:     Weak,
}

// families are findings read from the same evidence, which counts once: the
// wording of the message (BEC phrasing and phishing lures are often the
// same sentences).
var families = map[ID]ID{
	FindingUrgencyLanguage: "wording",
	FindingLureLanguage:    "wording",
}

// Thresholds of the summed weights.
const (
	cautionScore = 3 // one strong signal, or weak and medium ones together
	dangerScore  = 6 // two strong signals, or one with much beside it
)

// Judge combines the findings into the message's verdict, as a scoring
// filter does: each finding adds its weight (twice when the check itself
// rated it danger). One weak signal alone leaves the message safe; it takes
// a strong signal, or weak ones together, to warn; a strong signal the
// check rated danger, or enough together, is danger.
func Judge(findings []Finding) Verdict {
	score := Weight(0)
	strongDanger := false
	type counted struct {
		id ID
		w  Weight
	}
	var made []counted
	seen := map[ID]bool{}
	familyMax := map[ID]Weight{} // the heaviest finding counted of each family
	for _, f := range findings {
		w, ok := weights[f.ID]
		if !ok || seen[f.ID] {
			continue
		}
		seen[f.ID] = true
		if f.Severity == SeverityDanger {
			strongDanger = strongDanger || w == Strong
			w *= 2
		}
		made = append(made, counted{f.ID, w})
		if fam, ok := families[f.ID]; ok {
			// The same words are evidence once: only the family's heaviest counts.
			if w > familyMax[fam] {
				score += w - familyMax[fam]
				familyMax[fam] = w
			}
			continue
		}
		score += w
	}
	v := Verdict{Level: LevelSafe}
	switch {
	case strongDanger || score >= dangerScore:
		v.Level = LevelDanger
	case score >= cautionScore:
		v.Level = LevelCaution
	default:
		return v
	}
	sort.SliceStable(made, func(i, j int) bool { return made[i].w > made[j].w })
	for _, c := range made {
		v.Reasons = append(v.Reasons, c.id)
	}
	return v
}
