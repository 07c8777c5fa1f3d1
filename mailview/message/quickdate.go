package message

import "time"

// quickDate reads a date written exactly as RFC 5322 recommends
// ("Mon, 2 Jan 2006 15:04:05 -0700": day names and months as written
// there, single spaces, two-digit hours, an offset within ±23:59), giving
// what time.Parse(rfc5322Date, v) gives for it, without reading the layout
// each time. ok is false for anything else, also for dates time.Parse
// would read: parseDate then asks time.Parse (FuzzQuickDate).
func quickDate(v string) (t time.Time, ok bool) {
	// "Mon, " D[D] " Jan 2006 15:04:05 -0700": 30 or 31 bytes.
	if len(v) != 30 && len(v) != 31 || v[3] != ',' || v[4] != ' ' || !isDayName(v[:3]) {
		return time.Time{}, false
	}
	day, rest := digit(v[5]), v[6:]
	if len(v) == 31 {
		day, rest = num2(v[5:7]), v[7:]
	}
	// rest: " Jan 2006 15:04:05 -0700"
	if rest[0] != ' ' || rest[4] != ' ' || rest[9] != ' ' || rest[12] != ':' || rest[15] != ':' || rest[18] != ' ' {
		return time.Time{}, false
	}
	month := monthNumber(rest[1:4])
	year := num4(rest[5:9])
	hour, minute, sec := num2(rest[10:12]), num2(rest[13:15]), num2(rest[16:18])
	zh, zm := num2(rest[20:22]), num2(rest[22:24])
	sign := rest[19]
	if month == 0 || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 ||
		zh < 0 || zh > 23 || zm < 0 || zm > 59 || sign != '+' && sign != '-' || day > daysIn(month, year) {
		return time.Time{}, false
	}
	offset := (zh*60 + zm) * 60
	if sign == '-' {
		offset = -offset
	}
	// As time.Parse: the local zone when its offset at that instant is the
	// one written, else an unnamed zone of that offset.
	u := time.Date(year, month, day, hour, minute, sec, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
	if l := u.In(time.Local); zoneOffset(l) == offset {
		return l, true
	}
	return u.In(time.FixedZone("", offset)), true
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// digit is c's value as a decimal digit, -1 when it is none.
func digit(c byte) int {
	if c < '0' || c > '9' {
		return -1
	}
	return int(c - '0')
}

// num2 is the value of two decimal digits, -1 when s is not two digits.
func num2(s string) int {
	a, b := digit(s[0]), digit(s[1])
	if a < 0 || b < 0 {
		return -1
	}
	return a*10 + b
}

// num4 is the value of four decimal digits, -1 when s is not four digits.
func num4(s string) int {
	a, b := num2(s[:2]), num2(s[2:])
	if a < 0 || b < 0 {
		return -1
	}
	return a*100 + b
}

func isDayName(s string) bool {
	switch s {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}

// monthNumber is the month named as in "Jan", 0 for anything else.
func monthNumber(s string) time.Month {
	switch s {
	case "Jan":
		return time.January
	case "Feb":
		return time.February
	case "Mar":
		return time.March
	case "Apr":
		return time.April
	case "May":
		return time.May
	case "Jun":
		return time.June
	case "Jul":
		return time.July
	case "Aug":
		return time.August
	case "Sep":
		return time.September
	case "Oct":
		return time.October
	case "Nov":
		return time.November
	case "Dec":
		return time.December
	}
	return 0
}

// daysIn is the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
