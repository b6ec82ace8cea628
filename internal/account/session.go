package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Session lifetimes.
const (
	SessionTTL  = 12 * time.Hour // a working day and then some
	APITokenTTL = 24 * time.Hour
)

// Subject kinds of sessions.
const (
	SubjectStaff   = "staff"
	SubjectCitizen = "citizen"
)

func tokenHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// NewToken returns a random 256-bit URL-safe token.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession stores a session for the subject and returns its token.
func CreateSession(ctx context.Context, db *store.DB, kind string, subjectID int64, via string, ttl time.Duration) (string, error) {
	tok := NewToken()
	now := db.Now().UTC()
	_, err := db.Exec(ctx, `INSERT INTO sessions (token_hash, subject_kind, subject_id, via, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $5)`,
		tokenHash(tok), kind, subjectID, via, store.Millis(now), store.Millis(now.Add(ttl)))
	if err != nil {
		return "", fmt.Errorf("account: create session: %w", err)
	}
	return tok, nil
}

// SessionPrincipal resolves a session token in one statement: the subject
// and, for an active staff user, the principal (user, agency and roles);
// p is nil for citizen sessions and for staff users who were deactivated.
// Every authenticated request runs it, so it is one statement, not a session
// lookup and ByID's two queries (string_agg exists in SQLite ≥ 3.44 and
// PostgreSQL).
func SessionPrincipal(ctx context.Context, db *store.DB, tok string) (kind string, subjectID int64, p *Principal, err error) {
	if tok == "" || len(tok) > 200 {
		return "", 0, nil, apperr.Unauthorized("Phiên đăng nhập không hợp lệ.")
	}
	var exp, uid, agencyID int64
	var username, fullName, title, agencyCode, agencyName, agencyPath, roles string
	var active bool
	err = db.QueryRow(ctx, `SELECT s.subject_kind, s.subject_id, s.expires_at,
			COALESCE(u.id, 0), COALESCE(u.username, ''), COALESCE(u.full_name, ''), COALESCE(u.title, ''), COALESCE(u.active, FALSE),
			COALESCE(u.agency_id, 0), COALESCE(a.code, ''), COALESCE(a.name, ''), COALESCE(a.path, ''),
			COALESCE((SELECT string_agg(r.role, ',') FROM user_roles r WHERE r.user_id = u.id), '')
		FROM sessions s
		LEFT JOIN users u ON s.subject_kind = $2 AND u.id = s.subject_id
		LEFT JOIN agencies a ON a.id = u.agency_id
		WHERE s.token_hash = $1`, tokenHash(tok), SubjectStaff).Scan(&kind, &subjectID, &exp,
		&uid, &username, &fullName, &title, &active, &agencyID, &agencyCode, &agencyName, &agencyPath, &roles)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && store.Time(exp).Before(db.Now())) {
		return "", 0, nil, apperr.Unauthorized("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.")
	}
	if err != nil {
		return "", 0, nil, fmt.Errorf("account: lookup session: %w", err)
	}
	if kind == SubjectStaff && uid != 0 && active {
		p = &Principal{UserID: uid, Username: username, FullName: fullName, Title: title, AgencyID: agencyID,
			AgencyCode: agencyCode, AgencyName: agencyName, AgencyPath: agencyPath}
		if roles != "" {
			for _, r := range strings.Split(roles, ",") {
				p.Roles = append(p.Roles, Role(r))
			}
			sortRoles(p.Roles)
		}
	}
	return kind, subjectID, p, nil
}

// DeleteSession ends a session (logout).
func DeleteSession(ctx context.Context, db *store.DB, tok string) error {
	_, err := db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash(tok))
	return err
}

// PurgeSessions removes expired sessions; run periodically.
func PurgeSessions(ctx context.Context, db *store.DB) (int64, error) {
	res, err := db.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, store.Millis(db.Now()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Throttle limits failed sign-ins: after MaxFailures within Window for a
// key (user name, client address, phone number…), the key is locked for
// Lockout. State lives in the database so every node shares it.
type Throttle struct {
	MaxFailures int
	Window      time.Duration
	Lockout     time.Duration
}

// DefaultThrottle: 5 failures in 15 minutes locks for 15 minutes.
var DefaultThrottle = Throttle{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

// Check returns a too_many error while key is locked.
func (t Throttle) Check(ctx context.Context, db *store.DB, key string) error {
	var until int64
	err := db.QueryRow(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, key).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if now := db.Now(); store.Time(until).After(now) {
		mins := int(store.Time(until).Sub(now).Minutes()) + 1
		return apperr.TooMany("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d phút.", mins)
	}
	return nil
}

// Fail records a failure for key.
func (t Throttle) Fail(ctx context.Context, db *store.DB, key string) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		now := tx.Now
		var failures, start int64
		err := tx.QueryRow(ctx, `SELECT failures, window_start FROM login_throttle WHERE key = $1`, key).Scan(&failures, &start)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && store.Time(start).Add(t.Window).Before(now)) {
			failures, start = 0, store.Millis(now)
		} else if err != nil {
			return err
		}
		failures++
		var until int64
		if failures >= int64(t.MaxFailures) {
			until = store.Millis(now.Add(t.Lockout))
		}
		_, err = tx.Exec(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
			key, failures, start, until)
		return err
	})
}

// Reset clears the failures of key after a success.
func (t Throttle) Reset(ctx context.Context, db *store.DB, key string) error {
	_, err := db.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, key)
	return err
}

// Login checks a user name and password, applying throttling per user name
// and per client address, and returns the user. Failures are audited.
func (s *Service) Login(ctx context.Context, username, password, clientAddr string) (*User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	keys := []string{"u:" + username, "ip:" + clientAddr}
	for _, k := range keys {
		if err := DefaultThrottle.Check(ctx, s.DB, k); err != nil {
			return nil, err
		}
	}
	bad := apperr.Unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.")
	var hash string
	var active bool
	var id int64
	err := s.DB.QueryRow(ctx, `SELECT id, password_hash, active FROM users WHERE username = $1`, username).Scan(&id, &hash, &active)
	ok := false
	if err == nil {
		ok, err = CheckPassword(hash, password)
		if err != nil {
			return nil, err
		}
	} else if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so user names cannot be probed.
		CheckPassword(dummyHash(), password)
	} else {
		return nil, fmt.Errorf("account: login: %w", err)
	}
	if !ok || !active {
		for _, k := range keys {
			if err := DefaultThrottle.Fail(ctx, s.DB, k); err != nil {
				return nil, err
			}
		}
		_ = s.DB.InTx(ctx, func(tx *store.Tx) error {
			return audit.Record(ctx, tx, audit.Actor{Name: username, Kind: "staff"}, "login.fail", "user", username, 0, map[string]string{"client": clientAddr})
		})
		return nil, bad
	}
	for _, k := range keys {
		DefaultThrottle.Reset(ctx, s.DB, k)
	}
	return s.ByID(ctx, id)
}

// dummyHash is hashed once, on the first sign-in with an unknown user name.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("dummy password for timing")
	return h
})
