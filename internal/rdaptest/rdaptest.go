// Package rdaptest is a local RDAP registry for tests: an IANA-style
// bootstrap and an RDAP server on 127.0.0.1 that answer like real
// registries do, so lookups are tested without the network.
package rdaptest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// Network is an IP network the registry knows.
type Network struct {
	CIDR, Start, End, Name, Country, Owner string
}

// Registry describes what the registry knows. TLDs are the top-level
// domains the bootstrap sends to it; Domains their registration dates;
// Broken domains get HTTP 500 and Slow ones answer after 3 seconds; any
// other domain is not found.
type Registry struct {
	TLDs     []string
	Domains  map[string]time.Time
	Broken   []string
	Slow     []string
	Networks []Network
}

// Server is a running registry.
type Server struct {
	// BootstrapURL is the base URL of the bootstrap files (dns.json, ipv4.json).
	BootstrapURL string
	mu           sync.Mutex
	asked        map[string]int
	requests     int
}

// Start runs reg until the test ends.
func Start(t *testing.T, reg Registry) *Server {
	t.Helper()
	s := &Server{asked: map[string]int{}}
	has := func(list []string, x string) bool {
		for _, y := range list {
			if y == x {
				return true
			}
		}
		return false
	}
	rdap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count("")
		w.Header().Set("Content-Type", "application/rdap+json")
		if ip, ok := strings.CutPrefix(r.URL.Path, "/rdap/ip/"); ok {
			addr, _ := netip.ParseAddr(ip)
			for _, n := range reg.Networks {
				if pfx, err := netip.ParsePrefix(n.CIDR); err == nil && pfx.Contains(addr) {
					fmt.Fprintf(w, `{"objectClassName":"ip network","startAddress":%q,"endAddress":%q,"ipVersion":"v4","name":%q,"country":%q,"entities":[{"objectClassName":"entity","roles":["registrant"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text",%q]]]}]}`,
						n.Start, n.End, n.Name, n.Country, n.Owner)
					return
				}
			}
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"errorCode":404}`)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/rdap/domain/")
		s.count(name)
		switch {
		case has(reg.Broken, name):
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		case has(reg.Slow, name):
			time.Sleep(3 * time.Second)
		}
		when, ok := reg.Domains[name]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"errorCode":404,"title":"Not Found"}`)
			return
		}
		fmt.Fprintf(w, `{"objectClassName":"domain","ldhName":%q,"status":["client transfer prohibited"],
"events":[{"eventAction":"registration","eventDate":%q},{"eventAction":"expiration","eventDate":"2030-01-01T00:00:00Z"}],
"entities":[{"objectClassName":"entity","roles":["registrar"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Example Registrar, Inc."]]]}]}`,
			name, when.UTC().Format(time.RFC3339))
	}))
	t.Cleanup(rdap.Close)
	boot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count("")
		switch r.URL.Path {
		case "/dns.json":
			fmt.Fprintf(w, `{"version":"1.0","services":[[%s,["%s/rdap/"]]]}`, quoteList(reg.TLDs), rdap.URL)
		case "/ipv4.json":
			var cidrs []string
			for _, n := range reg.Networks {
				cidrs = append(cidrs, n.CIDR)
			}
			fmt.Fprintf(w, `{"version":"1.0","services":[[%s,["%s/rdap/"]]]}`, quoteList(cidrs), rdap.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(boot.Close)
	s.BootstrapURL = boot.URL + "/"
	return s
}

func (s *Server) count(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "" {
		s.requests++
		return
	}
	s.asked[name]++
}

// Asked is how many times the RDAP server was asked about domain.
func (s *Server) Asked(domain string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked[domain]
}

// Requests is how many requests the bootstrap and RDAP servers received.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, x := range list {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ",") + "]"
}
