package notify

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// Message is one logical notification, given to Service.Enqueue. It becomes
// one stored message per channel.
type Message struct {
	// Event selects the template.
	Event Event
	// Key identifies the logical message so that it is stored once however
	// often it is enqueued, e.g. "000.00.10.H27-261121-0001:received:1"
	// (dossier code, event, sequence of the event in the dossier). The
	// channel is appended: the stored key is Key + ":" + channel. It is also
	// the provider reference (SMS client_ref, e-mail Message-ID).
	Key string
	// DossierCode files the message in the dossier's log ("" for messages
	// about no dossier, such as one-time codes).
	DossierCode string
	// To is the recipient.
	To Recipient
	// Channel restricts the message to one channel (one-time codes go where
	// the citizen asked). "" means the citizen's chosen channels, by default
	// every channel for which there is an address.
	Channel Channel
	// Vars fill the template.
	Vars Vars
	// ValidFor is how long delivery may be retried (0 = 24 hours). One-time
	// codes use their own lifetime: a late code is useless.
	ValidFor time.Duration
}

// Recipient is who receives a message: a citizen account, explicit
// addresses, or both (explicit addresses win over the account's).
type Recipient struct {
	CitizenID int64
	Email     string
	Phone     string // Vietnamese mobile number, 0xxxxxxxxx or +84xxxxxxxxx
}

// Vars are the values a template can show. Dates are shown dd/mm/yyyy in
// Asia/Ho_Chi_Minh.
type Vars struct {
	DossierCode   string    `json:"dossier_code,omitempty"`
	ProcedureName string    `json:"procedure_name,omitempty"`
	ApplicantName string    `json:"applicant_name,omitempty"`
	AgencyName    string    `json:"agency_name,omitempty"`
	ExpectedDate  time.Time `json:"expected_date,omitzero"` // hẹn trả (or the new date after an apology)
	Link          string    `json:"link,omitempty"`         // tracking link; default: the public tracking page of DossierCode
	Reason        string    `json:"reason,omitempty"`       // refusal, supplement, delay, stop
	Code          string    `json:"code,omitempty"`         // one-time code
	Purpose       string    `json:"purpose,omitempty"`      // what the code is for, a Vietnamese phrase: "đăng nhập"
	ValidMinutes  int       `json:"valid_minutes,omitempty"`
	// Staff alerts (Service.AlertStaff).
	Deadline      time.Time `json:"deadline,omitzero"`        // hạn tiếp nhận: shown HH:MM ngày dd/mm/yyyy in Asia/Ho_Chi_Minh
	RecipientName string    `json:"recipient_name,omitempty"` // the officer addressed
}

// Contact is what the citizen module knows about a citizen.
type Contact struct {
	Email string
	Phone string
	// Channels the citizen chose; nil means every channel with an address.
	Channels []Channel
}

// Directory looks up a citizen's contact details and channel choices (the
// citizen module implements it; Service.SetDirectory installs it). It runs
// inside the enqueuing transaction. A citizen that does not exist should
// return a zero Contact, not an error: an error rolls the caller back.
type Directory interface {
	Contact(ctx context.Context, tx *store.Tx, citizenID int64, ev Event) (Contact, error)
}

// NormalizePhone returns a Vietnamese mobile number in E.164 form
// (+84xxxxxxxxx) and whether it looks valid. Spaces, dots, dashes and
// parentheses are ignored; 0xxxxxxxxx, 84xxxxxxxxx and +84xxxxxxxxx are accepted.
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return s, false
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "+84"):
		d = d[3:]
	case strings.HasPrefix(d, "84") && len(d) == 11:
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = d[1:]
	default:
		return s, false
	}
	// Vietnamese mobile numbers have 9 digits after the country code and
	// start with 3, 5, 7, 8 or 9 (landlines, 02x…, cannot receive SMS).
	if len(d) != 9 || !strings.ContainsRune("35789", rune(d[0])) {
		return s, false
	}
	return "+84" + d, true
}

// NormalizeEmail returns the bare address of s in lower case and whether it
// is a valid address.
func NormalizeEmail(s string) (string, bool) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, "\r\n") {
		return s, false
	}
	return strings.ToLower(a.Address), true
}
