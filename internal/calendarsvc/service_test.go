package calendarsvc_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

var admin = audit.Actor{ID: 1, Name: "admin", Kind: "staff"}

// newService returns a seeded service whose clock is 21/11/2026.
func newService(t *testing.T, db *store.DB) *calendarsvc.Service {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC) }
	s := calendarsvc.New(db)
	added, err := s.Seed(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 3 {
		t.Fatalf("Seed added %v, want 2024–2026", added)
	}
	return s
}

func auditActions(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT action, entity_key FROM audit_log WHERE entity = 'calendar_year' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, k string
		rows.Scan(&a, &k)
		out = append(out, a+" "+k)
	}
	return out
}

func TestSeedAndFor(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db)
		// A second seed adds nothing.
		if added, err := s.Seed(ctx); err != nil || len(added) != 0 {
			t.Fatalf("second Seed = %v, %v", added, err)
		}
		y, err := s.Year(ctx, 2025)
		if err != nil || !y.Official || len(y.DaysOff) != 12 || len(y.ExtraWorkingDays) != 1 {
			t.Fatalf("Year(2025) = %+v, %v", y, err)
		}
		if p, _ := s.Year(ctx, 2027); p.Official {
			t.Error("2027 should be a proposal")
		}
		c, err := s.For(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		// The window is 2023–2029 around 2026 (2023 and 2027–2029 proposed).
		if from, to := c.Range(); from != 2023 || to != 2029 {
			t.Errorf("Range = %d–%d", from, to)
		}
		if ok, _ := c.IsWorkingDay(calendar.NewDate(2025, 4, 26)); !ok {
			t.Error("26/4/2025 is a swapped working Saturday")
		}
		// The same office hours, written differently, share a calendar.
		c2, _ := s.For(ctx, "Mon-Fri 07:30-11:30, 13:00-17:00")
		if c2 != c {
			t.Error("calendars for equal office hours are not shared")
		}
		if _, err := s.For(ctx, "Mon-Fri 25:00-26:00"); !apperr.Is(err, apperr.CodeInvalid) {
			t.Errorf("bad hours: %v", err)
		}
		if got := auditActions(t, db); strings.Join(got, ",") != "calendar.seed 2024,calendar.seed 2025,calendar.seed 2026" {
			t.Errorf("audit = %v", got)
		}
	})
}

func TestEditYearAndCacheRebuild(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db)
		before, _ := s.For(ctx, "")
		// 23/11/2026 (Monday before Ngày Văn hóa Việt Nam) becomes a day off
		// in exchange for Saturday 28/11/2026.
		off := calendar.Day{Date: calendar.NewDate(2026, 11, 23), Name: "Nghỉ hoán đổi (làm bù thứ Bảy 28/11/2026)", Kind: calendar.KindSwapOff, Basis: "Thông báo (giả định trong kiểm thử)"}
		if err := s.AddDay(ctx, admin, off, false); err != nil {
			t.Fatal(err)
		}
		work := calendar.Day{Date: calendar.NewDate(2026, 11, 28), Name: "Làm bù cho ngày nghỉ 23/11/2026", Basis: "x"}
		if err := s.AddDay(ctx, admin, work, true); err != nil {
			t.Fatal(err)
		}
		after, _ := s.For(ctx, "")
		if after == before {
			t.Fatal("the calendar was not rebuilt after the change")
		}
		if ok, _ := after.IsWorkingDay(calendar.NewDate(2026, 11, 23)); ok {
			t.Error("23/11/2026 should now be off")
		}
		if ok, _ := after.IsWorkingDay(calendar.NewDate(2026, 11, 28)); !ok {
			t.Error("28/11/2026 should now be worked")
		}
		// Errors: duplicate date, a weekday as an extra working day, a year
		// that is not stored.
		if err := s.AddDay(ctx, admin, off, false); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("duplicate: %v", err)
		}
		bad := calendar.Day{Date: calendar.NewDate(2026, 11, 26), Name: "Thứ Năm", Basis: ""}
		if err := s.AddDay(ctx, admin, bad, true); !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.FieldsOf(err)["day"], "thứ Bảy hoặc Chủ nhật") {
			t.Errorf("weekday worked: %v %v", err, apperr.FieldsOf(err))
		}
		if err := s.AddDay(ctx, admin, calendar.Day{Date: calendar.NewDate(2027, 1, 4), Name: "x", Kind: calendar.KindBridge}, false); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("year not stored: %v", err)
		}
		if err := s.RemoveDay(ctx, admin, calendar.NewDate(2026, 11, 28)); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveDay(ctx, admin, calendar.NewDate(2026, 11, 27)); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("remove unknown: %v", err)
		}
		// Create 2027 from the proposal, mark it official, then delete it.
		if err := s.CreateYear(ctx, admin, 2027); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateYear(ctx, admin, 2027); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("create twice: %v", err)
		}
		if err := s.SetStatus(ctx, admin, 2027, true, "Thông báo …/TB-BNV"); err != nil {
			t.Fatal(err)
		}
		y27, ok, _ := s.StoredYear(ctx, 2027)
		if !ok || !y27.Official || y27.Note != "Thông báo …/TB-BNV" || len(y27.DaysOff) != 15 {
			t.Errorf("2027 = %+v", y27)
		}
		if err := s.DeleteYear(ctx, admin, 2027); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.StoredYear(ctx, 2027); ok {
			t.Error("2027 still stored")
		}
		want := "calendar.seed 2024,calendar.seed 2025,calendar.seed 2026,calendar.day_add 2026,calendar.day_add 2026,calendar.day_remove 2026,calendar.year_create 2027,calendar.year_status 2027,calendar.year_delete 2027"
		if got := strings.Join(auditActions(t, db), ","); got != want {
			t.Errorf("audit:\n got %s\nwant %s", got, want)
		}
		// The audit detail carries the day.
		var detail string
		db.QueryRow(ctx, `SELECT detail FROM audit_log WHERE action = 'calendar.day_remove'`).Scan(&detail)
		var d struct{ Day calendar.Day }
		if err := json.Unmarshal([]byte(detail), &d); err != nil || d.Day.Date != calendar.NewDate(2026, 11, 28) {
			t.Errorf("detail %s: %v", detail, err)
		}
		// A deleted seeded year is not seeded again.
		if err := s.DeleteYear(ctx, admin, 2024); err != nil {
			t.Fatal(err)
		}
		if added, _ := s.Seed(ctx); len(added) != 0 {
			t.Errorf("Seed restored %v", added)
		}
	})
}

func TestImportReplacesAtomically(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db)
		y25, _ := s.Year(ctx, 2025)
		y25.DaysOff = y25.DaysOff[:1]
		p28, _ := calendar.Propose(2028)
		if err := s.Import(ctx, admin, []calendar.Year{y25, p28}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Year(ctx, 2025)
		if len(got.DaysOff) != 1 {
			t.Errorf("2025 days off = %d", len(got.DaysOff))
		}
		if _, ok, _ := s.StoredYear(ctx, 2028); !ok {
			t.Error("2028 not stored")
		}
		// A bad second year rolls the whole import back.
		bad := calendar.Year{Year: 2029, DaysOff: []calendar.Day{{Date: calendar.NewDate(2030, 1, 1), Name: "x", Kind: calendar.KindHoliday}}}
		full, _ := calendar.Official(2025)
		err := s.Import(ctx, admin, []calendar.Year{full, bad})
		if !apperr.Is(err, apperr.CodeInvalid) || !strings.Contains(apperr.Message(err), "Năm 2029") {
			t.Errorf("bad import: %v", err)
		}
		if got, _ := s.Year(ctx, 2025); len(got.DaysOff) != 1 {
			t.Error("a failed import changed 2025")
		}
		info, err := s.Overview(ctx)
		if err != nil || len(info) != 7 || info[0].Year != 2029 || !info[1].Stored || info[1].Year != 2028 {
			t.Errorf("Overview = %+v, %v", info, err)
		}
	})
}

// Another process's change is seen after PollEvery.
func TestOtherProcessChange(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s1 := newService(t, db)
		s2 := calendarsvc.New(db)
		s2.PollEvery = 0 // check at every call
		c1, _ := s2.For(ctx, "")
		if err := s1.AddDay(ctx, admin, calendar.Day{Date: calendar.NewDate(2026, 12, 31), Name: "Nghỉ thêm", Kind: calendar.KindBridge, Basis: "x"}, false); err != nil {
			t.Fatal(err)
		}
		c2, _ := s2.For(ctx, "")
		if c1 == c2 {
			t.Fatal("s2 did not notice the change")
		}
		if ok, _ := c2.IsWorkingDay(calendar.NewDate(2026, 12, 31)); ok {
			t.Error("31/12/2026 should be off")
		}
	})
}
