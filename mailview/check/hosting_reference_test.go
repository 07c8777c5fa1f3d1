package check

import (
	"strings"
	"testing"
)

// onEvery is hostingIndex.on as it was: every service tried in order.
func onEvery(services []hostingService, host string, kinds []hostKind) (hostingService, bool) {
	host = strings.ToLower(host)
	if host == "" {
		return hostingService{}, false
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	for _, s := range services {
		if hasAny(kinds, s.kind) && s.matches(labels) {
			return s, true
		}
	}
	return hostingService{}, false
}

// indexTestServices are hosting.txt's services and some of the shapes it
// does not have: a wildcard in the last two labels, a single label, a
// service listed twice, of another kind, after a wildcard one.
func indexTestServices() []hostingService {
	services := append([]hostingService(nil), facts().hosting.services...)
	for _, l := range []string{"site|*.example", "form|localhost", "image|*", "site|a.*.test", "image|imgur.com", "form|x.example", "storage|*.*"} {
		kind, host, _ := strings.Cut(l, "|")
		labels := strings.Split(host, ".")
		for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
			labels[i], labels[j] = labels[j], labels[i]
		}
		services = append(services, hostingService{kind: hostKind(kind), name: host, labels: labels})
	}
	return services
}

// checkOn fails t unless the index finds for host what trying every
// service finds, for the real list and for the test one, and each kind.
func checkOn(t *testing.T, host string) {
	t.Helper()
	test := indexTestServices()
	for _, x := range []hostingIndex{facts().hosting, newHostingIndex(test)} {
		for _, kinds := range [][]hostKind{{hostSite, hostStorage, hostForm, hostImage}, {hostSite, hostStorage}, {hostImage}, {hostForm}} {
			got, gotOK := x.on(host, kinds)
			want, wantOK := onEvery(x.services, host, kinds)
			if gotOK != wantOK || got.name != want.name || got.kind != want.kind {
				t.Fatalf("on(%q, %v) = %q %v, every service tried gives %q %v", host, kinds, got.name, gotOK, want.name, wantOK)
			}
		}
	}
}

var hostSamples = []string{"", ".", "localhost", "LOCALHOST.", "a.example", "x.example", "b.a.test", "a.b.test", "claim-1.firebaseapp.com", "bucket.s3.us-east-2.amazonaws.com",
	"s3.amazonaws.com", "i.imgur.com.", "FORMS.OFFICE.COM", "pcpilrjf.zendesk.com", "zendesk.com", "a..b", "..", "com", "x.y.z"}

// Looking a host up by its last two labels finds the service trying every
// service finds, the first in the list's order, with wildcards and single
// labels in the list.
func TestHostingIndexAsEveryService(t *testing.T) {
	for _, h := range hostSamples {
		checkOn(t, h)
	}
}

// Over any host, the index finds what trying every service finds.
func FuzzHostingIndex(f *testing.F) {
	for _, h := range hostSamples {
		f.Add(h)
	}
	f.Fuzz(checkOn)
}
