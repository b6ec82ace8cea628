package citizen_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// outbox records what would be sent (the real outbox is the notify module's;
// the end-to-end tests in internal/app read real e-mail from smtptest).
type outbox struct {
	mu   sync.Mutex
	msgs []citizen.Outbound
}

func (o *outbox) Enqueue(ctx context.Context, tx *store.Tx, m citizen.Outbound) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	return nil
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

func (o *outbox) lastCode(t *testing.T, to string) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.msgs) - 1; i >= 0; i-- {
		if o.msgs[i].To == to {
			if !codeRE.MatchString(o.msgs[i].Code) {
				t.Fatalf("no code in %+v", o.msgs[i])
			}
			return o.msgs[i].Code
		}
	}
	t.Fatalf("no message to %s", to)
	return ""
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T, db *store.DB) (*citizen.Service, *outbox, *clock) {
	clk := &clock{t: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)}
	db.Now = clk.Now
	ob := &outbox{}
	return &citizen.Service{DB: db, Notify: ob}, ob, clk
}

func wrongCode(c string) string {
	if c == "000000" {
		return "111111"
	}
	return "000000"
}

func TestSignInWithCode(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, ob, clk := newService(t, db)
		// Bad destinations are refused with Vietnamese messages.
		for in, want := range map[string]string{"": "Vui lòng nhập", "0239 3855 000": "di động", "khong@": "thư điện tử", "+1 415 555 0100": "di động"} {
			if _, err := s.StartSignIn(ctx, in, "10.0.0.1"); !strings.Contains(apperr.Message(err), want) {
				t.Errorf("StartSignIn(%q) = %v, want %q", in, err, want)
			}
		}
		ch, err := s.StartSignIn(ctx, "+84 912 345 678", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if ch.Destination != "0912345678" || ch.Masked() != "*******678" {
			t.Fatalf("challenge %+v masked %s", ch, ch.Masked())
		}
		code := ob.lastCode(t, "0912345678")
		// Wrong code: attempt counted, message says how many are left.
		_, _, err = s.FinishSignIn(ctx, ch.ID, wrongCode(code), "10.0.0.1")
		if !strings.Contains(apperr.Message(err), "Bạn còn 4 lần thử") {
			t.Fatalf("wrong code: %v", err)
		}
		// A tampered challenge is refused.
		if _, _, err := s.FinishSignIn(ctx, ch.ID+"x", code, "10.0.0.1"); !strings.Contains(apperr.Message(err), "không đúng hoặc đã hết hạn") {
			t.Fatalf("tampered challenge: %v", err)
		}
		c, created, err := s.FinishSignIn(ctx, ch.ID, code, "10.0.0.1")
		if err != nil || !created || c.Phone != "0912345678" || !c.NotifySMS || c.NotifyEmail {
			t.Fatalf("first sign-in: %+v created=%v err=%v", c, created, err)
		}
		// The code cannot be used twice.
		if _, _, err := s.FinishSignIn(ctx, ch.ID, code, "10.0.0.1"); !strings.Contains(apperr.Message(err), "đã được sử dụng") {
			t.Fatalf("reuse: %v", err)
		}
		// Second sign-in finds the same account.
		clk.Add(time.Minute)
		ch2, err := s.StartSignIn(ctx, "0912.345.678", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		c2, created, err := s.FinishSignIn(ctx, ch2.ID, ob.lastCode(t, "0912345678"), "10.0.0.1")
		if err != nil || created || c2.ID != c.ID {
			t.Fatalf("second sign-in: %+v created=%v err=%v", c2, created, err)
		}
		// Expired code.
		ch3, err := s.StartSignIn(ctx, "An@Example.VN", "10.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		clk.Add(11 * time.Minute)
		if _, _, err := s.FinishSignIn(ctx, ch3.ID, ob.lastCode(t, "an@example.vn"), "10.0.0.2"); !strings.Contains(apperr.Message(err), "đã hết hạn") {
			t.Fatalf("expired: %v", err)
		}
	})
}

func TestCodeAttemptsAndSendLimits(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, ob, clk := newService(t, db)
		ch, err := s.StartSignIn(ctx, "0987654321", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		code := ob.lastCode(t, "0987654321")
		for i := 0; i < 5; i++ {
			s.FinishSignIn(ctx, ch.ID, wrongCode(code), "10.0.0.1")
		}
		// After 5 wrong entries even the right code is refused.
		if _, _, err := s.FinishSignIn(ctx, ch.ID, code, "10.0.0.1"); apperr.Code(err) != apperr.CodeTooMany || !strings.Contains(apperr.Message(err), "quá 5 lần") {
			t.Fatalf("after 5 attempts: %v", err)
		}
		// A new code retires the previous one.
		old, _ := s.StartSignIn(ctx, "0987654321", "10.0.0.1")
		oldCode := ob.lastCode(t, "0987654321")
		if _, err := s.StartSignIn(ctx, "0987654321", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.FinishSignIn(ctx, old.ID, oldCode, "10.0.0.1"); !strings.Contains(apperr.Message(err), "hết hạn") {
			t.Fatalf("retired code: %v", err)
		}
		// 3 codes per destination per 15 minutes.
		if _, err := s.StartSignIn(ctx, "0987654321", "10.0.0.9"); apperr.Code(err) != apperr.CodeTooMany {
			t.Fatalf("4th code in 15 min: %v", err)
		}
		clk.Add(16 * time.Minute)
		if _, err := s.StartSignIn(ctx, "0987654321", "10.0.0.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// 20 codes per client address per hour, whatever the destinations.
		for i := 0; i < 20; i++ {
			dest := "09000000" + string(rune('0'+i/10)) + string(rune('0'+i%10))
			if _, err := s.StartSignIn(ctx, dest, "10.0.0.7"); err != nil {
				t.Fatalf("code %d: %v", i, err)
			}
		}
		if _, err := s.StartSignIn(ctx, "0911111111", "10.0.0.7"); apperr.Code(err) != apperr.CodeTooMany || !strings.Contains(apperr.Message(err), "Thiết bị") {
			t.Fatalf("21st code from one client: %v", err)
		}
	})
}

func TestProfileAndContactChange(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, ob, _ := newService(t, db)
		ch, _ := s.StartSignIn(ctx, "0912345678", "10.0.0.1")
		c, _, err := s.FinishSignIn(ctx, ch.ID, ob.lastCode(t, "0912345678"), "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.UpdateProfile(ctx, c.ID, citizen.Profile{FullName: "Nguyễn Thị Hường", IDNumber: "042190001234", BirthDate: "1985-03-02", Address: "Thành Sen", NotifySMS: true})
		if f := apperr.FieldsOf(err); !strings.Contains(f["id_number"], "năm sinh") {
			t.Fatalf("ID number / birth year mismatch must be refused: %v %v", err, f)
		}
		_, err = s.UpdateProfile(ctx, c.ID, citizen.Profile{FullName: "Nguyễn Thị Hường", IDNumber: "04219", BirthDate: "1985-03-02", NotifyEmail: true})
		f := apperr.FieldsOf(err)
		if !strings.Contains(f["id_number"], "12 chữ số") || f["address"] == "" {
			t.Fatalf("fields: %v", f)
		}
		p := citizen.Profile{FullName: "  Nguyễn  Thị Hường ", IDNumber: "042 185 001 234", BirthDate: "1985-03-02", Address: "Số 5, phường Thành Sen", NotifySMS: true}
		got, err := s.UpdateProfile(ctx, c.ID, p)
		if err != nil {
			t.Fatal(err, apperr.FieldsOf(err))
		}
		if got.FullName != "Nguyễn Thị Hường" || got.IDNumber != "042185001234" || !got.ProfileComplete() {
			t.Fatalf("profile %+v", got)
		}
		// Choosing e-mail notifications without a verified e-mail is refused.
		p.NotifySMS, p.NotifyEmail = false, true
		if _, err := s.UpdateProfile(ctx, c.ID, p); apperr.FieldsOf(err)["notify"] == "" {
			t.Fatalf("email channel without address: %v", err)
		}
		// Add an e-mail address with a code.
		cc, err := s.StartContactChange(ctx, c.ID, "huong@example.vn", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		got, err = s.FinishContactChange(ctx, c.ID, cc.ID, ob.lastCode(t, "huong@example.vn"))
		if err != nil || got.Email != "huong@example.vn" || !got.NotifyEmail {
			t.Fatalf("contact change: %+v %v", got, err)
		}
		var prefs citizen.Preferences
		err = db.InTx(ctx, func(tx *store.Tx) (err error) { prefs, err = citizen.PreferencesTx(ctx, tx, c.ID); return })
		if err != nil || prefs != (citizen.Preferences{Phone: "0912345678", Email: "huong@example.vn", SMS: true, Mail: true}) {
			t.Fatalf("preferences %+v %v", prefs, err)
		}
		// Another account cannot take an address already on this one.
		ch2, _ := s.StartSignIn(ctx, "0977777777", "10.0.0.3")
		other, _, _ := s.FinishSignIn(ctx, ch2.ID, ob.lastCode(t, "0977777777"), "10.0.0.3")
		cc2, _ := s.StartContactChange(ctx, other.ID, "huong@example.vn", "10.0.0.3")
		if _, err := s.FinishContactChange(ctx, other.ID, cc2.ID, ob.lastCode(t, "huong@example.vn")); apperr.Code(err) != apperr.CodeConflict {
			t.Fatalf("address of another account: %v", err)
		}
		// A challenge of one citizen cannot be finished by another.
		cc3, _ := s.StartContactChange(ctx, c.ID, "0966666666", "10.0.0.1")
		if _, err := s.FinishContactChange(ctx, other.ID, cc3.ID, ob.lastCode(t, "0966666666")); err == nil {
			t.Fatal("foreign challenge accepted")
		}
	})
}

func TestInitialsAndChecks(t *testing.T) {
	for in, want := range map[string]string{"Nguyễn Thị Hường": "N. T. H.", "  đỗ   văn  an ": "Đ. V. A.", "": ""} {
		if got := citizen.Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"0912345678": "0912345678", "+84912345678": "0912345678", "84 912 345 678": "0912345678",
		"0239123456": "", "091234567": "", "09123456789": "", "0912a45678": "", "+1912345678": ""} {
		if got := citizen.NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct{ id, birth, want string }{
		{"042185001234", "1985-03-02", ""}, {"042085001234", "1985-03-02", ""}, {"042205001234", "2005-01-01", ""},
		{"042085001234", "2085-01-01", "năm sinh"}, {"04218500123", "", "12 chữ số"}, {"", "", "Vui lòng"},
	} {
		if got := citizen.CheckIDNumber(tc.id, tc.birth); (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
			t.Errorf("CheckIDNumber(%q, %q) = %q, want %q", tc.id, tc.birth, got, tc.want)
		}
	}
}
