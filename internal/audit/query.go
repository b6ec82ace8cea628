package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// Filter selects audit entries for Query (the administration viewer). Empty
// fields do not filter.
type Filter struct {
	// AgencyPath keeps entries whose agency lies in this subtree ("/1/4/");
	// "" keeps every agency.
	AgencyPath string
	// Unscoped also keeps entries with no agency (agency_id 0: system jobs,
	// failed sign-ins). Only an administrator of a root agency should see them.
	Unscoped  bool
	Entity    string    // exact entity ("agency", "user", "dossier"…)
	EntityKey string    // exact entity key (an agency code, a user name…)
	Action    string    // action prefix ("user." or "user.update")
	Actor     string    // exact actor name (user name)
	From, To  time.Time // entries at or after From and before To (zero = open)
	Before    int64     // keyset paging: entries with seq < Before (newest first)
	After     int64     // keyset paging: entries with seq > After (then shown newest first)
	Limit     int       // default 50, at most 500
}

// Query returns at most f.Limit entries matching f, newest first, and
// whether more entries exist beyond the page in the direction of travel
// (older entries when paging with Before or from the start, newer ones when
// paging with After). Paging is by sequence number (keyset), so deep pages
// of a log with millions of entries stay cheap.
func Query(ctx context.Context, db *store.DB, f Filter) ([]Entry, bool, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.AgencyPath != "" {
		sub := `agency_id IN (SELECT id FROM agencies WHERE path LIKE ` + arg(store.Like(f.AgencyPath)+"%") + ` ESCAPE '\')`
		if f.Unscoped {
			sub = `(agency_id = 0 OR ` + sub + `)`
		}
		where = append(where, sub)
	} else if !f.Unscoped {
		where = append(where, `agency_id <> 0`)
	}
	if f.Entity != "" {
		where = append(where, `entity = `+arg(f.Entity))
	}
	if f.EntityKey != "" {
		where = append(where, `entity_key = `+arg(f.EntityKey))
	}
	if f.Action != "" {
		where = append(where, `action LIKE `+arg(store.Like(f.Action)+"%")+` ESCAPE '\'`)
	}
	if f.Actor != "" {
		where = append(where, `actor = `+arg(f.Actor))
	}
	if !f.From.IsZero() {
		where = append(where, `at >= `+arg(store.Millis(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, `at < `+arg(store.Millis(f.To)))
	}
	order := "DESC"
	if f.After > 0 {
		where = append(where, `seq > `+arg(f.After))
		order = "ASC"
	} else if f.Before > 0 {
		where = append(where, `seq < `+arg(f.Before))
	}
	q := `SELECT seq, at, actor_id, actor, actor_kind, action, entity, entity_key, agency_id, detail, prev_hash, hash FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY seq ` + order + ` LIMIT ` + arg(f.Limit+1)
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("audit: query: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.Seq, &at, &e.Actor.ID, &e.Actor.Name, &e.Actor.Kind, &e.Action, &e.Entity, &e.EntityKey, &e.AgencyID, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, false, err
		}
		e.At, e.Detail = store.Time(at), json.RawMessage(detail)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	if order == "ASC" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, more, nil
}
