package check

import (
	"slices"
	"testing"

	"mailsafe/mailview/message"
)

// An Office file too large to be searched for macros is a problem of the
// message and makes it "not wholly checked"; one within the limit is not.
func TestOfficeFileTooLargeToSearchSaysSo(t *testing.T) {
	for _, c := range []struct {
		size int64
		over bool
	}{{1 << 20, false}, {maxMacroSearch + 1, true}} {
		// The part's header is all the check reads before the size: its
		// content is the zip signature, its Size what it declares.
		m := message.Parse([]byte("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\n" +
			"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\nContent-Disposition: attachment; filename=report.docx\r\n\r\nPK\x03\x04rest\r\n--B--\r\n"))
		v := &Mail{Message: m}
		for _, p := range m.Attachments() {
			p.Size = c.size
			v.Attachments = append(v.Attachments, Attachment{Filename: p.Filename, ContentType: p.ContentType, Size: p.Size, Part: p})
		}
		attachmentFindings(v)
		budgetProblems(v)
		has := slices.ContainsFunc(m.Problems, func(p message.Problem) bool { return p.Kind == message.ProblemAttachmentUnsearched })
		if has != c.over || (len(budgetFindings(v)) > 0) != c.over {
			t.Errorf("%d bytes: problem %v, incomplete %v; want %v (problems %v)", c.size, has, len(budgetFindings(v)) > 0, c.over, m.Problems)
		}
	}
}

// The excerpt of a long body the checks read holds all that each reads of
// its start and its end.
func TestReadTextCoversWhatTheChecksRead(t *testing.T) {
	if readTextBytes < claimHead || readTextBytes < claimTail || readTextBytes < maxPhrasingText {
		t.Errorf("readTextBytes %d is less than what a check reads (%d, %d, %d)", readTextBytes, claimHead, claimTail, maxPhrasingText)
	}
}
