package notify_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smstest"
	"github.com/motcua/motcua/internal/notify/smtptest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func gateway(name, url string, timeout time.Duration) notify.Provider {
	return notify.NewGateway(notify.GatewayConfig{Name: name, URL: url, Key: "k-" + name, Timeout: timeout})
}

func TestEmailThroughRealSMTP(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		srv := smtptest.Start(t, smtptest.Options{User: "motcua", Password: "bí mật"})
		smtp, err := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr(), From: "Bộ phận Một cửa tỉnh Hà Tĩnh <motcua@hatinh.gov.vn>",
			User: "motcua", Password: "bí mật"})
		if err != nil {
			t.Fatal(err)
		}
		svc := newService(db, notify.Options{Email: []notify.Provider{smtp}})
		enqueue(t, db, svc, received(code+":received:1", notify.Recipient{Email: "Tran.Duc@Example.vn"}))
		if n := drain(t, svc); n != 1 {
			t.Fatalf("delivered %d messages, want 1", n)
		}
		m, ok := srv.WaitFor(nil, 5*time.Second)
		if !ok {
			t.Fatal("no message reached the SMTP server")
		}
		if m.From != "motcua@hatinh.gov.vn" || len(m.To) != 1 || m.To[0] != "tran.duc@example.vn" {
			t.Fatalf("envelope %s → %v", m.From, m.To)
		}
		if want := "Hồ sơ " + code + " đã được tiếp nhận"; m.Subject != want {
			t.Fatalf("subject %q, want %q", m.Subject, want)
		}
		for _, want := range []string{"Kính gửi ông/bà Trần Văn Đức,", "UBND xã Thạch Hà đã tiếp nhận hồ sơ " + code,
			"Thủ tục: Đăng ký khai sinh", "Ngày hẹn trả kết quả: 25/11/2026.", "https://dichvucong.hatinh.gov.vn/tra-cuu/" + code} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("body lacks %q:\n%s", want, m.Body)
			}
		}
		raw := string(m.Data)
		if from, err := m.Header.AddressList("From"); err != nil || from[0].Name != "Bộ phận Một cửa tỉnh Hà Tĩnh" {
			t.Errorf("From %v %v", from, err)
		}
		for _, want := range []string{"Subject:\n =?utf-8?b?", "From:\n =?utf-8?q?", "Content-Type: text/plain; charset=utf-8",
			"Content-Transfer-Encoding: quoted-printable", "Auto-Submitted: auto-generated"} {
			if !strings.Contains(raw, want) {
				t.Errorf("raw message lacks %q:\n%s", want, raw)
			}
		}
		for _, line := range strings.Split(raw, "\n") {
			if len(line) > 78 {
				t.Errorf("line longer than 78 characters: %q", line)
			}
			for _, c := range []byte(line) {
				if c >= 0x80 {
					t.Fatalf("raw message must be 7-bit: %q", line)
				}
			}
		}
		if want := notify.MessageID(code+":received:1:email", "hatinh.gov.vn"); m.MessageID != want {
			t.Fatalf("Message-ID %q, want the stable %q", m.MessageID, want)
		}
		ds := logOf(t, svc, code)
		if len(ds) != 1 || ds[0].Status != notify.StatusSent || ds[0].Provider != "smtp" || ds[0].ProviderMessageID != m.MessageID ||
			ds[0].SentAt.IsZero() || len(ds[0].Tries) != 1 || ds[0].Tries[0].Outcome != "sent" {
			t.Fatalf("log %+v", ds)
		}
	})
}

func TestSMTPRefusalAndTemporaryFailure(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		srv := smtptest.Start(t)
		smtp, _ := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr(), From: "motcua@hatinh.gov.vn"})
		svc := newService(db, notify.Options{Email: []notify.Provider{smtp}})
		srv.Reject(451, "4.2.1 mailbox busy, try later")
		enqueue(t, db, svc, received("a", notify.Recipient{Email: "a@example.vn"}))
		drain(t, svc)
		d := logOf(t, svc, code)[0]
		if d.Status != notify.StatusQueued || !strings.Contains(d.LastError, "451") || !d.NextAttemptAt.After(clk.Now()) {
			t.Fatalf("a 4xx answer must be retried later: %+v", d)
		}
		srv.Reject(550, "5.1.1 no such user")
		clk.Set(d.NextAttemptAt)
		drain(t, svc)
		d = logOf(t, svc, code)[0]
		if d.Status != notify.StatusFailed || !strings.Contains(d.LastError, "550") || !strings.Contains(d.LastError, "no such user") || d.Attempts != 2 {
			t.Fatalf("a 5xx refusal must fail at once: %+v", d)
		}
		if len(srv.Messages()) != 0 {
			t.Fatal("nothing was accepted")
		}
	})
}

func TestSMSFailoverToSecondProvider(t *testing.T) {
	t.Parallel()
	// (Each mode in its own t.Run: store.Open cannot take a SQLite path
	// with "#", which repeated subtest names such as "sqlite#01" produce.)
	for name, mode := range map[string]smstest.Mode{"fails": smstest.Fail, "times-out": smstest.Hang} {
		t.Run(name, func(t *testing.T) { failover(t, mode) })
	}
}

func failover(t *testing.T, mode smstest.Mode) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		first, second := smstest.Start(t, smstest.Options{Name: "viettel"}), smstest.Start(t, smstest.Options{Name: "vnpt"})
		first.SetMode(mode)
		svc := newService(db, notify.Options{SMS: []notify.Provider{
			gateway("viettel", first.URL(), 300*time.Millisecond), gateway("vnpt", second.URL(), 5*time.Second)}})
		enqueue(t, db, svc, received(code+":received:1", notify.Recipient{Phone: "091 234 5678"}))
		drain(t, svc)
		got := second.Messages()
		if len(got) != 1 || got[0].To != "+84912345678" || got[0].ClientRef != code+":received:1:sms" || got[0].Key != "k-vnpt" {
			t.Fatalf("second gateway got %+v; log %+v", got, logOf(t, svc, code))
		}
		if !strings.Contains(got[0].Text, code) || !strings.Contains(got[0].Text, "25/11/2026") {
			t.Fatalf("text %q", got[0].Text)
		}
		if n, enc := notify.Segments(got[0].Text); n > notify.MaxSMSSegments || enc != got[0].Encoding || n != got[0].Segments {
			t.Fatalf("text needs %d %s segments, gateway told %d %s", n, enc, got[0].Segments, got[0].Encoding)
		}
		if len(first.Requests()) != 1 || len(first.Messages()) != 0 {
			t.Fatalf("first gateway: %d requests", len(first.Requests()))
		}
		d := logOf(t, svc, code)[0]
		wantFirst := "failed"
		if mode == smstest.Hang {
			wantFirst = "timeout"
		}
		if d.Status != notify.StatusSent || d.Provider != "vnpt" || d.ProviderMessageID != "vnpt-1" || len(d.Tries) != 2 ||
			d.Tries[0].Provider != "viettel" || d.Tries[0].Outcome != wantFirst || d.Tries[1].Outcome != "sent" {
			t.Fatalf("log %+v", d)
		}
	})
}

func TestCircuitBreakerSkipsFailingProvider(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		first, second := smstest.Start(t), smstest.Start(t)
		first.SetMode(smstest.Fail)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("a", first.URL(), time.Second), gateway("b", second.URL(), time.Second)}})
		for i := range 5 {
			enqueue(t, db, svc, notify.Message{Event: notify.EventOTP, Key: "otp:" + string(rune('a'+i)), To: notify.Recipient{Phone: "0912345678"},
				Channel: notify.ChannelSMS, Vars: notify.Vars{Code: "123456", ValidMinutes: 5}, ValidFor: 5 * time.Minute})
		}
		drain(t, svc)
		if n := len(first.Requests()); n != 3 {
			t.Fatalf("first gateway tried %d times, want 3 (then skipped)", n)
		}
		if n := len(second.Messages()); n != 5 {
			t.Fatalf("second gateway sent %d, want 5", n)
		}
		// After the cool-down the first provider is tried again.
		clk.Add(2 * time.Minute)
		first.SetMode(smstest.Succeed)
		enqueue(t, db, svc, notify.Message{Event: notify.EventOTP, Key: "otp:z", To: notify.Recipient{Phone: "0912345678"},
			Channel: notify.ChannelSMS, Vars: notify.Vars{Code: "654321", ValidMinutes: 5}})
		drain(t, svc)
		if n := len(first.Messages()); n != 1 {
			t.Fatalf("first gateway must be tried after the cool-down, sent %d", n)
		}
	})
}

func TestKeepsFailingEndsFailedWithError(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		gw := smstest.Start(t)
		gw.SetMode(smstest.Fail)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("viettel", gw.URL(), time.Second)}})
		enqueue(t, db, svc, received("k", notify.Recipient{Phone: "0912345678"}))
		var delays []time.Duration
		for i := 0; i < 100; i++ {
			if drain(t, svc) != 1 {
				t.Fatalf("attempt %d: nothing due", i+1)
			}
			d := logOf(t, svc, code)[0]
			if d.Status == notify.StatusFailed {
				break
			}
			if d.Status != notify.StatusQueued || !strings.Contains(d.LastError, "viettel: HTTP 500") {
				t.Fatalf("after attempt %d: %+v", i+1, d)
			}
			// Not due before its time.
			if drain(t, svc) != 0 {
				t.Fatal("retried before the back-off")
			}
			delays = append(delays, d.NextAttemptAt.Sub(clk.Now()))
			clk.Set(d.NextAttemptAt)
		}
		d := logOf(t, svc, code)[0]
		if d.Status != notify.StatusFailed || !strings.Contains(d.LastError, "HTTP 500") || !strings.Contains(d.LastError, "hết thời hạn") {
			t.Fatalf("final %+v", d)
		}
		if d.Attempts != len(delays)+1 || len(d.Tries) != d.Attempts {
			t.Fatalf("attempts %d, tries %d, delays %d", d.Attempts, len(d.Tries), len(delays))
		}
		// Jitter 0.5: each delay is 3/4 of min(1 min × 2^n, 1 h).
		want := []time.Duration{45 * time.Second, 90 * time.Second, 3 * time.Minute, 6 * time.Minute, 12 * time.Minute, 24 * time.Minute, 45 * time.Minute, 45 * time.Minute}
		for i, w := range want {
			if delays[i] != w {
				t.Fatalf("delay %d = %v, want %v (all: %v)", i+1, delays[i], w, delays)
			}
		}
		if total := clk.Now().Sub(t0); total > 24*time.Hour || total < 23*time.Hour {
			t.Fatalf("gave up after %v, want about 24 h", total)
		}
		if drain(t, svc) != 0 {
			t.Fatal("a failed message must not be claimed again")
		}
	})
}

// A gateway that accepted the message but whose answer was lost (timeout)
// gets the retry with the same client_ref and does not send it again.
func TestLostAnswerIsRetriedWithTheSameReference(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		gw := smstest.Start(t)
		gw.SetMode(smstest.AcceptThenHang)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("a", gw.URL(), 200*time.Millisecond)}})
		enqueue(t, db, svc, received("k", notify.Recipient{Phone: "0912345678"}))
		drain(t, svc)
		d := logOf(t, svc, code)[0]
		if d.Status != notify.StatusQueued || d.Tries[0].Outcome != "timeout" {
			t.Fatalf("%+v", d)
		}
		gw.SetMode(smstest.Succeed)
		clk.Set(d.NextAttemptAt)
		drain(t, svc)
		d = logOf(t, svc, code)[0]
		if d.Status != notify.StatusSent || len(gw.Requests()) != 2 || len(gw.Messages()) != 1 || d.ProviderMessageID != "gw-1" {
			t.Fatalf("%d requests, %d messages: %+v", len(gw.Requests()), len(gw.Messages()), d)
		}
	})
}

func TestRefusedMessageFailsAtOnce(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		a, b := smstest.Start(t), smstest.Start(t)
		a.SetMode(smstest.Refuse)
		b.SetMode(smstest.Refuse)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("a", a.URL(), time.Second), gateway("b", b.URL(), time.Second)}})
		enqueue(t, db, svc, received("k", notify.Recipient{Phone: "0912345678"}))
		drain(t, svc)
		d := logOf(t, svc, code)[0]
		if d.Status != notify.StatusFailed || d.Attempts != 1 || !strings.Contains(d.LastError, "invalid number") || len(d.Tries) != 2 {
			t.Fatalf("%+v", d)
		}
	})
}

func TestRolledBackEnqueueSendsNothing(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		gw := smstest.Start(t)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("a", gw.URL(), time.Second)}})
		boom := errors.New("the dossier change failed")
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			if err := svc.Enqueue(context.Background(), tx, received("k", notify.Recipient{Phone: "0912345678"})); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if drain(t, svc) != 0 || len(gw.Requests()) != 0 || len(logOf(t, svc, code)) != 0 {
			t.Fatal("a rolled-back enqueue must leave nothing to send")
		}
	})
}

func TestEnqueueIsIdempotentAndPicksChannels(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		svc := newService(db, notify.Options{})
		to := notify.Recipient{Email: "a@example.vn", Phone: "0912345678"}
		enqueue(t, db, svc, received(code+":received:1", to), received(code+":received:1", to))
		enqueue(t, db, svc, received(code+":received:1", to))
		ds := logOf(t, svc, code)
		if len(ds) != 2 || ds[0].Channel != notify.ChannelEmail || ds[1].Channel != notify.ChannelSMS {
			t.Fatalf("want one e-mail and one SMS, got %+v", ds)
		}
		for _, d := range ds {
			if d.Status != notify.StatusQueued || d.LastError != notify.NotConfigured(d.Channel) {
				t.Fatalf("unconfigured channel must stay queued with a note: %+v", d)
			}
		}
		if drain(t, svc) != 0 {
			t.Fatal("nothing may be claimed without providers")
		}
		// The citizen's choice, through the directory.
		svc.SetDirectory(directory{7: {Email: "c@example.vn", Phone: "0987654321", Channels: []notify.Channel{notify.ChannelSMS}}})
		enqueue(t, db, svc, received(code+":received:2", notify.Recipient{CitizenID: 7}))
		// An explicit channel wins; an invalid address is stored as failed, not dropped.
		enqueue(t, db, svc, notify.Message{Event: notify.EventResultReady, Key: code + ":result_ready:1", DossierCode: code,
			To: notify.Recipient{Phone: "02393855596"}, Channel: notify.ChannelSMS})
		ds = logOf(t, svc, code)
		if len(ds) != 4 {
			t.Fatalf("log %+v", ds)
		}
		if ds[2].Channel != notify.ChannelSMS || ds[2].To != "+84987654321" || ds[2].Key != code+":received:2:sms" {
			t.Fatalf("directory choice: %+v", ds[2])
		}
		if ds[3].Status != notify.StatusFailed || !strings.Contains(ds[3].LastError, "không hợp lệ") {
			t.Fatalf("invalid number: %+v", ds[3])
		}
		// Programming errors are errors.
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return svc.Enqueue(context.Background(), tx, notify.Message{Event: "nope", Key: "x"})
		})
		if err == nil {
			t.Fatal("unknown event accepted")
		}
	})
}

type directory map[int64]notify.Contact

func (d directory) Contact(_ context.Context, _ *store.Tx, id int64, _ notify.Event) (notify.Contact, error) {
	return d[id], nil
}

func TestOneTimeCodeIsErasedAfterDelivery(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		srv := smtptest.Start(t)
		smtp, _ := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr(), From: "motcua@hatinh.gov.vn"})
		svc := newService(db, notify.Options{Email: []notify.Provider{smtp}})
		enqueue(t, db, svc, notify.Message{Event: notify.EventOTP, Key: "otp:abc", To: notify.Recipient{Email: "a@example.vn"},
			Channel: notify.ChannelEmail, Vars: notify.Vars{Code: "482913", ValidMinutes: 10}, ValidFor: 10 * time.Minute})
		drain(t, svc)
		m, ok := srv.WaitFor(func(m smtptest.Message) bool { return strings.Contains(m.Body, "482913") }, 5*time.Second)
		if !ok || m.Subject != "Mã xác thực 482913" {
			t.Fatalf("code not delivered: %+v", srv.Messages())
		}
		if ds, _ := svc.Recent(context.Background(), notify.Filter{}); len(ds) != 1 || strings.Contains(ds[0].Body+ds[0].Subject, "482913") {
			t.Fatalf("listings must hide the code: %+v", ds)
		}
		var body, subject, vars string
		if err := db.QueryRow(context.Background(), `SELECT body, subject, vars FROM notify_messages WHERE idem_key = 'otp:abc:email'`).Scan(&body, &subject, &vars); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(body+subject+vars, "482913") {
			t.Fatalf("the code must not stay in the database: %q %q %q", subject, body, vars)
		}
	})
}

func TestExpiredMessageIsNotSent(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := newClock(db)
		svc0 := newService(db, notify.Options{}) // a process without SMS configured
		enqueue(t, db, svc0, notify.Message{Event: notify.EventOTP, Key: "otp:late", To: notify.Recipient{Phone: "0912345678"},
			Channel: notify.ChannelSMS, Vars: notify.Vars{Code: "111111", ValidMinutes: 5}, ValidFor: 5 * time.Minute})
		clk.Add(6 * time.Minute)
		gw := smstest.Start(t)
		svc := newService(db, notify.Options{SMS: []notify.Provider{gateway("a", gw.URL(), time.Second)}})
		drain(t, svc)
		var st, lastErr string
		db.QueryRow(context.Background(), `SELECT status, last_error FROM notify_messages WHERE idem_key = 'otp:late:sms'`).Scan(&st, &lastErr)
		if st != "failed" || !strings.Contains(lastErr, "Hết thời hạn") || len(gw.Requests()) != 0 {
			t.Fatalf("status %s %q, %d requests", st, lastErr, len(gw.Requests()))
		}
	})
}

// Several workers (as several processes would) share the queue: every
// message is sent exactly once.
func TestConcurrentWorkersSendEachMessageOnce(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		newClock(db)
		gw := smstest.Start(t)
		var msgs []notify.Message
		for i := range 40 {
			m := received(code+":n:"+string(rune('A'+i)), notify.Recipient{Phone: "0912345678"})
			msgs = append(msgs, m)
		}
		svcs := []*notify.Service{}
		for range 4 {
			svcs = append(svcs, newService(db, notify.Options{SMS: []notify.Provider{gateway("a", gw.URL(), 5*time.Second)}}))
		}
		enqueue(t, db, svcs[0], msgs...)
		var wg sync.WaitGroup
		for _, svc := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ok, err := svc.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if !ok {
						return
					}
				}
			}()
		}
		wg.Wait()
		if r, m := len(gw.Requests()), len(gw.Messages()); r != 40 || m != 40 {
			t.Fatalf("gateway saw %d requests for %d messages, want 40/40", r, m)
		}
		for _, d := range logOf(t, svcs[0], code) {
			if d.Status != notify.StatusSent || d.Attempts != 1 {
				t.Fatalf("%+v", d)
			}
		}
	})
}
