package correspondents_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailsafe/correspondents"
	"mailsafe/internal/dovecottest"
	"mailsafe/mailview"
	"mailsafe/mailview/message"
)

const vcards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yamada Taro\r\nN:Yamada;Taro;;;\r\nitem1.EMAIL;TYPE=INTERNET:taro.yamada@corp.example\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Suzuki;Hanako;;;\r\nEMAIL;TYPE=work:hanako.suzuki@partner-co.e\r\n xample\r\nEMAIL:not an address\r\nEND:VCARD\r\n"

const googleCSV = "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\r\n" +
	"Yamada Taro,Taro,Yamada,* Work,taro.yamada@corp.example ::: taro@home.example\r\n" +
	",Hanako,Suzuki,Work,hanako.suzuki@partner-co.example\r\n"

const japaneseCSV = "\ufeff姓,名,メールアドレス\r\n山田,太郎,taro.yamada@corp.example\r\n"

func TestAddressBooks(t *testing.T) {
	for name, c := range map[string]struct {
		read func() ([]message.Address, error)
		want string
	}{
		"vcard":        {func() ([]message.Address, error) { return correspondents.ReadVCards(strings.NewReader(vcards)) }, `"Yamada Taro" <taro.yamada@corp.example>, "Hanako Suzuki" <hanako.suzuki@partner-co.example>`},
		"google csv":   {func() ([]message.Address, error) { return correspondents.ReadCSV(strings.NewReader(googleCSV)) }, `"Yamada Taro" <taro.yamada@corp.example>, "Yamada Taro" <taro@home.example>, "Hanako Suzuki" <hanako.suzuki@partner-co.example>`},
		"japanese csv": {func() ([]message.Address, error) { return correspondents.ReadCSV(strings.NewReader(japaneseCSV)) }, `"山田 太郎" <taro.yamada@corp.example>`},
	} {
		list, err := c.read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, a := range list {
			got = append(got, `"`+a.Name+`" <`+a.Addr+`>`)
		}
		if strings.Join(got, ", ") != c.want {
			t.Errorf("%s: %s, want %s", name, strings.Join(got, ", "), c.want)
		}
	}
	if _, err := correspondents.ReadVCards(strings.NewReader("hello")); err == nil {
		t.Error("a file that is not a vCard was read as one")
	}
	if _, err := correspondents.ReadCSV(strings.NewReader("a,b\r\n1,2\r\n")); err == nil || !strings.Contains(err.Error(), "e-mail") {
		t.Errorf("a CSV without addresses: %v", err)
	}

	// An imported address book alone is enough to find a borrowed name
	// and to know its people.
	s, err := correspondents.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	people, _ := correspondents.ReadVCards(strings.NewReader(vcards))
	if err := s.Import(people); err != nil {
		t.Fatal(err)
	}
	hist, _ := s.History()
	cases := dovecottest.History(time.Now()).Cases
	reader := mailview.Reader{Me: []string{dovecottest.Me}, History: hist}
	if got := historyFindings(mailview.Analyze(cases["bec"], reader)); strings.Join(got, " ") != "display-name-impersonation first-contact" {
		t.Errorf("bec against the address book: %v", got)
	}
	if got := historyFindings(mailview.Analyze(cases["partner"], reader)); len(got) != 0 {
		t.Errorf("the partner, in the address book: %v", got)
	}
}

func FuzzAddressBook(f *testing.F) {
	f.Add([]byte(vcards))
	f.Add([]byte(googleCSV))
	f.Add([]byte(japaneseCSV))
	f.Fuzz(func(t *testing.T, b []byte) {
		correspondents.ReadVCards(strings.NewReader(string(b)))
		correspondents.ReadCSV(strings.NewReader(string(b)))
	})
}
