package check

import "testing"

func TestHostIP(t *testing.T) {
	cases := []struct{ host, ip, form string }{
		{"192.168.1.10", "192.168.1.10", "dotted"},
		{"3232235786", "192.168.1.10", "decimal"},
		{"0xc0a8010a", "192.168.1.10", "hexadecimal"},
		{"0300.0250.01.012", "192.168.1.10", "octal"},
		{"192.168.266", "192.168.1.10", "shortened"},
		{"0xc0.168.1.10", "192.168.1.10", "hexadecimal"},
		{"[2001:db8::1]", "2001:db8::1", "IPv6"},
		{"bank.example", "", ""},
		{"1.2.3.4.5", "", ""},
		{"300.1.1.1", "", ""},
		{"v2.example", "", ""},
	}
	for _, c := range cases {
		ip, form := hostIP(c.host)
		if ip != c.ip || form != c.form {
			t.Errorf("hostIP(%q) = %q %q, want %q %q", c.host, ip, form, c.ip, c.form)
		}
	}
}

func TestHomograph(t *testing.T) {
	for _, c := range []struct {
		host string
		bad  bool
	}{
		{"pаypal.com", true},         // Cyrillic а among Latin
		{"xn--80ak6aa92e.com", true}, // "аррӏе" in Cyrillic look-alikes
		{"аррӏе.com", true},
		{"раураl.example", true},
		{"яндекс.рф", false}, // genuine Cyrillic, not all look-alikes
		{"日本語.jp", false},    // Japanese
		{"ドメイン名例.jp", false},
		{"example-日本.jp", false}, // Latin with Japanese is lawful
		{"paypal.com", false},
		{"xn--fiqs8s.cn", false}, // 中国
	} {
		if got := homograph(c.host) != ""; got != c.bad {
			t.Errorf("homograph(%q) = %q", c.host, homograph(c.host))
		}
	}
}

func TestShownHost(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"https://www.bank.example/login", "www.bank.example"},
		{"www.mybank.co.jp", "www.mybank.co.jp"},
		{"paypal.com", "paypal.com"},
		{"Click here", ""},
		{"invoice.pdf", ""},
		{"version 2.0", ""},
		{"support@bank.example", ""},
	} {
		if got := shownHost(c.text); got != c.want {
			t.Errorf("shownHost(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
