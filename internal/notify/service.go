package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua/motcua/internal/store"
)

// Options configure a Service.
type Options struct {
	DB  *store.DB
	Log *slog.Logger
	// BaseURL returns the public URL of the site (read at each use: tests
	// learn it only once the listener is bound).
	BaseURL func() string
	// TrackingLink returns the public tracking page of a dossier (default
	// BaseURL()+"/tra-cuu/"+code). Vars.Link overrides it per message.
	TrackingLink func(code string) string
	// Email and SMS are the providers of each channel, tried in order. A
	// channel without providers keeps its messages queued.
	Email []Provider
	SMS   []Provider
	// Lease is how long a worker holds a claimed message (default 2 min);
	// it must exceed the time a delivery can take (all providers' timeouts).
	Lease time.Duration
	// Poll is how often idle workers look for due messages (default 5 s);
	// an enqueue in this process wakes them at once.
	Poll time.Duration
	// Workers is the number of delivery loops in this process (default 2).
	Workers int
	// Rand returns a number in [0,1) for the back-off jitter (default math/rand).
	Rand func() float64
}

// Service is the notification module: Enqueue for other modules, the worker,
// the templates and the delivery log.
type Service struct {
	opt       Options
	db        *store.DB
	log       *slog.Logger
	wake      chan struct{}
	dir       atomic.Pointer[Directory]
	providers map[Channel][]Provider
	mu        sync.Mutex
	breakers  map[string]*breaker
	attempts  *prometheus.CounterVec
}

// New returns a Service.
func New(opt Options) *Service {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.BaseURL == nil {
		opt.BaseURL = func() string { return "" }
	}
	if opt.TrackingLink == nil {
		base := opt.BaseURL
		opt.TrackingLink = func(code string) string { return base() + "/tra-cuu/" + url.PathEscape(code) }
	}
	if opt.Lease <= 0 {
		opt.Lease = 2 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = 5 * time.Second
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	if opt.Rand == nil {
		opt.Rand = rand.Float64
	}
	return &Service{opt: opt, db: opt.DB, log: opt.Log, wake: make(chan struct{}, 1),
		providers: map[Channel][]Provider{ChannelEmail: opt.Email, ChannelSMS: opt.SMS}, breakers: map[string]*breaker{},
		attempts: newAttemptsCounter()}
}

// SetDirectory installs the citizen directory (the citizen module calls it
// when it mounts, before the server starts).
func (s *Service) SetDirectory(d Directory) { s.dir.Store(&d) }

// Configured reports whether the channel has at least one provider.
func (s *Service) Configured(c Channel) bool { return len(s.providers[c]) > 0 }

// NotConfigured is the status note of messages of a channel without a
// provider: they stay queued (not dropped) until one is configured.
func NotConfigured(c Channel) string {
	if c == ChannelEmail {
		return "Chưa cấu hình máy chủ thư (MOTCUA_SMTP_ADDR); thư được giữ trong hàng đợi."
	}
	return "Chưa cấu hình nhà cung cấp SMS (MOTCUA_SMS_PROVIDERS); tin nhắn được giữ trong hàng đợi."
}

// Wake tells this process's workers to look for due messages now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// DefaultValidFor is how long a message may be retried by default.
const DefaultValidFor = 24 * time.Hour

// Enqueue stores m in tx, the transaction of the change that causes it: one
// row per channel (m.Channel, else the citizen's choice, else every channel
// with an address). A message whose key was already stored is ignored, so
// callers may enqueue idempotently. An invalid address does not fail the
// caller: the message is stored as failed with the reason, visible in the
// log. Errors are programming errors (unknown event or channel, no key) and
// database errors, which should roll the caller back. Workers in this
// process are woken after the commit.
func (s *Service) Enqueue(ctx context.Context, tx *store.Tx, m Message) error {
	if !m.Event.Valid() {
		return fmt.Errorf("notify: unknown event %q", m.Event)
	}
	if m.Key == "" || len(m.Key) > 200 || !utf8.ValidString(m.Key) {
		return fmt.Errorf("notify: message key must be 1–200 bytes of text, got %q", m.Key)
	}
	if m.Channel != "" && (!m.Channel.Valid() || !m.Event.Sends(m.Channel)) {
		return fmt.Errorf("notify: channel %q is not one of event %s", m.Channel, m.Event)
	}
	var contact Contact
	if d := s.dir.Load(); d != nil && m.To.CitizenID != 0 {
		c, err := (*d).Contact(ctx, tx, m.To.CitizenID, m.Event)
		if err != nil {
			return fmt.Errorf("notify: citizen %d contact: %w", m.To.CitizenID, err)
		}
		contact = c
	}
	addr := map[Channel]string{ChannelEmail: first(m.To.Email, contact.Email), ChannelSMS: first(m.To.Phone, contact.Phone)}
	channels := m.Event.Channels()
	switch {
	case m.Channel != "":
		channels = []Channel{m.Channel}
	case contact.Channels != nil:
		channels = contact.Channels
	}
	if m.Vars.DossierCode == "" {
		m.Vars.DossierCode = m.DossierCode
	}
	if m.Vars.Link == "" && m.Vars.DossierCode != "" {
		m.Vars.Link = s.opt.TrackingLink(m.Vars.DossierCode)
	}
	validFor := m.ValidFor
	if validFor <= 0 {
		validFor = DefaultValidFor
	}
	for _, ch := range channels {
		if !ch.Valid() || !m.Event.Sends(ch) {
			continue
		}
		to := addr[ch]
		if to == "" && m.Channel == "" {
			continue // no address for a channel nobody asked for explicitly
		}
		if err := s.enqueueOne(ctx, tx, m, ch, to, validFor); err != nil {
			return err
		}
	}
	tx.AfterCommit(s.Wake)
	return nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Service) enqueueOne(ctx context.Context, tx *store.Tx, m Message, ch Channel, to string, validFor time.Duration) error {
	status, note := StatusQueued, ""
	var ok bool
	switch ch {
	case ChannelEmail:
		if to, ok = NormalizeEmail(to); !ok {
			status, note = StatusFailed, fmt.Sprintf("Địa chỉ thư điện tử không hợp lệ: %q.", to)
		}
	case ChannelSMS:
		if to, ok = NormalizePhone(to); !ok {
			status, note = StatusFailed, fmt.Sprintf("Số điện thoại di động không hợp lệ: %q.", to)
		}
	}
	if to == "" {
		status, note = StatusFailed, "Không có địa chỉ nhận ("+ch.Label()+")."
	}
	t, err := s.templateTx(ctx, tx, m.Event, ch)
	if err != nil {
		return err
	}
	r, err := t.Render(m.Vars)
	if err != nil && t.Custom {
		// The stored template was validated when saved; if it still fails
		// (e.g. a variable dropped in an upgrade), send the default text.
		s.log.Warn("notify: custom template failed, using the default", "event", m.Event, "channel", ch, "err", err)
		r, err = Default(m.Event, ch).Render(m.Vars)
	}
	if err != nil {
		return fmt.Errorf("notify: render %s/%s: %w", m.Event, ch, err)
	}
	if status == StatusQueued && !s.Configured(ch) {
		note = NotConfigured(ch)
	}
	if status == StatusFailed && m.Event.Sensitive() {
		r.Subject, r.Body = "", erased
	}
	vars := []byte("{}")
	if !m.Event.Sensitive() {
		if vars, err = json.Marshal(m.Vars); err != nil {
			return err
		}
	}
	now := store.Millis(tx.Now)
	_, err = tx.Exec(ctx, `INSERT INTO notify_messages (idem_key, event, channel, dossier_code, citizen_id, recipient, subject, body,
		encoding, segments, vars, sensitive, status, next_attempt_at, last_error, expires_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $14, $14)
		ON CONFLICT (idem_key) DO NOTHING`,
		m.Key+":"+string(ch), string(m.Event), string(ch), m.DossierCode, m.To.CitizenID, to, r.Subject, r.Body,
		r.Encoding, r.Segments, string(vars), m.Event.Sensitive(), string(status), now, note, store.Millis(tx.Now.Add(validFor)))
	if err != nil {
		return fmt.Errorf("notify: enqueue %s: %w", m.Key, err)
	}
	return nil
}
