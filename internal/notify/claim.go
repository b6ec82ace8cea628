package notify

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// claimed is a message held by this worker under a lease.
type claimed struct {
	id        int64
	key       string
	event     Event
	channel   Channel
	to        string
	subject   string
	body      string
	encoding  string
	segments  int
	sensitive bool
	attempts  int
	expiresAt time.Time
	token     string // fencing token: every later write checks it
}

// claimSQL is the one dialect-specific query of the module. It takes the
// first due message (queued and due, or sending with an expired lease — its
// worker died) of the given channels and leases it to this worker. On
// PostgreSQL FOR UPDATE SKIP LOCKED lets concurrent workers take different
// rows without waiting; on SQLite the IMMEDIATE write transaction already
// serialises claimers. A claimed row's next_attempt_at is the end of its
// lease, so one index serves both cases.
func claimSQL(d store.Dialect) string {
	lock := ""
	if d == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	return `UPDATE notify_messages SET status = 'sending', attempts = attempts + 1, locked_until = $2, next_attempt_at = $2,
		claim_token = $3, updated_at = $1
		WHERE id = (SELECT id FROM notify_messages
			WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1 AND channel IN ($4, $5)
			ORDER BY next_attempt_at, id LIMIT 1` + lock + `)
		RETURNING id, idem_key, event, channel, recipient, subject, body, encoding, segments, sensitive, attempts, expires_at`
}

// claim leases the next due message of a configured channel, or returns nil.
func (s *Service) claim(ctx context.Context) (*claimed, error) {
	var chans [2]string
	for i, c := range Channels {
		if s.Configured(c) {
			chans[i] = string(c)
		}
	}
	if chans == [2]string{} {
		return nil, nil
	}
	var tok [12]byte
	rand.Read(tok[:])
	c := &claimed{token: hex.EncodeToString(tok[:])}
	var ev, ch string
	var exp int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, claimSQL(tx.Dialect()), store.Millis(tx.Now), store.Millis(tx.Now.Add(s.opt.Lease)), c.token, chans[0], chans[1]).
			Scan(&c.id, &c.key, &ev, &ch, &c.to, &c.subject, &c.body, &c.encoding, &c.segments, &c.sensitive, &c.attempts, &exp)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notify: claim: %w", err)
	}
	c.event, c.channel, c.expiresAt = Event(ev), Channel(ch), store.Time(exp)
	return c, nil
}
