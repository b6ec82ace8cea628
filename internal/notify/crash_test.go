package notify

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/notify/smstest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// A worker killed in the middle of a delivery (claimed, attempt recorded,
// request sent to the gateway, result never written) does not make the
// citizen receive the message twice: once its lease expires another worker
// retries with the same client_ref, first through the same gateway, which
// recognises it.
func TestCrashedWorkerDoesNotSendTwice(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &testClock{t: time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)}
		db.Now = clk.Now
		x, y := smstest.Start(t, smstest.Options{Name: "x"}), smstest.Start(t, smstest.Options{Name: "y"})
		px := NewGateway(GatewayConfig{Name: "x", URL: x.URL(), Timeout: time.Second})
		py := NewGateway(GatewayConfig{Name: "y", URL: y.URL(), Timeout: time.Second})
		process := func() *Service {
			return New(Options{DB: db, SMS: []Provider{px, py}, Log: slog.New(slog.DiscardHandler), Rand: func() float64 { return 0 }})
		}
		a, b := process(), process()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return a.Enqueue(ctx, tx, Message{Event: EventReceived, Key: "D-1:received:1", DossierCode: "D-1",
				To: Recipient{Phone: "0912345678"}, Vars: Vars{ExpectedDate: clk.Now().Add(72 * time.Hour)}})
		})
		if err != nil {
			t.Fatal(err)
		}

		// Process a: x is down (recorded), then y accepts the message, and a
		// dies before writing the result.
		x.SetMode(smstest.Fail)
		c, err := a.claim(ctx)
		if err != nil || c == nil {
			t.Fatalf("claim: %v %v", c, err)
		}
		idx, _, _ := a.beginAttempt(ctx, c, "x")
		_, sendErr := px.Send(ctx, Outgoing{Ref: c.key, To: c.to, Body: c.body})
		a.endAttempt(ctx, idx, outcomeOf(sendErr), sendErr, "")
		if _, ok, err := a.beginAttempt(ctx, c, "y"); !ok || err != nil {
			t.Fatalf("begin attempt: %v %v", ok, err)
		}
		if _, err := py.Send(ctx, Outgoing{Ref: c.key, To: c.to, Body: c.body}); err != nil {
			t.Fatal(err)
		}
		// (killed here)

		// Process b finds nothing to do while a's lease runs…
		x.SetMode(smstest.Succeed) // x is back: trying it first would send a second SMS
		if ok, err := b.RunOnce(ctx); ok || err != nil {
			t.Fatalf("message taken during the lease: %v %v", ok, err)
		}
		// …and retries after it, through y first, with the same reference.
		clk.Add(a.opt.Lease + time.Second)
		if ok, err := b.RunOnce(ctx); !ok || err != nil {
			t.Fatalf("not retried after the lease: %v %v", ok, err)
		}
		if n := len(y.Requests()); n != 2 {
			t.Fatalf("y got %d requests, want 2 (the crashed one and the retry)", n)
		}
		if n := len(y.Messages()) + len(x.Messages()); n != 1 {
			t.Fatalf("the citizen got %d messages, want 1", n)
		}
		ds, err := b.Log(ctx, "D-1")
		if err != nil {
			t.Fatal(err)
		}
		d := ds[0]
		if d.Status != StatusSent || d.Provider != "y" || d.ProviderMessageID != "y-1" || d.Attempts != 2 || len(d.Tries) != 3 ||
			d.Tries[0].Outcome != outcomeFailed || d.Tries[1].Outcome != "" || d.Tries[1].OutcomeLabel == "" || d.Tries[2].Provider != "y" {
			t.Fatalf("log %+v", d)
		}
		// The dead worker's late writes are fenced off by its claim token.
		if err := a.finish(ctx, c, StatusFailed, "late", "", ""); err != nil {
			t.Fatal(err)
		}
		if ds, _ := b.Log(ctx, "D-1"); ds[0].Status != StatusSent {
			t.Fatalf("a stale worker overwrote the result: %+v", ds[0])
		}
	})
}

// A worker killed after recording the attempt but before calling the
// provider: the retry sends it once.
func TestCrashBeforeTheCallSendsOnce(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &testClock{t: time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)}
		db.Now = clk.Now
		gw := smstest.Start(t)
		p := NewGateway(GatewayConfig{Name: "gw", URL: gw.URL(), Timeout: time.Second})
		a := New(Options{DB: db, SMS: []Provider{p}, Log: slog.New(slog.DiscardHandler)})
		db.InTx(ctx, func(tx *store.Tx) error {
			return a.Enqueue(ctx, tx, Message{Event: EventOTP, Key: "otp:1", Channel: ChannelSMS, To: Recipient{Phone: "0912345678"},
				Vars: Vars{Code: "123456", ValidMinutes: 5}, ValidFor: 5 * time.Minute})
		})
		c, _ := a.claim(ctx)
		a.beginAttempt(ctx, c, "gw")
		clk.Add(a.opt.Lease + time.Second)
		if ok, err := a.RunOnce(ctx); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if len(gw.Requests()) != 1 || len(gw.Messages()) != 1 {
			t.Fatalf("%d requests", len(gw.Requests()))
		}
	})
}
