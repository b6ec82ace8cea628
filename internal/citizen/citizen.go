package citizen

import (
	"net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// Citizen is a citizen account and its profile. The profile pre-fills
// applications; Phone and Email are also the sign-in identifiers and are
// only ever set after a one-time code sent to them was entered (or, for
// Email, when an identity provider asserts it as verified).
type Citizen struct {
	ID         int64
	FullName   string
	IDNumber   string // số định danh cá nhân (12 digits)
	IDVerified bool   // asserted by an identity provider
	BirthDate  string // YYYY-MM-DD
	Address    string
	Phone      string // 0xxxxxxxxx
	Email      string // lower case
	// Preferred notification channels (the notify module asks for them).
	NotifySMS   bool
	NotifyEmail bool
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Channels of one-time codes and notifications.
const (
	ChannelSMS   = "sms"
	ChannelEmail = "email"
)

// DisplayName is the name to greet the citizen with.
func (c *Citizen) DisplayName() string {
	switch {
	case c.FullName != "":
		return c.FullName
	case c.Phone != "":
		return c.Phone
	}
	return c.Email
}

// ProfileComplete reports whether the profile has what an application needs.
func (c *Citizen) ProfileComplete() bool {
	return c.FullName != "" && c.IDNumber != "" && c.BirthDate != "" && c.Address != ""
}

// Profile is the part of the profile the citizen edits directly (contact
// details change through a one-time code, see ChangeContact).
type Profile struct {
	FullName    string
	IDNumber    string
	BirthDate   string
	Address     string
	NotifySMS   bool
	NotifyEmail bool
}

// Normalize trims and NFC-normalises the fields.
func (p *Profile) Normalize() {
	p.FullName = collapseSpaces(textfold.NFC(p.FullName))
	p.IDNumber = digitsOnly(p.IDNumber)
	p.BirthDate = strings.TrimSpace(p.BirthDate)
	p.Address = collapseSpaces(textfold.NFC(p.Address))
}

// Validate checks the profile; today is the date birth dates must precede.
func (p *Profile) Validate(today time.Time) error {
	var v apperr.Validation
	v.Check(p.FullName != "", "full_name", "Vui lòng nhập họ và tên.")
	v.Check(len([]rune(p.FullName)) <= 100, "full_name", "Họ và tên quá dài (tối đa 100 ký tự).")
	if p.FullName != "" {
		v.Check(validName(p.FullName), "full_name", "Họ và tên chỉ gồm chữ cái và khoảng trắng.")
	}
	if msg := CheckIDNumber(p.IDNumber, p.BirthDate); msg != "" {
		v.Add("id_number", msg)
	}
	if p.BirthDate != "" {
		d, err := time.Parse("2006-01-02", p.BirthDate)
		switch {
		case err != nil:
			v.Add("birth_date", "Ngày sinh không hợp lệ (định dạng năm-tháng-ngày).")
		case d.After(today) || d.Year() < 1900:
			v.Add("birth_date", "Ngày sinh không hợp lệ.")
		}
	} else {
		v.Add("birth_date", "Vui lòng nhập ngày sinh.")
	}
	v.Check(p.Address != "", "address", "Vui lòng nhập địa chỉ liên hệ.")
	v.Check(len([]rune(p.Address)) <= 300, "address", "Địa chỉ quá dài (tối đa 300 ký tự).")
	return v.Err()
}

// CheckIDNumber validates a personal identification number (số định danh cá
// nhân, printed on the chip-based citizen identity card): 12 digits, of
// which the 4th is the century-and-sex code and the 5th–6th are the last
// two digits of the year of birth (ND 137/2015/NĐ-CP Đ7, kept by ND
// 59/2022). When birthDate is given the two must agree. It returns "" when
// valid, else a Vietnamese message.
func CheckIDNumber(id, birthDate string) string {
	if id == "" {
		return "Vui lòng nhập số định danh cá nhân (12 chữ số)."
	}
	if len(id) != 12 || digitsOnly(id) != id {
		return "Số định danh cá nhân phải gồm đúng 12 chữ số."
	}
	if len(birthDate) >= 4 {
		year := birthDate[:4]
		century := int(id[3]-'0') / 2 // 0,1 → 1900s; 2,3 → 2000s; …
		want := 19 + century
		if year[:2] != itoa2(want) || year[2:4] != id[4:6] {
			return "Số định danh cá nhân không khớp với năm sinh (chữ số thứ 4–6 mã hóa thế kỷ và năm sinh)."
		}
	}
	return ""
}

func itoa2(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// NormalizePhone returns a Vietnamese mobile number in the national form
// 0xxxxxxxxx (10 digits; +84 and 84 prefixes, spaces, dots and dashes are
// accepted), or "" when it is not one. Only mobile numbers (03, 05, 07, 08,
// 09) can receive SMS codes.
func NormalizePhone(s string) string {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	d := digitsOnly(s)
	if d != strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '+' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, s) {
		return "" // letters or other characters
	}
	switch {
	case strings.HasPrefix(d, "84") && len(d) == 11:
		d = "0" + d[2:]
	case plus:
		return ""
	}
	if len(d) != 10 || d[0] != '0' || !strings.ContainsRune("35789", rune(d[1])) {
		return ""
	}
	return d
}

// NormalizeEmail returns a lower-case bare address, or "" when s is not one.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return ""
	}
	return s
}

// Destination classifies and normalises what a citizen typed to receive a
// code: a mobile number or an e-mail address.
func Destination(s string) (channel, dest string, err error) {
	if strings.Contains(s, "@") {
		if e := NormalizeEmail(s); e != "" {
			return ChannelEmail, e, nil
		}
		return "", "", fieldErr("destination", "Địa chỉ thư điện tử không hợp lệ.")
	}
	if p := NormalizePhone(s); p != "" {
		return ChannelSMS, p, nil
	}
	if strings.TrimSpace(s) == "" {
		return "", "", fieldErr("destination", "Vui lòng nhập số điện thoại di động hoặc địa chỉ thư điện tử.")
	}
	return "", "", fieldErr("destination", "Số điện thoại di động không hợp lệ (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).")
}

// Initials masks a full name for public pages: "Nguyễn Thị Hường" →
// "N. T. H.". Nothing else about the person is ever shown without sign-in.
func Initials(name string) string {
	var parts []string
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsLetter(r[0]) {
			continue
		}
		parts = append(parts, string(unicode.ToUpper(r[0]))+".")
	}
	return strings.Join(parts, " ")
}

// MaskPhone shows only the last three digits: "0912345678" → "******678".
func MaskPhone(p string) string {
	if len(p) < 4 {
		return p
	}
	return strings.Repeat("*", len(p)-3) + p[len(p)-3:]
}

// MaskEmail keeps the first letter and the domain: "an@x.vn" → "a***@x.vn".
func MaskEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at < 1 {
		return e
	}
	return e[:1] + "***" + e[at:]
}

// MaskDestination masks a phone number or an e-mail address.
func MaskDestination(d string) string {
	if strings.Contains(d, "@") {
		return MaskEmail(d)
	}
	return MaskPhone(d)
}

func fieldErr(field, msg string) error {
	var v apperr.Validation
	v.Add(field, msg)
	e := v.Err().(*apperr.Error)
	e.Message = msg
	return e
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

func validName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != ' ' && r != '\'' && r != '-' && r != '.' {
			return false
		}
	}
	return true
}
