package message

// Problem kinds: what was wrong with a message's form. A problem never stops
// parsing; it says what was read best-effort so the reader can judge it.
const (
	ProblemHeaderMalformed     = "header-malformed"      // a header line that is not a field
	ProblemCharsetUnknown      = "charset-unknown"       // a charset label nobody knows
	ProblemCharsetMislabelled  = "charset-mislabelled"   // the text is in another charset than declared
	ProblemCharsetInvalid      = "charset-invalid-bytes" // bytes invalid in the declared charset were replaced
	ProblemContentType         = "content-type-malformed"
	ProblemMultipartNoBoundary = "multipart-no-boundary"
	ProblemMultipartUnclosed   = "multipart-unclosed"
	ProblemEncodingUnknown     = "encoding-unknown"
	ProblemEncodingDamaged     = "encoding-damaged"
	ProblemTooDeep             = "mime-too-deep"
	ProblemTooManyParts        = "mime-too-many-parts"
	ProblemHeaderTooLong       = "header-too-long" // a field longer than maxFieldBytes: kept whole, shown clipped

	// Budgets of the later stages (packages safedoc and mailview, and the window), kept
	// here so that every problem kind has one list. Each says that part of
	// the message was not checked or not shown; the ones past which
	// something was not checked also give the finding check-incomplete.
	ProblemTooManyResources = "too-many-resources" // remote references past the budget were not listed or checked
	ProblemTooManyLinks     = "too-many-links"     // links past the budget were not listed or checked
	ProblemImageTooLarge    = "image-too-large"    // an image declares more pixels than the budget: not decoded
	ProblemImagesTooLarge   = "images-too-large"   // the message's images together exceed the pixel budget
	ProblemBodyLong         = "body-long"          // the body's text is laid out in parts ("show more")
	ProblemHTMLTooDeep      = "html-too-deep"      // elements nested past the budget: read for URLs, their effects not applied
	ProblemNestedUnread     = "nested-unread"      // nested documents (srcdoc, conditional comments, parts) past the budget were not searched
	ProblemStyleUnapplied   = "style-unapplied"    // style sheet rules stopped being applied past the budget
	ProblemStyleUnread      = "style-unread"       // rules that hide or size use selectors that are not read (:not(), :nth-child())
	ProblemForwardedUnread  = "forwarded-unread"   // a carried message (message/rfc822) past the budget was not analysed
	// Budgets of the checks (package check).
	ProblemLinkWrappedDeep      = "link-wrapped-too-deep" // a link in more redirect wrappers than are peeled off: its target was not checked
	ProblemURLEncodedDeep       = "url-encoded-too-deep"  // a URL percent-encoded in more layers than are undone: not searched for the reader's address beneath them
	ProblemAttachmentUnsearched = "attachment-unsearched" // an Office file too large to be searched for macros
)

// Problem is one departure from the standards met while reading a message.
type Problem struct {
	Kind   string // one of the Problem* constants
	Part   string // the MIME part path ("1.2"), "" for the top-level header
	Detail string // what was seen and what was done, in English
}
