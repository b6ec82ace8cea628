package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

const templateQuery = `SELECT subject, body, updated_at, updated_by FROM notify_templates WHERE event = $1 AND channel = $2`

// templateTx returns the template in force (the stored edit, else the default).
func (s *Service) templateTx(ctx context.Context, tx *store.Tx, e Event, c Channel) (Template, error) {
	return scanTemplate(tx.QueryRow(ctx, templateQuery, string(e), string(c)), e, c)
}

// Template returns the template in force for an event and channel.
// Errors: not_found for an unknown event or channel.
func (s *Service) Template(ctx context.Context, e Event, c Channel) (Template, error) {
	if !e.Valid() || !c.Valid() || !e.Sends(c) {
		return Template{}, apperr.NotFound("Không tìm thấy mẫu thông báo.")
	}
	return scanTemplate(s.db.QueryRow(ctx, templateQuery, string(e), string(c)), e, c)
}

func scanTemplate(row *sql.Row, e Event, c Channel) (Template, error) {
	t := Default(e, c)
	var at int64
	err := row.Scan(&t.Subject, &t.Body, &at, &t.UpdatedBy)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return t, nil
	case err != nil:
		return t, fmt.Errorf("notify: template %s/%s: %w", e, c, err)
	}
	t.Custom, t.UpdatedAt = true, store.Time(at)
	return t, nil
}

// Templates returns the template in force of every event on each of its
// channels (Event.Channels), in display order.
func (s *Service) Templates(ctx context.Context) ([]Template, error) {
	type key struct {
		e Event
		c Channel
	}
	stored := map[key]Template{}
	rows, err := s.db.Query(ctx, `SELECT event, channel, subject, body, updated_at, updated_by FROM notify_templates`)
	if err != nil {
		return nil, fmt.Errorf("notify: templates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Template
		var e, c string
		var at int64
		if err := rows.Scan(&e, &c, &t.Subject, &t.Body, &at, &t.UpdatedBy); err != nil {
			return nil, err
		}
		t.Event, t.Channel, t.Custom, t.UpdatedAt = Event(e), Channel(c), true, store.Time(at)
		stored[key{t.Event, t.Channel}] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Template
	for _, e := range Events {
		for _, c := range e.Channels() {
			if t, ok := stored[key{e, c}]; ok {
				out = append(out, t)
			} else {
				out = append(out, Default(e, c))
			}
		}
	}
	return out, nil
}

// SampleLink is the tracking link used to preview and validate templates.
func (s *Service) SampleLink() string {
	return s.opt.TrackingLink(SampleVars(EventReceived, "").DossierCode)
}

// sampleLinkFor is the link of an event's sample message: the staff page of
// online dossiers for staff alerts, else the tracking link.
func (s *Service) sampleLinkFor(e Event) string {
	if e.Staff() {
		return s.staffLink()
	}
	return s.SampleLink()
}

// SaveTemplate validates t against sample data (see Template.Validate) and
// stores it as the administrator's version, audited as
// notify.template.update. Errors: invalid with field messages.
func (s *Service) SaveTemplate(ctx context.Context, actor audit.Actor, t Template) error {
	if !t.Event.Valid() || !t.Channel.Valid() || !t.Event.Sends(t.Channel) {
		return apperr.NotFound("Không tìm thấy mẫu thông báo.")
	}
	if t.Channel == ChannelSMS {
		t.Subject = ""
	}
	if _, err := t.Check(s.sampleLinkFor(t.Event)); err != nil {
		var e *apperr.Error
		if errors.As(err, &e) {
			e.Message = "Mẫu thông báo chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."
		}
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := s.templateTx(ctx, tx, t.Event, t.Channel)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notify_templates (event, channel, subject, body, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (event, channel) DO UPDATE SET subject = $3, body = $4, updated_at = $5, updated_by = $6`,
			string(t.Event), string(t.Channel), t.Subject, t.Body, store.Millis(tx.Now), actor.Name); err != nil {
			return fmt.Errorf("notify: save template: %w", err)
		}
		return audit.Record(ctx, tx, actor, "notify.template.update", "notify_template", string(t.Event)+"/"+string(t.Channel), 0,
			map[string]any{"before": templateDetail(before), "after": templateDetail(t)})
	})
}

// ResetTemplate drops the administrator's version so the default applies
// again, audited as notify.template.reset.
func (s *Service) ResetTemplate(ctx context.Context, actor audit.Actor, e Event, c Channel) error {
	if !e.Valid() || !c.Valid() || !e.Sends(c) {
		return apperr.NotFound("Không tìm thấy mẫu thông báo.")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := s.templateTx(ctx, tx, e, c)
		if err != nil || !before.Custom {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notify_templates WHERE event = $1 AND channel = $2`, string(e), string(c)); err != nil {
			return fmt.Errorf("notify: reset template: %w", err)
		}
		return audit.Record(ctx, tx, actor, "notify.template.reset", "notify_template", string(e)+"/"+string(c), 0,
			map[string]any{"before": templateDetail(before), "after": templateDetail(Default(e, c))})
	})
}

func templateDetail(t Template) map[string]string {
	m := map[string]string{"body": t.Body}
	if t.Channel == ChannelEmail {
		m["subject"] = t.Subject
	}
	return m
}
