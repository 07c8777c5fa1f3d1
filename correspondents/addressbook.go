package correspondents

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"mailsafe/mailview/message"
)

// AddressBookAccount is the account imported address books are recorded
// under.
const AddressBookAccount = "address book"

// maxAddressBook bounds what one address book may hold: past it, it is
// refused rather than read without end.
const maxAddressBook = 100000

// ReadVCards reads the people of a vCard file (RFC 6350, and the 2.1 and
// 3.0 forms address books still export): each card's FN (else its N) and
// every EMAIL.
func ReadVCards(r io.Reader) ([]message.Address, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var lines []string
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += l[1:] // a folded line (RFC 6350 section 3.2)
			continue
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the vCard file: %w", err)
	}
	var out []message.Address
	var name, family, given string
	var emails []string
	inCard, cards := false, 0
	for _, l := range lines {
		prop, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		params := strings.Split(prop, ";")
		key := strings.ToUpper(params[0])
		if dot := strings.LastIndexByte(key, '.'); dot >= 0 {
			key = key[dot+1:] // a group: item1.EMAIL
		}
		switch key {
		case "BEGIN":
			if strings.EqualFold(value, "VCARD") {
				inCard, name, family, given, emails = true, "", "", "", nil
			}
		case "END":
			if !inCard || !strings.EqualFold(value, "VCARD") {
				continue
			}
			inCard = false
			cards++
			if name == "" {
				name = strings.TrimSpace(given + " " + family)
			}
			for _, e := range emails {
				out = append(out, message.Address{Name: name, Addr: e})
			}
			if len(out) > maxAddressBook {
				return nil, fmt.Errorf("the vCard file holds more than %d addresses", maxAddressBook)
			}
		case "FN":
			name = vcardText(value)
		case "N":
			parts := strings.Split(value, ";")
			family = vcardText(parts[0])
			if len(parts) > 1 {
				given = vcardText(parts[1])
			}
		case "EMAIL":
			if e := strings.TrimSpace(strings.TrimPrefix(vcardText(value), "mailto:")); validAddress(e) {
				emails = append(emails, e)
			}
		}
	}
	if cards == 0 {
		return nil, errors.New("not a vCard file: it holds no BEGIN:VCARD … END:VCARD")
	}
	return out, nil
}

// vcardText undoes a vCard text value's escapes.
func vcardText(v string) string {
	return strings.TrimSpace(strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, " ", `\N`, " ", `\\`, `\`).Replace(v))
}

func validAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " <>\",;")
}

// ReadCSV reads the people of a CSV address book as mail programs export
// it: a header row, then one person a row. Every column whose heading
// speaks of mail ("E-mail Address", "E-mail 1 - Value", "Primary Email",
// "メールアドレス") holds addresses; the name is the "Name", "Display
// Name" or "名前" column, else first and last name (or 姓 and 名) together.
func ReadCSV(r io.Reader) ([]message.Address, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read the CSV header: %w", err)
	}
	var mails []int
	nameCol, first, last := -1, -1, -1
	for i, h := range head {
		l := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case strings.Contains(l, "mail") || strings.Contains(l, "メール"):
			if !strings.Contains(l, "type") && !strings.Contains(l, "label") {
				mails = append(mails, i)
			}
		case l == "name" || l == "display name" || l == "full name" || l == "名前" || l == "氏名" || l == "表示名":
			nameCol = i
		case l == "first name" || l == "given name" || l == "名":
			first = i
		case l == "last name" || l == "family name" || l == "姓":
			last = i
		}
	}
	if len(mails) == 0 {
		return nil, errors.New("no column of e-mail addresses in the CSV header")
	}
	cell := func(row []string, i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var out []message.Address
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the CSV file: %w", err)
		}
		name := cell(row, nameCol)
		if name == "" {
			if strings.Contains(head[max(last, 0)], "姓") {
				name = strings.TrimSpace(cell(row, last) + " " + cell(row, first))
			} else {
				name = strings.TrimSpace(cell(row, first) + " " + cell(row, last))
			}
		}
		for _, c := range mails {
			for _, e := range strings.Split(cell(row, c), ":::") { // Google joins several with " ::: "
				if e = strings.TrimSpace(e); validAddress(e) {
					out = append(out, message.Address{Name: name, Addr: e})
				}
			}
		}
		if len(out) > maxAddressBook {
			return nil, fmt.Errorf("the CSV file holds more than %d addresses", maxAddressBook)
		}
	}
	return out, nil
}

// Import records the people of an address book: the reader knows them as
// if they had written to them.
func (s *Store) Import(people []message.Address) error {
	lessons := make([]Lesson, 0, len(people))
	for _, p := range people {
		lessons = append(lessons, Lesson{Sent: true, AddressBook: true, Recipients: []message.Address{p}})
	}
	return s.Record(AddressBookAccount, lessons, "", Mark{})
}
