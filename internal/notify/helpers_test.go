package notify_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/store"
)

// clock is the injected clock of a test database.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

var t0 = time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC) // 09:00 in Hà Tĩnh

func newClock(db *store.DB) *clock {
	c := &clock{t: t0}
	db.Now = c.Now
	return c
}

func newService(db *store.DB, opt notify.Options) *notify.Service {
	opt.DB = db
	if opt.BaseURL == nil {
		opt.BaseURL = func() string { return "https://dichvucong.hatinh.gov.vn" }
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Rand == nil {
		opt.Rand = func() float64 { return 0.5 }
	}
	return notify.New(opt)
}

func enqueue(t *testing.T, db *store.DB, svc *notify.Service, msgs ...notify.Message) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		for _, m := range msgs {
			if err := svc.Enqueue(context.Background(), tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drain delivers every due message.
func drain(t *testing.T, svc *notify.Service) int {
	t.Helper()
	n := 0
	for {
		ok, err := svc.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return n
		}
		n++
	}
}

func logOf(t *testing.T, svc *notify.Service, code string) []notify.Delivery {
	t.Helper()
	ds, err := svc.Log(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

const code = "000.00.10.H27-261121-0001"

func received(key string, to notify.Recipient) notify.Message {
	return notify.Message{Event: notify.EventReceived, Key: key, DossierCode: code, To: to,
		Vars: notify.Vars{ProcedureName: "Đăng ký khai sinh", ApplicantName: "Trần Văn Đức", AgencyName: "UBND xã Thạch Hà",
			ExpectedDate: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
}
