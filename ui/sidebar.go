package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mailsafe/assets"
	"mailsafe/mailview"
	"mailsafe/mailview/check"
	"mailsafe/mailview/message"
)

// maxSidebarEvidence is how many evidence lines a finding shows.
const maxSidebarEvidence = 8

// sidebar is the right pane: what loading would reveal, the findings by
// severity (danger first, each labelled with its kind), the path the message
// took, and notes on the message's form. It opens at the top for every
// message.
type sidebar struct {
	reveal   *fyne.Container
	findings *fyne.Container
	carried  *fyne.Container // the findings of forwarded messages (forwarded.go)
	empty    *flowText
	trace    *fyne.Container
	notes    *flowText
	notesBox *fyne.Container
	lookup   *lookupPanel
	root     *container.Scroll
	clip     fyne.Clipboard // where Copy puts evidence
}

func newSidebar(a fyne.App) *sidebar {
	s := &sidebar{clip: a.Clipboard()}
	title := widget.NewLabelWithStyle(lang.L("Findings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.empty = newWrapLabel(lang.L("sidebar.empty"))
	s.reveal = container.NewVBox()
	s.findings = container.NewVBox()
	s.carried = container.NewVBox()
	s.trace = container.NewVBox()
	s.notes = newWrapLabel("")
	s.notesBox = container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Notes on the message's form"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.notes)
	s.notesBox.Hide()
	s.lookup = newLookupPanel()
	s.root = newVScroll(container.NewVBox(s.reveal, title, s.empty, s.findings, s.carried, s.trace, s.lookup.box, s.notesBox))
	return s
}

func (s *sidebar) object() fyne.CanvasObject { return s.root }

// categories in the order the sidebar shows them among findings of the
// same severity, with their labels.
var categories = []struct {
	id    check.Category
	label string
}{
	{check.CategorySender, "Sender"}, {check.CategoryLinks, "Links"},
	{check.CategoryAttachments, "Attachments"}, {check.CategoryTracking, "Tracking"},
}

// severityRank orders severities, the most alarming first.
var severityRank = map[check.Severity]int{check.SeverityDanger: 0, check.SeverityWarn: 1, check.SeverityInfo: 2}

// bySeverity returns the findings danger first, then warnings, then
// information; within a severity by kind, then as the checks reported them.
func bySeverity(findings []check.Finding) []check.Finding {
	catRank := map[check.Category]int{}
	for i, c := range categories {
		catRank[c.id] = i
	}
	out := append([]check.Finding(nil), findings...)
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := severityRank[out[i].Severity], severityRank[out[j].Severity]; a != b {
			return a < b
		}
		return catRank[out[i].Category] < catRank[out[j].Category]
	})
	return out
}

// categoryLabel is the translated name of a finding's kind.
func categoryLabel(c check.Category) string {
	for _, cat := range categories {
		if cat.id == c {
			return lang.L(cat.label)
		}
	}
	return string(c)
}

func (s *sidebar) show(v *mailview.View) {
	language := readerLanguage()
	s.reveal.Objects = revealPanel(v, language)
	s.reveal.Refresh()

	// All cards at once: Add lays the box out again for every card.
	var cards []fyne.CanvasObject
	for _, f := range bySeverity(v.Findings) {
		cards = append(cards, s.findingCard(f, language))
	}
	s.findings.Objects = cards
	s.findings.Refresh()
	s.carried.Objects = s.forwardedCards(v, language)
	s.carried.Refresh()
	if len(v.Findings) == 0 && len(s.carried.Objects) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.trace.Objects = tracePanel(v.Trace)
	s.trace.Refresh()
	s.lookup.show(v)
	defer s.root.ScrollToTop() // a new message is read from its top, the danger first
	if len(v.Message.Problems) == 0 {
		s.notesBox.Hide()
		return
	}
	var lines []string
	for _, p := range v.Message.Problems {
		line := p.Detail
		if p.Part != "" {
			line = "part " + p.Part + ": " + line
		}
		lines = append(lines, line)
	}
	s.notes.SetText(strings.Join(lines, "\n"))
	s.notesBox.Show()
}

// severityLook gives a severity its icon, word and importance, so it reads
// without colour too.
func severityLook(sev check.Severity) (fyne.Resource, string, widget.Importance) {
	switch sev {
	case check.SeverityDanger:
		return theme.ErrorIcon(), lang.L("severity.danger"), widget.DangerImportance
	case check.SeverityWarn:
		return theme.WarningIcon(), lang.L("severity.warn"), widget.WarningImportance
	}
	return theme.InfoIcon(), lang.L("severity.info"), widget.MediumImportance
}

// findingCard shows one finding: severity icon and word, title, detail, and
// its evidence folded away (with a copy button).
func (s *sidebar) findingCard(f check.Finding, language string) fyne.CanvasObject {
	icon, word, importance := severityLook(f.Severity)
	title := newStyledWrapLabel(word+": "+f.Title.In(language), fyne.TextStyle{Bold: true}, importance)
	detail := flowParagraphs(f.Detail.In(language))
	kind := widget.NewLabelWithStyle(categoryLabel(f.Category), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	box := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, title), kind, detail)
	if len(f.Evidence) > 0 {
		ev := f.Evidence
		if len(ev) > maxSidebarEvidence {
			ev = append(append([]string(nil), ev[:maxSidebarEvidence]...), "…")
		}
		text := strings.Join(f.Evidence, "\n")
		evidence := widget.NewLabel(strings.Join(ev, "\n"))
		evidence.Wrapping = fyne.TextWrapBreak
		evidence.Selectable = true
		evidence.TextStyle = fyne.TextStyle{Monospace: true}
		copyBtn := widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() { s.clip.SetContent(text) })
		copyBtn.Importance = widget.LowImportance
		acc := widget.NewAccordion(widget.NewAccordionItem(lang.L("evidence.count", map[string]any{"Count": len(f.Evidence)}),
			container.NewVBox(evidence, container.NewHBox(copyBtn))))
		box.Add(acc)
	}
	box.Add(widget.NewSeparator())
	return box
}

// revealPanel says, before anything loads, who would learn what if the
// reader loaded the images.
func revealPanel(v *mailview.View, language string) []fyne.CanvasObject {
	var vendors, pixelHosts, leakHosts []string
	seen := map[string]bool{}
	for _, r := range v.Resources {
		who := revealName(r)
		switch {
		case !r.Tracks:
		case r.Tracker != "" && !seen["v"+who]:
			seen["v"+who] = true
			vendors = append(vendors, who)
		case r.Tracker == "" && !seen["p"+who]:
			seen["p"+who] = true
			pixelHosts = append(pixelHosts, who)
		}
		if r.SendsAddress && !seen["l"+who] {
			seen["l"+who] = true
			leakHosts = append(leakHosts, who)
		}
	}
	if len(vendors)+len(pixelHosts) == 0 {
		return nil
	}
	who := append(append([]string(nil), vendors...), pixelHosts...)
	// Wrapped, so that the heading does not set the sidebar's width (and
	// take it from the message at 1024×700).
	heading := newStyledWrapLabel(lang.L("What loading would reveal"), fyne.TextStyle{Bold: true}, widget.MediumImportance)
	text := lang.L("reveal.trackers", map[string]any{"Who": joinNames(who)})
	if len(leakHosts) > 0 {
		text += "\n\n" + lang.L("reveal.address", map[string]any{"Who": joinNames(leakHosts)})
	}
	body := flowParagraphs(text) // in the foreground colour: orange on white would not read
	_ = language
	return []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.VisibilityIcon()), nil, heading), body, widget.NewSeparator()}
}

// joinNames lists names as a sentence does: "A, B and C".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], lang.L("reveal.sep")) + lang.L("reveal.and") + names[len(names)-1]
}

// revealName names who receives a resource's request: the tracking vendor
// when it is known, otherwise the server by its address, said as a server
// so that it does not read as a company.
func revealName(r check.Resource) string {
	if r.Tracker != "" {
		return r.Tracker
	}
	return lang.L("reveal.server", map[string]any{"Host": r.Host})
}

// tracePanel shows the path the message took, folded away.
func tracePanel(t message.Trace) []fyne.CanvasObject {
	if len(t.Hops) == 0 {
		return nil
	}
	var lines []string
	if t.OriginIP != "" {
		lines = append(lines, lang.L("origin")+": "+t.OriginIP)
	}
	for _, h := range t.Hops {
		when := ""
		if !h.Time.IsZero() {
			when = h.Time.Local().Format("01-02 15:04:05 ")
		}
		lines = append(lines, fmt.Sprintf("%s%s [%s] → %s", when, h.From, h.IP, h.By))
	}
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	l.TextStyle = fyne.TextStyle{Monospace: true}
	return []fyne.CanvasObject{widget.NewSeparator(), widget.NewAccordion(widget.NewAccordionItem(lang.L("Path")+fmt.Sprintf(" (%d)", len(t.Hops)), l))}
}

// readerLanguage is the language the interface speaks: "ja" or "en". It
// follows the same environment variables, in the same order, as Fyne's lang.
func readerLanguage() string { return assets.LocaleLanguage() }
