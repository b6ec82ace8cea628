package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// User is a staff account.
type User struct {
	ID         int64
	Username   string
	FullName   string
	Title      string // chức danh
	Phone      string
	Email      string
	AgencyID   int64
	AgencyCode string
	AgencyName string
	AgencyPath string
	Roles      []Role
	Active     bool
	OnDuty     bool // published as an officer on duty (ND 118 Đ9.8)
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Principal converts u to the request principal.
func (u *User) Principal() *Principal {
	return &Principal{UserID: u.ID, Username: u.Username, FullName: u.FullName, Title: u.Title, AgencyID: u.AgencyID,
		AgencyCode: u.AgencyCode, AgencyName: u.AgencyName, AgencyPath: u.AgencyPath, Roles: u.Roles}
}

// Actor converts u to an audit actor.
func (p *Principal) Actor() audit.Actor {
	if p == nil {
		return audit.System
	}
	return audit.Actor{ID: p.UserID, Name: p.Username, Kind: "staff"}
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,49}$`)

// Normalize trims and NFC-normalises the text fields.
func (u *User) Normalize() {
	u.Username = strings.ToLower(textfold.NFC(u.Username))
	u.FullName = textfold.NFC(u.FullName)
	u.Title = textfold.NFC(u.Title)
	u.Phone = textfold.NFC(u.Phone)
	u.Email = strings.ToLower(textfold.NFC(u.Email))
}

// Validate returns all field errors at once.
func (u *User) Validate() error {
	var v apperr.Validation
	v.Check(usernameRE.MatchString(u.Username), "username", "Tên đăng nhập gồm 2–50 ký tự chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")
	v.Check(u.FullName != "", "full_name", "Vui lòng nhập họ và tên.")
	v.Check(u.AgencyID > 0, "agency", "Vui lòng chọn cơ quan.")
	v.Check(len(u.Roles) > 0, "roles", "Vui lòng chọn ít nhất một vai trò.")
	for _, r := range u.Roles {
		v.Check(r.Valid(), "roles", "Vai trò không hợp lệ.")
	}
	v.Check(u.Email == "" || strings.Contains(u.Email, "@"), "email", "Địa chỉ thư điện tử không hợp lệ.")
	return v.Err()
}

// Service manages users, sessions and sign-in.
type Service struct {
	DB *store.DB
}

const userCols = `u.id, u.username, u.full_name, u.title, u.phone, u.email, u.agency_id, a.code, a.name, a.path,
	u.active, u.on_duty, u.created_at, u.updated_at`

type querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var c, up int64
	if err := row.Scan(&u.ID, &u.Username, &u.FullName, &u.Title, &u.Phone, &u.Email, &u.AgencyID, &u.AgencyCode, &u.AgencyName, &u.AgencyPath,
		&u.Active, &u.OnDuty, &c, &up); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = store.Time(c), store.Time(up)
	return &u, nil
}

func loadRoles(ctx context.Context, q querier, users []*User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*User{}
	for _, u := range users {
		byID[u.ID] = u
		u.Roles = nil
	}
	var rows *sql.Rows
	var err error
	if len(users) == 1 {
		rows, err = q.Query(ctx, `SELECT user_id, role FROM user_roles WHERE user_id = $1`, users[0].ID)
	} else {
		rows, err = q.Query(ctx, `SELECT user_id, role FROM user_roles`)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			return err
		}
		if u := byID[id]; u != nil {
			u.Roles = append(u.Roles, Role(r))
		}
	}
	for _, u := range users {
		sortRoles(u.Roles)
	}
	return rows.Err()
}

func sortRoles(rs []Role) {
	idx := map[Role]int{}
	for i, r := range Roles {
		idx[r] = i
	}
	sort.Slice(rs, func(i, j int) bool { return idx[rs[i]] < idx[rs[j]] })
}

func getUser(ctx context.Context, q querier, where string, arg any) (*User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userCols+` FROM users u JOIN agencies a ON a.id = u.agency_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy người dùng.")
	}
	if err != nil {
		return nil, fmt.Errorf("account: get user: %w", err)
	}
	return u, loadRoles(ctx, q, []*User{u})
}

// ByID returns a user or not_found.
func (s *Service) ByID(ctx context.Context, id int64) (*User, error) {
	return getUser(ctx, s.DB, `u.id = $1`, id)
}

// ByUsername returns a user or not_found.
func (s *Service) ByUsername(ctx context.Context, username string) (*User, error) {
	return getUser(ctx, s.DB, `u.username = $1`, strings.ToLower(textfold.NFC(username)))
}

// UserFilter selects users for List.
type UserFilter struct {
	AgencyPath string // only users in this subtree ("" = all)
	OnDuty     bool   // only officers on duty
	AgencyID   int64  // only this agency (0 = any)
}

// List returns users matching f, by agency then name.
func (s *Service) List(ctx context.Context, f UserFilter) ([]*User, error) {
	q := `SELECT ` + userCols + ` FROM users u JOIN agencies a ON a.id = u.agency_id WHERE a.path LIKE $1`
	args := []any{store.Like(f.AgencyPath) + "%"}
	if f.OnDuty {
		q += ` AND u.on_duty AND u.active`
	}
	if f.AgencyID > 0 {
		q += ` AND u.agency_id = $2`
		args = append(args, f.AgencyID)
	}
	rows, err := s.DB.Query(ctx, q+` ORDER BY a.path, u.username`, args...)
	if err != nil {
		return nil, fmt.Errorf("account: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadRoles(ctx, s.DB, out)
}

// Create inserts a user with the password (validated) and audits it.
func (s *Service) Create(ctx context.Context, actor audit.Actor, u *User, password string) error {
	u.Normalize()
	err := u.Validate()
	if msg := ValidatePassword(password); msg != "" {
		var v apperr.Validation
		if f := apperr.FieldsOf(err); f != nil {
			v.Fields = f
		}
		v.Add("password", msg)
		err = v.Err()
	}
	if err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return CreateTx(ctx, tx, actor, u, hash) })
}

// CreateTx inserts a validated user with an already-hashed password in tx.
func CreateTx(ctx context.Context, tx *store.Tx, actor audit.Actor, u *User, passwordHash string) error {
	now := store.Millis(tx.Now)
	err := tx.QueryRow(ctx, `INSERT INTO users (username, full_name, title, phone, email, agency_id, password_hash, active, on_duty, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		u.Username, u.FullName, u.Title, u.Phone, u.Email, u.AgencyID, passwordHash, true, u.OnDuty, now).Scan(&u.ID)
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.CodeConflict, Message: "Tên đăng nhập đã tồn tại.", Fields: map[string]string{"username": "Tên đăng nhập đã tồn tại."}}
	}
	if err != nil {
		return fmt.Errorf("account: insert user: %w", err)
	}
	if err := setRoles(ctx, tx, u.ID, u.Roles); err != nil {
		return err
	}
	u.Active = true
	return audit.Record(ctx, tx, actor, "user.create", "user", u.Username, u.AgencyID, map[string]any{"after": auditView(u)})
}

func setRoles(ctx context.Context, tx *store.Tx, id int64, roles []Role) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
		return err
	}
	seen := map[Role]bool{}
	for _, r := range roles {
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// auditView is what the audit log keeps of a user (never the password hash).
func auditView(u *User) map[string]any {
	return map[string]any{"username": u.Username, "full_name": u.FullName, "title": u.Title, "phone": u.Phone, "email": u.Email,
		"agency_id": u.AgencyID, "roles": u.Roles, "active": u.Active, "on_duty": u.OnDuty}
}

// Update changes a user's profile, agency, roles and flags, and audits it.
func (s *Service) Update(ctx context.Context, actor audit.Actor, u *User) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := getUser(ctx, tx, `u.id = $1`, u.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET full_name = $1, title = $2, phone = $3, email = $4, agency_id = $5, active = $6, on_duty = $7, updated_at = $8 WHERE id = $9`,
			u.FullName, u.Title, u.Phone, u.Email, u.AgencyID, u.Active, u.OnDuty, store.Millis(tx.Now), u.ID); err != nil {
			return fmt.Errorf("account: update user: %w", err)
		}
		if err := setRoles(ctx, tx, u.ID, u.Roles); err != nil {
			return err
		}
		if !u.Active {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE subject_kind = 'staff' AND subject_id = $1`, u.ID); err != nil {
				return err
			}
		}
		after, err := getUser(ctx, tx, `u.id = $1`, u.ID)
		if err != nil {
			return err
		}
		*u = *after
		return audit.Record(ctx, tx, actor, "user.update", "user", u.Username, u.AgencyID, map[string]any{"before": auditView(before), "after": auditView(after)})
	})
}

// SetPassword replaces a user's password, ends their other sessions and
// audits the change (without the password).
func (s *Service) SetPassword(ctx context.Context, actor audit.Actor, userID int64, password string, keepToken string) error {
	if msg := ValidatePassword(password); msg != "" {
		return &apperr.Error{Code: apperr.CodeInvalid, Message: msg, Fields: map[string]string{"new_password": msg}}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		u, err := getUser(ctx, tx, `u.id = $1`, userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, store.Millis(tx.Now), userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE subject_kind = 'staff' AND subject_id = $1 AND token_hash <> $2`, userID, tokenHash(keepToken)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user.password", "user", u.Username, u.AgencyID, nil)
	})
}

// ChangeOwnPassword checks the current password before setting a new one.
func (s *Service) ChangeOwnPassword(ctx context.Context, p *Principal, current, next, keepToken string) error {
	var hash string
	if err := s.DB.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, p.UserID).Scan(&hash); err != nil {
		return fmt.Errorf("account: read hash: %w", err)
	}
	ok, err := CheckPassword(hash, current)
	if err != nil {
		return err
	}
	if !ok {
		return &apperr.Error{Code: apperr.CodeInvalid, Message: "Mật khẩu hiện tại không đúng.", Fields: map[string]string{"current_password": "Mật khẩu hiện tại không đúng."}}
	}
	return s.SetPassword(ctx, p.Actor(), p.UserID, next, keepToken)
}
