package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"time"
)

// whoisServers are the port-43 servers of registries without RDAP that
// mailsafe falls back to, by top-level domain.
var whoisServers = map[string]string{
	"jp": "whois.jprs.jp:43",
}

// whoisSuffix is added to the query by TLD: JPRS answers in English to "/e".
var whoisSuffix = map[string]string{
	"jp": "/e",
}

// whoisCreated finds the creation date in a WHOIS answer whose format is
// known: JPRS's ("[Created on]" / "[登録年月日]" 2001/02/03) and the common
// "Creation Date:" / "created:" forms. The answer is read as text only.
var whoisCreated = []*regexp.Regexp{
	regexp.MustCompile(`(?m)^\s*\[(?:Created on|登録年月日)\]\s+(\d{4}/\d{2}/\d{2})`),
	regexp.MustCompile(`(?mi)^\s*(?:Creation Date|created|Registered on):\s*(\d{4}-\d{2}-\d{2})`),
}

// maxWhoisAnswer caps what a WHOIS server may send.
const maxWhoisAnswer = 64 << 10

// whoisQuery asks the registry's WHOIS server about domain and returns the
// answer with the creation date when its format is known.
func whoisQuery(ctx context.Context, dial func(ctx context.Context, network, addr string) (net.Conn, error), server, domain string) (DomainInfo, string, error) {
	info := DomainInfo{Domain: domain, Source: "whois://" + server}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	conn, err := dial(ctx, "tcp", server)
	if err != nil {
		return info, "", fmt.Errorf("WHOIS lookup of %s at %s: %w (%w)", domain, server, ErrRegistryDown, err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	q := domain + whoisSuffix[domain[strings.LastIndex(domain, ".")+1:]]
	if _, err := fmt.Fprintf(conn, "%s\r\n", q); err != nil {
		return info, "", fmt.Errorf("WHOIS lookup of %s at %s: %w (%w)", domain, server, ErrRegistryDown, err)
	}
	raw, err := io.ReadAll(io.LimitReader(bufio.NewReader(conn), maxWhoisAnswer))
	if err != nil && len(raw) == 0 {
		return info, "", fmt.Errorf("WHOIS lookup of %s at %s: %w (%w)", domain, server, ErrRegistryDown, err)
	}
	text := string(raw)
	for _, re := range whoisCreated {
		if m := re.FindStringSubmatch(text); m != nil {
			layout := "2006/01/02"
			if strings.Contains(m[1], "-") {
				layout = "2006-01-02"
			}
			if t, err := time.Parse(layout, m[1]); err == nil {
				info.Registered = t
				return info, text, nil
			}
		}
	}
	if strings.Contains(strings.ToLower(text), "no match") || strings.Contains(text, "該当するデータがありません") {
		return info, text, fmt.Errorf("WHOIS lookup of %s: %w", domain, ErrDomainNotFound)
	}
	return info, text, fmt.Errorf("WHOIS lookup of %s: %w (the answer is shown as it came)", domain, ErrNoRegistration)
}
