package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"

	"mailsafe/app/oauth"
)

func TestProposalsFromTheBundledTable(t *testing.T) {
	for addr, want := range map[string]Proposal{
		"someone@GMail.com":  {Host: "imap.gmail.com", Port: 993, Security: SecurityTLS, Auth: AuthOAuth2, Provider: oauth.Google, Source: FromTable},
		"taro@outlook.jp":    {Host: "outlook.office365.com", Port: 993, Security: SecurityTLS, Auth: AuthOAuth2, Provider: oauth.Microsoft, Source: FromTable},
		"hanako@yahoo.co.jp": {Host: "imap.mail.yahoo.co.jp", Port: 993, Security: SecurityTLS, Source: FromTable},
		"x@t-online.de":      {Host: "secureimap.t-online.de", Port: 993, Security: SecurityTLS, Source: FromTable},
	} {
		got, ok := ProposeFromTable(addr)
		if !ok || got != want {
			t.Errorf("%s: %+v %v, want %+v", addr, got, ok, want)
		}
	}
	if _, ok := ProposeFromTable("a@corp.example"); ok {
		t.Error("an unknown domain was proposed from the table")
	}
}

// dnsStandIn answers MX queries on a loopback UDP port and counts them.
func dnsStandIn(t *testing.T, mx map[string]string) (*net.Resolver, *atomic.Int32) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	var count atomic.Int32
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var q dnsmessage.Message
			if q.Unpack(buf[:n]) != nil || len(q.Questions) != 1 {
				continue
			}
			count.Add(1)
			r := dnsmessage.Message{Header: dnsmessage.Header{ID: q.ID, Response: true, Authoritative: true}, Questions: q.Questions}
			name := strings.TrimSuffix(q.Questions[0].Name.String(), ".")
			if host, ok := mx[name]; ok && q.Questions[0].Type == dnsmessage.TypeMX {
				r.Answers = []dnsmessage.Resource{{Header: dnsmessage.ResourceHeader{Name: q.Questions[0].Name, Type: dnsmessage.TypeMX, Class: dnsmessage.ClassINET, TTL: 60},
					Body: &dnsmessage.MXResource{Pref: 10, MX: dnsmessage.MustNewName(host)}}}
			} else if !ok {
				r.RCode = dnsmessage.RCodeNameError
			}
			b, _ := r.Pack()
			pc.WriteTo(b, from)
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "udp", pc.LocalAddr().String())
	}}, &count
}

const autoconfigXML = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="small.example">
 <incomingServer type="pop3"><hostname>pop.small.example</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
 <incomingServer type="imap"><hostname>plain.%EMAILDOMAIN%</hostname><port>143</port><socketType>plain</socketType></incomingServer>
 <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>
</emailProvider></clientConfig>`

func TestProposalsFromMXAndAutoconfigStandIns(t *testing.T) {
	resolver, queries := dnsStandIn(t, map[string]string{"corp.example": "corp-example.mail.protection.outlook.com."})
	var hits atomic.Int32
	docs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/small.example" {
			w.Write([]byte(autoconfigXML))
			return
		}
		http.NotFound(w, r)
	}))
	defer docs.Close()
	ac := Autoconfig{Resolver: resolver, AllowLoopback: true, Documents: func(domain, addr string) []string {
		return []string{docs.URL + "/missing/" + domain, docs.URL + "/" + domain}
	}}
	ctx := context.Background()

	// A custom domain hosted by Microsoft 365, found by its MX.
	p, err := ac.Propose(ctx, "alex@corp.example")
	if err != nil || p.Source != FromMX || p.Provider != oauth.Microsoft || p.Host != "outlook.office365.com" || p.Auth != AuthOAuth2 {
		t.Fatalf("corp.example: %+v %v", p, err)
	}
	if hits.Load() != 0 {
		t.Fatal("documents were fetched although the MX answered")
	}
	// A small provider with an autoconfig document; its plain-text server is not proposed.
	p, err = ac.Propose(ctx, "alex@small.example")
	if err != nil || p.Source != FromAutoconfig || p.Host != "imap.small.example" || p.Port != 993 || p.Security != SecurityTLS || p.Auth != AuthPassword {
		t.Fatalf("small.example: %+v %v", p, err)
	}
	if hits.Load() != 2 {
		t.Fatalf("%d document fetches, want 2 (one missing, one found)", hits.Load())
	}
	// The table comes first: nothing is asked for a known domain.
	q, h := queries.Load(), hits.Load()
	if p, err := ac.Propose(ctx, "x@gmail.com"); err != nil || p.Source != FromTable || queries.Load() != q || hits.Load() != h {
		t.Fatalf("gmail.com asked the network: %+v %v", p, err)
	}
	// Nothing found: words for the reader.
	if _, err := ac.Propose(ctx, "x@nowhere.example"); !errors.Is(err, ErrNoProposal) {
		t.Fatalf("nowhere.example: %v", err)
	}
	// With a proxy set, DNS is not asked (it would go around the proxy).
	q = queries.Load()
	proxied := ac
	proxied.Proxy, _ = url.Parse("http://127.0.0.1:9")
	proxied.Propose(ctx, "alex@corp.example")
	if queries.Load() != q {
		t.Fatal("DNS was asked around the proxy")
	}
	// Without the tests' permission, this computer is not fetched from.
	closed := ac
	closed.AllowLoopback, closed.Resolver = false, &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) { return nil, errors.New("no dns") }}
	h = hits.Load()
	if _, err := closed.Propose(ctx, "alex@small.example"); err == nil || hits.Load() != h {
		t.Fatalf("a loopback document was fetched: %v", err)
	}
}

func TestParseAutoconfigKnowsOAuthProviders(t *testing.T) {
	doc := `<clientConfig><emailProvider><incomingServer type="imap"><hostname>outlook.office365.com</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication><authentication>password-cleartext</authentication></incomingServer></emailProvider></clientConfig>`
	p, err := ParseAutoconfig([]byte(doc), "a@contoso.example")
	if err != nil || p.Auth != AuthOAuth2 || p.Provider != oauth.Microsoft {
		t.Fatalf("%+v %v", p, err)
	}
	for _, bad := range []string{"", "<x", "<clientConfig/>"} {
		if _, err := ParseAutoconfig([]byte(bad), "a@b"); err == nil {
			t.Errorf("%q gave a proposal", bad)
		}
	}
}

func FuzzParseAutoconfig(f *testing.F) {
	f.Add([]byte(autoconfigXML))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseAutoconfig(b, "a@b.example")
		if err == nil && (p.Port <= 0 || p.Port > 65535 || p.Security == SecurityNone || p.Host == "") {
			t.Fatalf("proposal %+v", p)
		}
	})
}
