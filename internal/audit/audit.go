// Package audit writes the append-only, hash-chained audit log and verifies
// it. Every change to agencies, users, the catalog, the calendar and every
// dossier transition is recorded in the same transaction as the change.
//
// Chain: hash(n) = SHA-256(hash(n-1) || canonical(entry n)), with hash(0) = "".
// The audit_head row holds the last sequence number and hash; writers update
// it first, which serialises them (a row lock on PostgreSQL, the single
// writer on SQLite), so the chain never forks. Database triggers refuse
// UPDATE and DELETE on audit_log; an edit made by going around them (e.g.
// editing the SQLite file) breaks the chain, and Verify reports the first
// broken link.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// Actor is who did something.
type Actor struct {
	ID   int64  // user or citizen id; 0 for the system
	Name string // user name, citizen name or "system"
	Kind string // staff | citizen | system
}

// System is the actor for automatic actions (migrations, jobs, demo load).
var System = Actor{ID: 0, Name: "system", Kind: "system"}

// Entry is one audit record.
type Entry struct {
	Seq       int64
	At        time.Time
	Actor     Actor
	Action    string // e.g. "agency.update"
	Entity    string // e.g. "agency"
	EntityKey string // e.g. the agency code
	AgencyID  int64
	Detail    json.RawMessage // {"before":…, "after":…} or other facts
	PrevHash  string
	Hash      string
}

// Record appends an entry in tx. detail is marshalled to JSON (nil → {}).
func Record(ctx context.Context, tx *store.Tx, actor Actor, action, entity, key string, agencyID int64, detail any) error {
	raw := json.RawMessage("{}")
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit: marshal detail: %w", err)
		}
		raw = b
	}
	var seq int64
	var prev string
	// Lock the head (row lock on PostgreSQL; SQLite has a single writer).
	if err := tx.QueryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit: lock head: %w", err)
	}
	e := Entry{Seq: seq, At: tx.Now, Actor: actor, Action: action, Entity: entity, EntityKey: key, AgencyID: agencyID, Detail: raw, PrevHash: prev}
	e.Hash = Hash(e)
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor, actor_kind, action, entity, entity_key, agency_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.Seq, store.Millis(e.At), e.Actor.ID, e.Actor.Name, e.Actor.Kind, e.Action, e.Entity, e.EntityKey, e.AgencyID, string(e.Detail), e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("audit: update head: %w", err)
	}
	return nil
}

// Hash computes the chained hash of e from e.PrevHash and its content.
func Hash(e Entry) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(e.PrevHash)
	field(strconv.FormatInt(e.Seq, 10))
	field(strconv.FormatInt(store.Millis(e.At), 10))
	field(strconv.FormatInt(e.Actor.ID, 10))
	field(e.Actor.Name)
	field(e.Actor.Kind)
	field(e.Action)
	field(e.Entity)
	field(e.EntityKey)
	field(strconv.FormatInt(e.AgencyID, 10))
	field(string(e.Detail))
	return hex.EncodeToString(h.Sum(nil))
}

// Break describes the first inconsistency found by Verify.
type Break struct {
	Seq    int64
	Reason string
}

func (b *Break) Error() string { return fmt.Sprintf("audit chain broken at #%d: %s", b.Seq, b.Reason) }

// Verify walks the whole chain in order. It returns the number of entries
// checked and nil, or a *Break for the first broken link: a gap in the
// sequence (a deleted entry), a prev_hash that does not match the previous
// entry, a hash that does not match the content (an edited entry), or a head
// that does not match the last entry (a truncated tail).
func Verify(ctx context.Context, db *store.DB) (int64, error) {
	rows, err := db.Query(ctx, `SELECT seq, at, actor_id, actor, actor_kind, action, entity, entity_key, agency_id, detail, prev_hash, hash
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n, want int64 = 0, 1
	prev := ""
	for rows.Next() {
		var e Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.Seq, &at, &e.Actor.ID, &e.Actor.Name, &e.Actor.Kind, &e.Action, &e.Entity, &e.EntityKey, &e.AgencyID, &detail, &e.PrevHash, &e.Hash); err != nil {
			return n, err
		}
		e.At, e.Detail = store.Time(at), json.RawMessage(detail)
		switch {
		case e.Seq != want:
			return n, &Break{Seq: want, Reason: fmt.Sprintf("entry missing (next entry is #%d)", e.Seq)}
		case e.PrevHash != prev:
			return n, &Break{Seq: e.Seq, Reason: "prev_hash does not match the previous entry"}
		case Hash(e) != e.Hash:
			return n, &Break{Seq: e.Seq, Reason: "content does not match its hash (entry was modified)"}
		}
		prev, want = e.Hash, want+1
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	var headSeq int64
	var headHash string
	if err := db.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return n, err
	}
	if headSeq != n || headHash != prev {
		return n, &Break{Seq: n + 1, Reason: fmt.Sprintf("head says #%d but the log ends at #%d (entries removed from the end)", headSeq, n)}
	}
	return n, nil
}

// List returns the entries for an entity, oldest first.
func List(ctx context.Context, db *store.DB, entity, key string, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := db.Query(ctx, `SELECT seq, at, actor_id, actor, actor_kind, action, entity, entity_key, agency_id, detail, prev_hash, hash
		FROM audit_log WHERE entity = $1 AND entity_key = $2 ORDER BY seq LIMIT $3`, entity, key, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.Seq, &at, &e.Actor.ID, &e.Actor.Name, &e.Actor.Kind, &e.Action, &e.Entity, &e.EntityKey, &e.AgencyID, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At, e.Detail = store.Time(at), json.RawMessage(detail)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Describe is a short human line for an entry (used by the CLI).
func Describe(e Entry) string {
	return strings.Join([]string{strconv.FormatInt(e.Seq, 10), e.At.Format(time.RFC3339), e.Actor.Name, e.Action, e.Entity, e.EntityKey}, " ")
}
