package citizen

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Outbound is a message for a citizen, handed to the notification outbox
// in the caller's transaction (so it is sent if and only if the change that
// caused it commits). The notify module renders it from its templates.
type Outbound struct {
	Event       string // notify event: otp | online_accepted | online_changes_requested | staff_supplement_submitted
	Key         string // idempotency key: the same key is stored once
	CitizenID   int64  // 0 while the address belongs to no account yet
	Channel     string // sms | email; "" = the citizen's chosen channels
	To          string // explicit address (one-time codes go where they were asked for)
	DossierCode string
	// Template values.
	Code          string // one-time code
	Purpose       string // of a one-time code: signin | contact | consent
	ValidFor      time.Duration
	Reason        string // what to supplement; for consent codes, what the officer asks to do
	AgencyName    string
	ProcedureName string
	ExpectedDate  time.Time
	// Staff alerts (EventStaffSupplementSubmitted): the officers of AgencyID
	// are told instead of a citizen.
	AgencyID      int64
	ApplicantName string
}

// EventStaffSupplementSubmitted alerts the receiving one-stop's officers
// that an online supplement waits for their confirmation.
const EventStaffSupplementSubmitted = "staff_supplement_submitted"

// Notifier is the notification outbox as this package sees it.
type Notifier interface {
	Enqueue(ctx context.Context, tx *store.Tx, m Outbound) error
}

// Service holds the citizen accounts and profile logic. Methods return
// apperr codes with Vietnamese messages.
type Service struct {
	DB         *store.DB
	Notify     Notifier
	Files      Files
	Procedures Procedures
	Dossiers   Dossiers
	OTP        OTPPolicy
	Log        *slog.Logger
}

// SessionTTL is how long a citizen stays signed in.
const SessionTTL = 12 * time.Hour

func (s *Service) policy() OTPPolicy {
	p := s.OTP
	d := DefaultOTPPolicy
	if p.TTL <= 0 {
		p.TTL = d.TTL
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.PerDestination <= 0 {
		p.PerDestination, p.DestinationWindow = d.PerDestination, d.DestinationWindow
	}
	if p.PerDestinationDay <= 0 {
		p.PerDestinationDay = d.PerDestinationDay
	}
	if p.PerClient <= 0 {
		p.PerClient, p.ClientWindow = d.PerClient, d.ClientWindow
	}
	return p
}

func actorOf(c *Citizen) audit.Actor {
	name := c.FullName
	if name == "" {
		name = MaskDestination(c.Phone + c.Email)
	}
	return audit.Actor{ID: c.ID, Name: name, Kind: "citizen"}
}

// StartSignIn sends a sign-in code to a phone number or e-mail address (a
// first sign-in creates the account). It never reveals whether an account
// exists for the address.
func (s *Service) StartSignIn(ctx context.Context, destination, clientAddr string) (*Challenge, error) {
	ch, dest, err := Destination(destination)
	if err != nil {
		return nil, err
	}
	var out *Challenge
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.issueOTP(ctx, tx, otpRequest{Purpose: PurposeSignIn, Channel: ch, Destination: dest, ClientAddr: clientAddr})
		out = c
		return err
	})
	return out, err
}

// FinishSignIn checks the code of a sign-in challenge and returns the
// citizen (created on the first sign-in with that address).
func (s *Service) FinishSignIn(ctx context.Context, challenge, code, clientAddr string) (c *Citizen, created bool, err error) {
	var codeErr error
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		row, cerr := s.checkOTP(ctx, tx, challenge, PurposeSignIn, code, nil)
		if cerr != nil {
			codeErr = cerr // commit the attempt count, then report
			return nil
		}
		c, err = byContact(ctx, tx, row.Channel, row.Destination)
		if apperr.Is(err, apperr.CodeNotFound) {
			c = &Citizen{NotifySMS: row.Channel == ChannelSMS, NotifyEmail: row.Channel == ChannelEmail}
			if row.Channel == ChannelSMS {
				c.Phone = row.Destination
			} else {
				c.Email = row.Destination
			}
			if err := insertCitizen(ctx, tx, c); err != nil {
				return err
			}
			created = true
			return audit.Record(ctx, tx, actorOf(c), "citizen.signup", "citizen", fmt.Sprint(c.ID), 0, map[string]string{"via": row.Channel, "client": clientAddr})
		}
		if err != nil {
			return err
		}
		if !c.Active {
			codeErr = apperr.Forbidden("Tài khoản này đã bị khóa. Vui lòng liên hệ Bộ phận Một cửa.")
			return nil
		}
		if err := touchLogin(ctx, tx, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.signin", "citizen", fmt.Sprint(c.ID), 0, map[string]string{"via": row.Channel, "client": clientAddr})
	})
	if err == nil && codeErr != nil {
		return nil, false, codeErr
	}
	return c, created, err
}

// UpdateProfile saves the editable profile of a citizen.
func (s *Service) UpdateProfile(ctx context.Context, id int64, p Profile) (*Citizen, error) {
	p.Normalize()
	if err := p.Validate(s.DB.Now().In(vnLoc)); err != nil {
		return nil, err
	}
	var out *Citizen
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		cur, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !p.NotifySMS && !p.NotifyEmail {
			var v apperr.Validation
			v.Add("notify", "Vui lòng chọn ít nhất một kênh nhận thông báo.")
			return v.Err()
		}
		if (p.NotifySMS && cur.Phone == "" && !p.NotifyEmail) || (p.NotifyEmail && cur.Email == "" && !p.NotifySMS) {
			var v apperr.Validation
			v.Add("notify", "Kênh nhận thông báo đã chọn chưa có số điện thoại hoặc thư điện tử đã xác thực.")
			return v.Err()
		}
		// An ID number asserted by an identity provider is not edited by hand.
		if cur.IDVerified && p.IDNumber != cur.IDNumber {
			var v apperr.Validation
			v.Add("id_number", "Số định danh đã được xác thực qua tài khoản định danh điện tử, không sửa được.")
			return v.Err()
		}
		if cur.IDVerified && p.FullName != cur.FullName && cur.FullName != "" {
			var v apperr.Validation
			v.Add("full_name", "Họ và tên đã được xác thực qua tài khoản định danh điện tử, không sửa được.")
			return v.Err()
		}
		_, err = tx.Exec(ctx, `UPDATE citizens SET full_name = $1, name_folded = $2, id_number = $3, birth_date = $4, address = $5,
			notify_sms = $6, notify_email = $7, updated_at = $8 WHERE id = $9`,
			p.FullName, textfold.Fold(p.FullName), p.IDNumber, p.BirthDate, p.Address, p.NotifySMS, p.NotifyEmail, store.Millis(tx.Now), id)
		if err != nil {
			return fmt.Errorf("citizen: update profile: %w", err)
		}
		if err := audit.Record(ctx, tx, actorOf(cur), "citizen.profile", "citizen", fmt.Sprint(id), 0, map[string]any{
			"changed": changedFields(cur, p)}); err != nil {
			return err
		}
		out, err = byID(ctx, tx, id)
		return err
	})
	return out, err
}

func changedFields(c *Citizen, p Profile) []string {
	var out []string
	add := func(cond bool, f string) {
		if cond {
			out = append(out, f)
		}
	}
	add(c.FullName != p.FullName, "full_name")
	add(c.IDNumber != p.IDNumber, "id_number")
	add(c.BirthDate != p.BirthDate, "birth_date")
	add(c.Address != p.Address, "address")
	add(c.NotifySMS != p.NotifySMS || c.NotifyEmail != p.NotifyEmail, "notify")
	return out
}

// StartContactChange sends a code to a new phone number or e-mail address
// the citizen wants on the account.
func (s *Service) StartContactChange(ctx context.Context, id int64, destination, clientAddr string) (*Challenge, error) {
	ch, dest, err := Destination(destination)
	if err != nil {
		return nil, err
	}
	var out *Challenge
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.issueOTP(ctx, tx, otpRequest{Purpose: PurposeContact, Channel: ch, Destination: dest, CitizenID: id, ClientAddr: clientAddr})
		out = c
		return err
	})
	return out, err
}

// FinishContactChange checks the code and sets the verified phone or e-mail.
func (s *Service) FinishContactChange(ctx context.Context, id int64, challenge, code string) (*Citizen, error) {
	var codeErr error
	var out *Citizen
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		row, cerr := s.checkOTP(ctx, tx, challenge, PurposeContact, code, func(r *otpRow) bool { return r.CitizenID == id })
		if cerr != nil {
			codeErr = cerr
			return nil
		}
		col, notify := "phone", "notify_sms"
		if row.Channel == ChannelEmail {
			col, notify = "email", "notify_email"
		}
		if other, err := byContact(ctx, tx, row.Channel, row.Destination); err == nil && other.ID != id {
			// The address is proven to be theirs, so saying so leaks nothing.
			codeErr = apperr.Conflict("Địa chỉ liên hệ này đã gắn với một tài khoản khác. Bạn có thể đăng nhập bằng địa chỉ này để dùng tài khoản đó.")
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE citizens SET `+col+` = $1, `+notify+` = $2, updated_at = $3 WHERE id = $4`,
			row.Destination, true, store.Millis(tx.Now), id); err != nil {
			return fmt.Errorf("citizen: set contact: %w", err)
		}
		c, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, actorOf(c), "citizen.contact", "citizen", fmt.Sprint(id), 0, map[string]string{"channel": row.Channel})
	})
	if err == nil && codeErr != nil {
		return nil, codeErr
	}
	return out, err
}

// Preferences are a citizen's verified addresses and chosen channels.
type Preferences struct {
	Phone string
	Email string
	SMS   bool // notify by SMS
	Mail  bool // notify by e-mail
}

// PreferencesTx returns the notification preferences of a citizen inside
// tx (the notify module's directory lookup runs in the enqueuing
// transaction). An unknown citizen has none, without error.
func PreferencesTx(ctx context.Context, tx *store.Tx, citizenID int64) (Preferences, error) {
	c, err := byID(ctx, tx, citizenID)
	if apperr.Is(err, apperr.CodeNotFound) {
		return Preferences{}, nil
	}
	if err != nil {
		return Preferences{}, err
	}
	return Preferences{Phone: c.Phone, Email: c.Email, SMS: c.NotifySMS && c.Phone != "", Mail: c.NotifyEmail && c.Email != ""}, nil
}

var vnLoc = func() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}()
