package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Delivery is a stored message as officers see it in a dossier's log.
type Delivery struct {
	ID                int64     `json:"id"`
	Key               string    `json:"key"`
	Event             Event     `json:"event"`
	EventLabel        string    `json:"event_label"`
	Channel           Channel   `json:"channel"`
	DossierCode       string    `json:"dossier_code,omitempty"`
	To                string    `json:"to"`
	Subject           string    `json:"subject,omitempty"`
	Body              string    `json:"body"`
	Segments          int       `json:"segments,omitempty"`
	Encoding          string    `json:"encoding,omitempty"`
	Status            Status    `json:"status"`
	StatusLabel       string    `json:"status_label"`
	Attempts          int       `json:"attempts"`
	LastError         string    `json:"last_error,omitempty"`
	Provider          string    `json:"provider,omitempty"`
	ProviderMessageID string    `json:"provider_message_id,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	NextAttemptAt     time.Time `json:"next_attempt_at,omitzero"` // queued: when the next attempt is due
	SentAt            time.Time `json:"sent_at,omitzero"`
	ExpiresAt         time.Time `json:"expires_at"`
	Tries             []Attempt `json:"tries"`
}

// Attempt is one provider call.
type Attempt struct {
	Provider          string    `json:"provider"`
	StartedAt         time.Time `json:"started_at"`
	FinishedAt        time.Time `json:"finished_at,omitzero"`
	Outcome           string    `json:"outcome"` // sent | failed | refused | timeout | "" (cut off)
	OutcomeLabel      string    `json:"outcome_label"`
	Error             string    `json:"error,omitempty"`
	ProviderMessageID string    `json:"provider_message_id,omitempty"`
}

func outcomeLabel(o string) string {
	switch o {
	case outcomeSent:
		return "Nhà cung cấp đã nhận"
	case outcomeFailed:
		return "Lỗi nhà cung cấp"
	case outcomeRefused:
		return "Bị từ chối"
	case outcomeTimeout:
		return "Quá thời gian chờ (chưa rõ kết quả)"
	}
	return "Bị gián đoạn (chưa rõ kết quả)"
}

const deliveryColumns = `id, idem_key, event, channel, dossier_code, recipient, subject, body, segments, encoding, status, attempts,
	last_error, provider, provider_message_id, created_at, next_attempt_at, sent_at, expires_at, sensitive`

// hidden replaces the text of a one-time code in every listing, also while it
// is still queued: nobody but the citizen may read a code.
const hidden = "[nội dung có mã xác thực được ẩn]"

func scanDelivery(rows *sql.Rows) (Delivery, error) {
	var d Delivery
	var ev, ch, st string
	var created, next, expires int64
	var sent sql.NullInt64
	var sensitive bool
	err := rows.Scan(&d.ID, &d.Key, &ev, &ch, &d.DossierCode, &d.To, &d.Subject, &d.Body, &d.Segments, &d.Encoding, &st, &d.Attempts,
		&d.LastError, &d.Provider, &d.ProviderMessageID, &created, &next, &sent, &expires, &sensitive)
	if sensitive {
		d.Subject, d.Body = "", hidden
	}
	d.Event, d.Channel, d.Status = Event(ev), Channel(ch), Status(st)
	d.EventLabel, d.StatusLabel = d.Event.Label(), d.Status.Label()
	d.CreatedAt, d.SentAt, d.ExpiresAt = store.Time(created), store.NullTime(sent), store.Time(expires)
	if d.Status == StatusQueued {
		d.NextAttemptAt = store.Time(next)
	}
	d.Tries = []Attempt{}
	return d, err
}

// Log returns the messages of a dossier, oldest first, with their attempts,
// given every code the dossier was known by (an online dossier's messages
// before acceptance carry its NTT-… reference). The caller has already
// checked that the user may see the dossier (the dossier module owns
// scope); unknown codes give an empty log.
func (s *Service) Log(ctx context.Context, codes ...string) ([]Delivery, error) {
	var args []any
	var ph []string
	for _, c := range codes {
		if c != "" {
			args = append(args, c)
			ph = append(ph, "$"+strconv.Itoa(len(args)))
		}
	}
	if len(args) == 0 {
		return []Delivery{}, nil
	}
	return s.list(ctx, `WHERE dossier_code IN (`+strings.Join(ph, ", ")+`) ORDER BY id`, args...)
}

// Filter selects messages for the administrator's outbox page.
type Filter struct {
	Status Status // "" = any
	Limit  int    // default 100
}

// Recent returns messages for the outbox page: the latest first, or for
// queued and sending ones the next due first.
// Each status filter is written out so that the partial indexes apply.
func (s *Service) Recent(ctx context.Context, f Filter) ([]Delivery, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := map[Status]string{
		"":            `ORDER BY id DESC`,
		StatusQueued:  `WHERE status IN ('queued', 'sending') AND status = 'queued' ORDER BY next_attempt_at, id`,
		StatusSending: `WHERE status IN ('queued', 'sending') AND status = 'sending' ORDER BY next_attempt_at, id`,
		StatusSent:    `WHERE status = 'sent' ORDER BY id DESC`,
		StatusFailed:  `WHERE status = 'failed' ORDER BY id DESC`,
	}[f.Status]
	return s.list(ctx, q+` LIMIT $1`, f.Limit)
}

// Counts returns the number of queued, sending and failed messages (sent
// ones are not counted: that would read the whole table).
func (s *Service) Counts(ctx context.Context) (map[Status]int, error) {
	out := map[Status]int{}
	rows, err := s.db.Query(ctx, `SELECT status, COUNT(*) FROM notify_messages WHERE status IN ('queued', 'sending') GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[Status(st)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var failed int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM notify_messages WHERE status = 'failed'`).Scan(&failed); err != nil {
		return nil, err
	}
	out[StatusFailed] = failed
	return out, nil
}

func (s *Service) list(ctx context.Context, where string, args ...any) ([]Delivery, error) {
	rows, err := s.db.Query(ctx, `SELECT `+deliveryColumns+` FROM notify_messages `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("notify: log: %w", err)
	}
	defer rows.Close()
	out := []Delivery{}
	index := map[int64]int{}
	var ids []string
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		index[d.ID] = len(out)
		ids = append(ids, fmt.Sprint(d.ID))
		out = append(out, d)
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// ids are integers from the database, safe to inline.
	arows, err := s.db.Query(ctx, `SELECT message_id, provider, started_at, finished_at, outcome, error, provider_message_id
		FROM notify_attempts WHERE message_id IN (`+strings.Join(ids, ",")+`) ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("notify: attempts: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var a Attempt
		var mid, started int64
		var finished sql.NullInt64
		if err := arows.Scan(&mid, &a.Provider, &started, &finished, &a.Outcome, &a.Error, &a.ProviderMessageID); err != nil {
			return nil, err
		}
		a.StartedAt, a.FinishedAt, a.OutcomeLabel = store.Time(started), store.NullTime(finished), outcomeLabel(a.Outcome)
		i := index[mid]
		out[i].Tries = append(out[i].Tries, a)
	}
	return out, arows.Err()
}

// Retry puts a failed message back in the queue for another DefaultValidFor
// (the administrator's "Gửi lại"), audited as notify.message.retry. The same
// reference is used, so a provider that already accepted it will not send it
// twice. Errors: not_found; unprocessable when the message has not failed or
// is a one-time code (its text is gone; the citizen asks for a new code).
func (s *Service) Retry(ctx context.Context, actor audit.Actor, id int64) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var st, key string
		var sensitive bool
		err := tx.QueryRow(ctx, `SELECT status, idem_key, sensitive FROM notify_messages WHERE id = $1`, id).Scan(&st, &key, &sensitive)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound("Không tìm thấy thông báo.")
		}
		if err != nil {
			return err
		}
		if Status(st) != StatusFailed {
			return apperr.Unprocessable("Chỉ gửi lại được thông báo đã gửi không thành công.")
		}
		if sensitive {
			return apperr.Unprocessable("Không gửi lại mã xác thực; người dân cần yêu cầu mã mới.")
		}
		now := store.Millis(tx.Now)
		if _, err := tx.Exec(ctx, `UPDATE notify_messages SET status = 'queued', attempts = 0, next_attempt_at = $1, expires_at = $2,
			updated_at = $1 WHERE id = $3`, now, store.Millis(tx.Now.Add(DefaultValidFor)), id); err != nil {
			return err
		}
		tx.AfterCommit(s.Wake)
		return audit.Record(ctx, tx, actor, "notify.message.retry", "notify_message", key, 0, nil)
	})
	return err
}
