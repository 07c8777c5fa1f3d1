package check

import (
	"fmt"

	"mailsafe/mailview/beacon"
	"mailsafe/mailview/message"
)

// FindingIncomplete is given when a budget stopped the analysis before the
// end of the message (more remote references, links or MIME parts than
// are read, parts, documents or forwarded messages nested too deep): what lies past it was not checked, so
// "no findings" would promise more than was looked at. Hostile mail is
// built that way to hide a tracker or a link behind thousands of others.
const FindingIncomplete ID = "check-incomplete"

// uncheckedKinds are the problems past which part of the message was not
// checked; the others (a long header, a large image, a long body) change
// only what the window shows.
var uncheckedKinds = map[string]bool{
	message.ProblemTooManyResources: true,
	message.ProblemTooManyLinks:     true,
	message.ProblemTooManyParts:     true,
	message.ProblemTooDeep:          true,
	message.ProblemNestedUnread:     true, // iframe srcdoc, conditional comments past the nesting or size budget
	message.ProblemForwardedUnread:  true, // a carried message past the depth or count budget

	message.ProblemLinkWrappedDeep:      true,
	message.ProblemURLEncodedDeep:       true,
	message.ProblemAttachmentUnsearched: true,
}

// budgetProblems turns the budgets the checks themselves hit into problems
// of the message, beside those of the reading (safedoc's budgetProblems):
// wrappers past maxWraps, percent-encoding past what the address search
// undoes, an Office file too large to search.
func budgetProblems(v *Mail) {
	wrapped := 0
	for _, l := range v.Links {
		if l.Target.TooDeep {
			wrapped++
		}
	}
	if wrapped > 0 {
		v.Message.Problems = append(v.Message.Problems, message.Problem{Kind: message.ProblemLinkWrappedDeep,
			Detail: fmt.Sprintf("%d link(s) wrapped in more than %d redirects: where they lead past that was not checked", wrapped, maxWraps)})
	}
	if v.deepEncoded > 0 {
		v.Message.Problems = append(v.Message.Problems, message.Problem{Kind: message.ProblemURLEncodedDeep,
			Detail: fmt.Sprintf("%d URL(s) percent-encoded in more than %d layers: what the layers beneath hide was not searched for your address", v.deepEncoded, beacon.MaxPercentDecoding)})
	}
	for _, a := range v.Attachments {
		if a.Unsearched {
			v.Message.Problems = append(v.Message.Problems, message.Problem{Kind: message.ProblemAttachmentUnsearched, Part: a.Part.Path,
				Detail: fmt.Sprintf("the attachment %q is larger than %d MB: it was not searched for macros", a.Filename, maxMacroSearch>>20)})
		}
	}
}

// budgetFindings reports that the analysis stopped at a budget, with the
// problems that say where.
func budgetFindings(v *Mail) []Finding {
	var evidence []string
	for _, p := range v.Message.Problems {
		if uncheckedKinds[p.Kind] {
			evidence = append(evidence, p.Kind+": "+p.Detail)
		}
	}
	if len(evidence) == 0 {
		return nil
	}
	return []Finding{{
		ID: FindingIncomplete, Severity: SeverityWarn, Category: CategoryTracking,
		Title: Text{
			EN: "Not all of this message was checked",
			JA: "このメッセージは最後まで検査できていません",
		},
		Detail: Text{
			EN: "This message holds more than mailsafe reads of one message (remote references, links, MIME parts, nested documents or forwarded messages; " +
				"links in many redirects, URLs encoded many times over, or an Office file too large to search), so the rest was not checked. Ordinary mail never comes near these limits; mail built to exceed them may be " +
				"hiding a tracker or a deceptive link past them. Treat it with caution and do not load its images.",
			JA: "このメッセージには、mailsafe が 1 通について読み取る上限を超える数の外部参照・リンク・MIME パート、上限を超えて入れ子になった文書や転送メッセージ、" +
				"何重ものリダイレクトで包まれたリンク、何重にもエンコードされた URL、または検査しきれない大きさの Office ファイルが含まれているため、" +
				"上限を超えた部分は検査していません。普通のメールがこの上限に近づくことはありません。上限を超えるように作られたメールは、" +
				"その先にトラッカーや偽装リンクを隠している可能性があります。注意して扱い、画像は読み込まないでください。",
		},
		Evidence: evidence,
	}}
}
