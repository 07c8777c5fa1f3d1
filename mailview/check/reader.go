package check

import (
	"time"

	"mailsafe/mailview/beacon"
	"mailsafe/mailview/message"
)

// Reader is what the checks cannot know from the message alone: who is
// reading it, whom they know, whose stamps they trust, and whether they
// allowed lookups.
type Reader struct {
	Me       []string          // the reader's own addresses; their domains are "our domain"
	Contacts []message.Address // people the reader knows
	// History is what the reader's own past mail says about their
	// correspondents (history.go); nil: none learned.
	History *History
	// AuthServIDs are the authserv-ids of the reader's own servers: the
	// first Authentication-Results stamped by any of them is trusted. Empty
	// means only the topmost Authentication-Results is trusted.
	AuthServIDs []string
	Now         time.Time     // the analysis time; zero means time.Now()
	Trackers    *beacon.Rules // the tracker rule set; nil means the built-in one
	// LookupTXT answers DNS TXT queries for DKIM keys. nil (the default) means
	// no lookups: analysis never touches the network unless the reader allowed
	// it and the caller supplies a resolver.
	LookupTXT func(domain string) ([]string, error)
}
