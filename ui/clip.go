package ui

import "mailsafe/mailview/message"

// maxShownHeader is how many characters of one header value (a subject, a
// list of addresses) the window draws; a longer one is cut with "…". The
// whole value stays in the Headers and Source views and in scan's output.
// Measuring and wrapping a 5 MB Subject would take the window minutes and
// gigabytes; no one reads past the first lines of one.
const maxShownHeader = 300

// clipShown cuts s to maxShownHeader characters, reading no further than that.
func clipShown(s string) string { return message.Clip(s, maxShownHeader) }
