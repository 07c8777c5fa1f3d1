package check

// ID names a finding; the ids are stable (DESIGN.md lists them) and shared
// by the sidebar, the JSON and the tests. Each concern's file declares its own.
type ID string

// Severity ranks a finding.
type Severity string

// Severities, from least to most urgent.
const (
	SeverityInfo   Severity = "info"
	SeverityWarn   Severity = "warn"
	SeverityDanger Severity = "danger"
)

// Category groups findings for the reader.
type Category string

// Categories of findings.
const (
	CategoryTracking    Category = "tracking"
	CategorySender      Category = "sender"
	CategoryLinks       Category = "links"
	CategoryAttachments Category = "attachments"
)

// Text is a piece of prose in both languages the product speaks.
type Text struct {
	EN string
	JA string
}

// In returns the text in lang ("ja" or anything else for English), falling
// back to English when no translation exists.
func (t Text) In(lang string) string {
	if lang == "ja" && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// Finding is one thing the reader should know about a message.
type Finding struct {
	ID       ID
	Severity Severity
	Category Category
	Title    Text
	Detail   Text
	Evidence []string
}

func hasFinding(list []Finding, id ID) bool {
	for _, f := range list {
		if f.ID == id {
			return true
		}
	}
	return false
}
