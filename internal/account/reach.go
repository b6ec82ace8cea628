package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Reachable is a staff user who can be alerted by e-mail.
type Reachable struct {
	UserID     int64
	Username   string
	FullName   string
	Email      string
	AgencyID   int64
	AgencyPath string
	Role       Role // the role for which the user was chosen
}

// NearestWithRole returns the active users holding role, with an e-mail
// address, whose scope covers the agency agencyID, taken from the nearest
// level only: the users of the agency itself if there are any, else those of
// its parent, and so on up to the root. A role applies to the user's agency
// subtree, so every ancestor's users could act; the nearest are the ones
// whose work it is (the officers of a commune's one-stop, not the
// province's). q is a *store.DB or a *store.Tx. The users are read through
// the users_agency index, one statement for the whole path.
func NearestWithRole(ctx context.Context, q interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}, agencyID int64, role Role) ([]Reachable, error) {
	var path string
	err := q.QueryRow(ctx, `SELECT path FROM agencies WHERE id = $1`, agencyID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("account: agency %d: %w", agencyID, err)
	}
	// "/1/4/9/" → the agency and its ancestors 1, 4, 9.
	args := []any{string(role)}
	var marks []string
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("account: agency %d has a malformed path %q", agencyID, path)
		}
		args = append(args, id)
		marks = append(marks, "$"+strconv.Itoa(len(args)))
	}
	rows, err := q.Query(ctx, `SELECT u.id, u.username, u.full_name, u.email, u.agency_id, a.path
		FROM users u JOIN agencies a ON a.id = u.agency_id JOIN user_roles r ON r.user_id = u.id AND r.role = $1
		WHERE u.agency_id IN (`+strings.Join(marks, ", ")+`) AND u.active AND u.email <> ''
		ORDER BY u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("account: staff with role %s: %w", role, err)
	}
	defer rows.Close()
	var all []Reachable
	deepest := 0
	for rows.Next() {
		x := Reachable{Role: role}
		if err := rows.Scan(&x.UserID, &x.Username, &x.FullName, &x.Email, &x.AgencyID, &x.AgencyPath); err != nil {
			return nil, err
		}
		all = append(all, x)
		deepest = max(deepest, len(x.AgencyPath))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Reachable
	for _, x := range all {
		if len(x.AgencyPath) == deepest {
			out = append(out, x)
		}
	}
	return out, nil
}
