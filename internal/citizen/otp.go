package citizen

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
)

// Purposes of one-time codes. A code is only accepted for its purpose.
const (
	PurposeSignIn  = "signin"  // sign in / sign up
	PurposeContact = "contact" // add or change the phone or e-mail of an account
	PurposeConsent = "consent" // the citizen lets an officer act for them
)

// OTPPolicy bounds one-time codes. Limits are counted from the rows in
// citizen_otps, so they hold across every node of a cluster.
type OTPPolicy struct {
	TTL               time.Duration // lifetime of a code
	MaxAttempts       int           // wrong entries before a code dies
	PerDestination    int           // codes per destination per DestinationWindow
	DestinationWindow time.Duration
	PerDestinationDay int // codes per destination per 24 hours
	PerClient         int // codes per client address per ClientWindow
	ClientWindow      time.Duration
}

// DefaultOTPPolicy: 6-digit codes valid 10 minutes, 5 attempts; at most 3
// codes per address per 15 minutes and 10 per day, and 20 per client
// address per hour. With 5 attempts per code that is at most 50 guesses a
// day against one address, a 1 in 20,000 chance of guessing a code.
var DefaultOTPPolicy = OTPPolicy{TTL: 10 * time.Minute, MaxAttempts: 5, PerDestination: 3, DestinationWindow: 15 * time.Minute,
	PerDestinationDay: 10, PerClient: 20, ClientWindow: time.Hour}

// Challenge is a code that was sent; its ID travels with the browser (in the
// URL of the verify form) and is worthless without the code.
type Challenge struct {
	ID          string
	Channel     string
	Destination string
	ExpiresAt   time.Time
}

// Masked is the destination shown back to the user ("******678").
func (c *Challenge) Masked() string { return MaskDestination(c.Destination) }

type otpRequest struct {
	Purpose     string
	Channel     string
	Destination string
	CitizenID   int64
	StaffID     int64
	Ref         string
	ClientAddr  string
	Reason      string // shown in consent messages: what the officer asks to do
	Agency      string // consent: the officer's agency
	Procedure   string // consent: the procedure name
}

type otpRow struct {
	ID          int64
	Purpose     string
	Channel     string
	Destination string
	CitizenID   int64
	StaffID     int64
	Ref         string
}

var errBadChallenge = apperr.Invalid("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng yêu cầu mã mới.")

// newCode returns a uniformly random 6-digit code.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func codeHash(salt, code string) string {
	h := sha256.Sum256([]byte(salt + ":" + code))
	return hex.EncodeToString(h[:])
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// issueOTP checks the send limits, stores a new code (retiring earlier
// unused codes for the same destination and purpose) and enqueues the
// message in tx.
func (s *Service) issueOTP(ctx context.Context, tx *store.Tx, r otpRequest) (*Challenge, error) {
	p := s.policy()
	now := tx.Now
	count := func(col, val string, since time.Time) (int, error) {
		var n int
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM citizen_otps WHERE `+col+` = $1 AND created_at > $2`, val, store.Millis(since)).Scan(&n)
		return n, err
	}
	n, err := count("destination", r.Destination, now.Add(-p.DestinationWindow))
	if err != nil {
		return nil, fmt.Errorf("citizen: otp count: %w", err)
	}
	if n >= p.PerDestination {
		return nil, apperr.TooMany("Đã gửi quá nhiều mã tới %s. Vui lòng thử lại sau %d phút.", MaskDestination(r.Destination), int(p.DestinationWindow.Minutes()))
	}
	if n, err = count("destination", r.Destination, now.Add(-24*time.Hour)); err != nil {
		return nil, fmt.Errorf("citizen: otp count: %w", err)
	} else if n >= p.PerDestinationDay {
		return nil, apperr.TooMany("Đã gửi quá nhiều mã tới %s trong ngày. Vui lòng thử lại vào ngày mai.", MaskDestination(r.Destination))
	}
	if n, err = count("client_addr", r.ClientAddr, now.Add(-p.ClientWindow)); err != nil {
		return nil, fmt.Errorf("citizen: otp count: %w", err)
	} else if n >= p.PerClient {
		return nil, apperr.TooMany("Thiết bị của bạn đã yêu cầu quá nhiều mã. Vui lòng thử lại sau %d phút.", int(p.ClientWindow.Minutes()))
	}
	if _, err := tx.Exec(ctx, `UPDATE citizen_otps SET expires_at = $1 WHERE destination = $2 AND purpose = $3 AND used_at = 0 AND expires_at > $1`,
		store.Millis(now), r.Destination, r.Purpose); err != nil {
		return nil, fmt.Errorf("citizen: retire codes: %w", err)
	}
	code, salt := newCode(), randomToken(16)
	c := &Challenge{ID: randomToken(24), Channel: r.Channel, Destination: r.Destination, ExpiresAt: now.Add(p.TTL)}
	if _, err := tx.Exec(ctx, `INSERT INTO citizen_otps (challenge, purpose, channel, destination, citizen_id, staff_id, ref, salt, code_hash,
		attempts, client_addr, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, 0)`,
		c.ID, r.Purpose, r.Channel, r.Destination, r.CitizenID, r.StaffID, r.Ref, salt, codeHash(salt, code), r.ClientAddr,
		store.Millis(now), store.Millis(c.ExpiresAt)); err != nil {
		return nil, fmt.Errorf("citizen: insert otp: %w", err)
	}
	if s.Notify == nil {
		return nil, errors.New("citizen: no notifier configured")
	}
	m := Outbound{Event: "otp", Key: "otp:" + c.ID, CitizenID: r.CitizenID, Channel: r.Channel, To: r.Destination,
		Code: code, Purpose: r.Purpose, ValidFor: p.TTL, Reason: r.Reason, AgencyName: r.Agency, ProcedureName: r.Procedure}
	if err := s.Notify.Enqueue(ctx, tx, m); err != nil {
		return nil, fmt.Errorf("citizen: enqueue otp: %w", err)
	}
	return c, nil
}

// checkOTP verifies code against the challenge in tx. A wrong code counts
// an attempt (the caller must commit tx even when an error is returned); a
// right one marks the code used. Errors are Vietnamese and distinguish a
// wrong code, an expired code and too many attempts.
//
// owner, when not nil, must accept the row before the code is even compared
// (a code asked for by one officer or citizen cannot be spent by another).
func (s *Service) checkOTP(ctx context.Context, tx *store.Tx, challenge, purpose, code string, owner func(*otpRow) bool) (*otpRow, error) {
	p := s.policy()
	code = digitsOnly(code)
	if challenge == "" || len(challenge) > 100 {
		return nil, errBadChallenge
	}
	var r otpRow
	var salt, hash string
	var attempts int
	var expires, used int64
	// UPDATE … RETURNING serialises concurrent checks of one code on PostgreSQL.
	err := tx.QueryRow(ctx, `UPDATE citizen_otps SET attempts = attempts WHERE challenge = $1 AND purpose = $2
		RETURNING id, purpose, channel, destination, citizen_id, staff_id, ref, salt, code_hash, attempts, expires_at, used_at`,
		challenge, purpose).Scan(&r.ID, &r.Purpose, &r.Channel, &r.Destination, &r.CitizenID, &r.StaffID, &r.Ref, &salt, &hash, &attempts, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadChallenge
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: load otp: %w", err)
	}
	if owner != nil && !owner(&r) {
		return nil, errBadChallenge
	}
	switch {
	case used != 0:
		return nil, apperr.Invalid("Mã xác thực này đã được sử dụng. Vui lòng yêu cầu mã mới.")
	case attempts >= p.MaxAttempts:
		return nil, apperr.TooMany("Bạn đã nhập sai mã quá %d lần. Vui lòng yêu cầu mã mới.", p.MaxAttempts)
	case !store.Time(expires).After(tx.Now):
		return nil, apperr.Invalid("Mã xác thực đã hết hạn. Vui lòng yêu cầu mã mới.")
	}
	if len(code) != 6 || subtle.ConstantTimeCompare([]byte(codeHash(salt, code)), []byte(hash)) != 1 {
		if _, err := tx.Exec(ctx, `UPDATE citizen_otps SET attempts = attempts + 1 WHERE id = $1`, r.ID); err != nil {
			return nil, fmt.Errorf("citizen: count attempt: %w", err)
		}
		left := p.MaxAttempts - attempts - 1
		if left <= 0 {
			return nil, apperr.TooMany("Mã xác thực không đúng. Bạn đã nhập sai %d lần, vui lòng yêu cầu mã mới.", p.MaxAttempts)
		}
		return nil, apperr.FieldError(apperr.CodeInvalid, "code", "Mã xác thực không đúng. Bạn còn %d lần thử.", left)
	}
	if _, err := tx.Exec(ctx, `UPDATE citizen_otps SET used_at = $1 WHERE id = $2`, store.Millis(tx.Now), r.ID); err != nil {
		return nil, fmt.Errorf("citizen: use otp: %w", err)
	}
	return &r, nil
}

// ChallengeInfo returns the masked destination and purpose of a pending
// challenge (for the verify page); not_found when unknown.
func (s *Service) ChallengeInfo(ctx context.Context, challenge, purpose string) (*Challenge, error) {
	var c Challenge
	var exp int64
	err := s.DB.QueryRow(ctx, `SELECT challenge, channel, destination, expires_at FROM citizen_otps WHERE challenge = $1 AND purpose = $2`,
		challenge, purpose).Scan(&c.ID, &c.Channel, &c.Destination, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy yêu cầu mã xác thực. Vui lòng yêu cầu mã mới.")
	}
	if err != nil {
		return nil, err
	}
	c.ExpiresAt = store.Time(exp)
	return &c, nil
}

// PurgeOTPs deletes codes older than two days (the limits look back one).
func (s *Service) PurgeOTPs(ctx context.Context) error {
	_, err := s.DB.Exec(ctx, `DELETE FROM citizen_otps WHERE created_at < $1`, store.Millis(s.DB.Now().Add(-48*time.Hour)))
	if err == nil {
		_, err = s.DB.Exec(ctx, `DELETE FROM citizen_oidc_states WHERE expires_at < $1`, store.Millis(s.DB.Now()))
	}
	return err
}
