package notify

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// Back-off between failed attempts: 1 minute doubling to 1 hour, each delay
// drawn in [d/2, d) so that messages failing together do not retry together.
const (
	backoffBase = time.Minute
	backoffMax  = time.Hour
)

// erased replaces the text of a sensitive message once delivery has ended.
const erased = "[nội dung có mã xác thực đã được xoá]"

// Run runs the delivery loops until ctx is cancelled (the app's worker).
func (s *Service) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range s.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx)
		}()
	}
	wg.Wait()
}

func (s *Service) loop(ctx context.Context) {
	for {
		for ctx.Err() == nil {
			ok, err := s.RunOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Error("notify: worker", "err", err)
				}
				break
			}
			if !ok {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(s.opt.Poll):
		}
	}
}

// RunOnce claims one due message and delivers it. It reports whether there
// was a message. Delivery outcomes are recorded on the message, not returned.
func (s *Service) RunOnce(ctx context.Context) (bool, error) {
	c, err := s.claim(ctx)
	if err != nil || c == nil {
		return false, err
	}
	s.Wake() // another loop may take the next message meanwhile
	// Once claimed, finish the attempt even if ctx is cancelled (shutdown):
	// an abandoned attempt would only be retried after its lease expires.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opt.Lease)
	defer cancel()
	return true, s.deliver(ctx, dctx, c)
}

// deliver tries the providers of the message's channel in order. ctx is the
// worker's context (checked between providers); dctx bounds the attempt.
func (s *Service) deliver(ctx, dctx context.Context, c *claimed) error {
	now := s.db.Now()
	if now.After(c.expiresAt) {
		return s.finish(dctx, c, StatusFailed, "Hết thời hạn gửi; không gửi nữa.", "", "")
	}
	order, err := s.providerOrder(dctx, c, now)
	if err != nil {
		return err
	}
	refusedByAll, lastErr := len(order) > 0, ""
	for i, p := range order {
		if i > 0 && ctx.Err() != nil {
			refusedByAll = false
			break
		}
		attempt, ok, err := s.beginAttempt(dctx, c, p.Name())
		if err != nil || !ok {
			return err // lease lost: another worker has the message
		}
		id, sendErr := p.Send(dctx, Outgoing{Ref: c.key, To: c.to, Subject: c.subject, Body: c.body, Encoding: c.encoding, Segments: c.segments})
		outcome := outcomeOf(sendErr)
		s.attempts.WithLabelValues(string(c.channel), p.Name(), outcome).Inc()
		if err := s.endAttempt(dctx, attempt, outcome, sendErr, id); err != nil {
			return err
		}
		now = s.db.Now()
		if outcome == outcomeSent {
			s.report(p.Name(), true, now)
			return s.finish(dctx, c, StatusSent, "", p.Name(), id)
		}
		if outcome != outcomeRefused {
			s.report(p.Name(), false, now)
			refusedByAll = false
		}
		lastErr = errorText(p.Name(), sendErr)
		s.log.Warn("notify: provider failed", "provider", p.Name(), "message", c.id, "outcome", outcome, "err", sendErr)
	}
	if len(order) == 0 {
		lastErr = NotConfigured(c.channel)
	}
	if refusedByAll {
		return s.finish(dctx, c, StatusFailed, lastErr, "", "")
	}
	return s.retry(dctx, c, lastErr)
}

// providerOrder lists the providers to try: first those whose earlier
// attempt on this message has an unknown outcome (cut by a crash, or timed
// out), so that they can recognise the reference and not send twice; then
// the others in configured order, skipping those whose breaker is open
// unless all are open.
func (s *Service) providerOrder(ctx context.Context, c *claimed, now time.Time) ([]Provider, error) {
	all := s.providers[c.channel]
	byName := map[string]Provider{}
	for _, p := range all {
		byName[p.Name()] = p
	}
	rows, err := s.db.Query(ctx, `SELECT provider FROM notify_attempts WHERE message_id = $1 AND outcome IN ('', $2) ORDER BY id DESC`,
		c.id, outcomeTimeout)
	if err != nil {
		return nil, fmt.Errorf("notify: attempts of %d: %w", c.id, err)
	}
	defer rows.Close()
	var order []Provider
	seen := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		if p, ok := byName[name]; ok && !seen[name] {
			order, seen[name] = append(order, p), true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var rest []Provider
	for _, p := range all {
		if !seen[p.Name()] && s.available(p.Name(), now) {
			rest = append(rest, p)
		}
	}
	if len(order) == 0 && len(rest) == 0 {
		return all, nil
	}
	return append(order, rest...), nil
}

// beginAttempt records, before the provider is called, that this provider
// is being tried, and renews the lease. ok is false when the lease was lost.
func (s *Service) beginAttempt(ctx context.Context, c *claimed, provider string) (id int64, ok bool, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		now, until := store.Millis(tx.Now), store.Millis(tx.Now.Add(s.opt.Lease))
		res, err := tx.Exec(ctx, `UPDATE notify_messages SET provider = $1, locked_until = $2, next_attempt_at = $2, updated_at = $3
			WHERE id = $4 AND claim_token = $5 AND status = 'sending'`, provider, until, now, c.id, c.token)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		ok = true
		return tx.QueryRow(ctx, `INSERT INTO notify_attempts (message_id, provider, started_at) VALUES ($1, $2, $3) RETURNING id`,
			c.id, provider, now).Scan(&id)
	})
	if err != nil {
		return 0, false, fmt.Errorf("notify: begin attempt %d: %w", c.id, err)
	}
	if !ok {
		s.log.Warn("notify: lease lost before sending", "message", c.id)
	}
	return id, ok, nil
}

func (s *Service) endAttempt(ctx context.Context, id int64, outcome string, sendErr error, providerID string) error {
	msg := ""
	if sendErr != nil {
		msg = errorText("", sendErr)
	}
	_, err := s.db.Exec(ctx, `UPDATE notify_attempts SET finished_at = $1, outcome = $2, error = $3, provider_message_id = $4 WHERE id = $5`,
		store.Millis(s.db.Now()), outcome, msg, providerID, id)
	if err != nil {
		return fmt.Errorf("notify: end attempt %d: %w", id, err)
	}
	return nil
}

// finish ends delivery: sent or failed.
func (s *Service) finish(ctx context.Context, c *claimed, st Status, lastErr, provider, providerID string) error {
	body, subject := c.body, c.subject
	if c.sensitive {
		body, subject = erased, ""
	}
	var sentAt any
	if st == StatusSent {
		sentAt = store.Millis(s.db.Now())
	}
	res, err := s.db.Exec(ctx, `UPDATE notify_messages SET status = $1, last_error = $2,
		provider = CASE WHEN $3 = '' THEN provider ELSE $3 END, provider_message_id = $4, sent_at = $5,
		subject = $6, body = $7, locked_until = 0, claim_token = '', updated_at = $8
		WHERE id = $9 AND claim_token = $10`,
		string(st), lastErr, provider, providerID, sentAt, subject, body, store.Millis(s.db.Now()), c.id, c.token)
	if err != nil {
		return fmt.Errorf("notify: finish %d: %w", c.id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		s.log.Warn("notify: lease lost before recording the result", "message", c.id, "status", st)
	}
	return nil
}

// retry puts the message back in the queue after the back-off, or fails it
// when the next attempt would come after its deadline.
func (s *Service) retry(ctx context.Context, c *claimed, lastErr string) error {
	now := s.db.Now()
	d := backoffBase << min(max(c.attempts-1, 0), 12)
	d = min(d, backoffMax)
	d = d/2 + time.Duration(s.opt.Rand()*float64(d/2))
	next := now.Add(d)
	if next.After(c.expiresAt) {
		return s.finish(ctx, c, StatusFailed, fmt.Sprintf("%s (đã thử %d lần, hết thời hạn gửi)", lastErr, c.attempts), "", "")
	}
	res, err := s.db.Exec(ctx, `UPDATE notify_messages SET status = 'queued', last_error = $1, next_attempt_at = $2,
		locked_until = 0, claim_token = '', updated_at = $3 WHERE id = $4 AND claim_token = $5`,
		lastErr, store.Millis(next), store.Millis(now), c.id, c.token)
	if err != nil {
		return fmt.Errorf("notify: retry %d: %w", c.id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		s.log.Warn("notify: lease lost before scheduling a retry", "message", c.id)
	}
	return nil
}
