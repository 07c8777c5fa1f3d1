package check

import "testing"

// ownersByLoop is how brandFinding found the brand a From host is on and
// whether a brand signed, before lastOwner: every brand tried in order.
func ownersByLoop(fromHost, signer string) (owner int, signed bool) {
	brands := facts().brands
	from, d := hostOfBrand(fromHost), hostOfBrand(signer)
	owner = -1
	for i := range brands {
		if brands[i].ownsHostOf(from) {
			owner = i
		}
		if brands[i].ownsHostOf(d) {
			signed = true
		}
	}
	return owner, signed
}

// checkOwners fails t unless lastOwner finds for a From host and a signer
// what trying every brand finds.
func checkOwners(t *testing.T, fromHost, signer string) {
	t.Helper()
	brands, x := facts().brands, facts().brandNames
	wantOwner, wantSigned := ownersByLoop(fromHost, signer)
	if got := x.lastOwner(brands, hostOfBrand(fromHost)); got != wantOwner {
		t.Errorf("lastOwner(%q) = %d, every brand tried gives %d", fromHost, got, wantOwner)
	}
	if got := x.lastOwner(brands, hostOfBrand(signer)) >= 0; got != wantSigned {
		t.Errorf("lastOwner(%q) >= 0 is %v, every brand tried gives %v", signer, got, wantSigned)
	}
}

var ownerSamples = []string{"", ".", "paypal.com", "mail.paypal.com", "PAYPAL.COM.", "qa.jcb.co.jp", "mail-jcn.dnp-cdms.jp", "a.mail-jcn.dnp-cdms.jp", "other.dnp-cdms.jp",
	"amazon.co.jp", "amazon.com", "example.com", "co.jp", "jp", "paypal.com.evil.example", "apple.com", "icloud.com", "rakuten.co.jp", "mail.rakuten-card.co.jp"}

// The brand on a host's registrable domain or with the host among its
// listed hosts, the last in the list's order, is the one trying every
// brand finds.
func TestLastOwnerAsEveryBrand(t *testing.T) {
	found := 0
	for _, h := range ownerSamples {
		checkOwners(t, h, h)
		if o, _ := ownersByLoop(h, ""); o >= 0 {
			found++
		}
	}
	if found < 5 {
		t.Errorf("only %d of the samples are a brand's: the test tests little", found)
	}
}

// Over any From host and signer, lastOwner finds what every brand tried finds.
func FuzzLastOwner(f *testing.F) {
	for _, h := range ownerSamples {
		f.Add(h, "x."+h)
	}
	f.Fuzz(checkOwners)
}
