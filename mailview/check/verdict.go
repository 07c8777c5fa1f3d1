package check

// Level is a message's overall verdict.
type Level string

// Levels, from least to most alarming.
const (
	LevelSafe    Level = "safe"
	LevelCaution Level = "caution"
	LevelDanger  Level = "danger"
)

// Verdict is the one judgement of a whole message, for the list's badge, the
// banner over the message and the JSON.
type Verdict struct {
	Level   Level
	Reasons []ID // the findings that made it, most severe first
}

// Judge combines the findings into the message's verdict. Only what says
// the message may not be what it claims counts (sender, links,
// attachments): tracking is reported on its own, since it is true of most
// legitimate newsletters.
func Judge(findings []Finding) Verdict {
	v := Verdict{Level: LevelSafe}
	var danger, warn []ID
	for _, f := range findings {
		if f.Category == CategoryTracking {
			continue
		}
		switch f.Severity {
		case SeverityDanger:
			danger = appendOnce(danger, f.ID)
		case SeverityWarn:
			warn = appendOnce(warn, f.ID)
		}
	}
	switch {
	case len(danger) > 0:
		v.Level = LevelDanger
	case len(warn) > 0:
		v.Level = LevelCaution
	}
	v.Reasons = append(danger, warn...)
	return v
}
