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
	Me         []string          // the reader's own addresses; their domains are "our domain"
	Contacts   []message.Address // people the reader knows
	AuthServID string            // the authserv-id of the reader's own server, trusted in Authentication-Results
	Now        time.Time         // the analysis time; zero means time.Now()
	Trackers   *beacon.Rules     // the tracker rule set; nil means the built-in one
	// LookupTXT answers DNS TXT queries for DKIM keys. nil (the default) means
	// no lookups: analysis never touches the network unless the reader allowed
	// it and the caller supplies a resolver.
	LookupTXT func(domain string) ([]string, error)
}
