package procedure_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func at(date string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" 10:00", procedure.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func TestVersioningInForceAndRetire(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		const code = "1.001193"
		v1, err := s.InForce(ctx, code, at("2026-03-10"))
		if err != nil {
			t.Fatal(err)
		}
		if v1.Version != 1 || v1.Name != "Đăng ký khai sinh" || v1.EffectiveFrom != "2025-07-01" || len(v1.Documents) != 8 || len(v1.Fees) != 3 {
			t.Fatalf("v1 = %+v", v1)
		}
		if v1.Documents[0].ID == 0 || v1.Documents[2].Required != procedure.Conditional {
			t.Fatalf("documents = %+v", v1.Documents)
		}
		// Before the first version: nothing in force.
		if _, err := s.InForce(ctx, code, at("2025-06-30")); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("before v1: err = %v", err)
		}

		// An edit scheduled for 2026-04-01 is version 2; v1 stays in force until then.
		edit := *v1
		edit.Fees = append([]procedure.Fee(nil), v1.Fees...)
		edit.Fees[1].Amount = 15000
		edit.EffectiveFrom = "2026-04-01"
		changed, err := s.Update(ctx, admin, code, &edit, 1)
		if err != nil || !changed {
			t.Fatalf("update: changed=%v err=%v %v", changed, err, apperr.FieldsOf(err))
		}
		for _, tc := range []struct {
			date    string
			version int
		}{{"2025-07-01", 1}, {"2026-03-31", 1}, {"2026-04-01", 2}, {"2030-01-01", 2}} {
			p, err := s.InForce(ctx, code, at(tc.date))
			if err != nil || p.Version != tc.version {
				t.Fatalf("in force on %s: %v %v, want version %d", tc.date, p, err, tc.version)
			}
		}
		// The dossier module reads the stored version back by id.
		back, err := s.Version(ctx, v1.VersionID)
		if err != nil || back.Fees[1].Amount != 10000 || back.EffectiveUntil != "2026-04-01" {
			t.Fatalf("version by id = %+v %v", back, err)
		}

		// Same content again: no version. Stale base version: conflict.
		if changed, err := s.Update(ctx, admin, code, &edit, 2); err != nil || changed {
			t.Fatalf("unchanged update: changed=%v err=%v", changed, err)
		}
		edit.Name = "Đăng ký khai sinh (sửa)"
		if _, err := s.Update(ctx, admin, code, &edit, 1); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("stale edit: err = %v", err)
		}
		// A date before the newest version's is refused with a field error.
		edit.EffectiveFrom = "2026-03-15"
		_, err = s.Update(ctx, admin, code, &edit, 2)
		if f := apperr.FieldsOf(err); f["effective_from"] == "" {
			t.Fatalf("earlier date: err = %v", err)
		}

		// Retire from 2026-06-01.
		if err := s.Retire(ctx, admin, code, "2026-06-01", "Bãi bỏ thử"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InForce(ctx, code, at("2026-06-01")); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("after retirement: err = %v", err)
		}
		if p, err := s.InForce(ctx, code, at("2026-05-31")); err != nil || p.Version != 2 {
			t.Fatalf("before retirement: %v %v", p, err)
		}
		if err := s.Retire(ctx, admin, code, "2026-07-01", ""); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("second retirement: err = %v", err)
		}
		// An edit reinstates it (version 3 from 2026-08-01).
		edit.EffectiveFrom = "2026-08-01"
		if changed, err := s.Update(ctx, admin, code, &edit, 2); err != nil || !changed {
			t.Fatalf("reinstate: %v %v", changed, err)
		}
		if _, err := s.InForce(ctx, code, at("2026-07-01")); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("gap: err = %v", err)
		}
		if p, err := s.InForce(ctx, code, at("2026-08-01")); err != nil || p.Version != 3 || p.Name != "Đăng ký khai sinh (sửa)" {
			t.Fatalf("v3: %v %v", p, err)
		}
		hist, err := s.History(ctx, code)
		if err != nil || len(hist) != 3 || hist[0].Version != 3 || hist[2].EffectiveUntil != "2026-04-01" || hist[1].EffectiveUntil != "2026-06-01" {
			t.Fatalf("history = %+v %v", hist, err)
		}
		// Every change is audited and the chain verifies.
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'procedure' AND entity_key = $1`, code).Scan(&n); err != nil || n != 3 {
			t.Fatalf("audit entries = %d %v", n, err)
		}
		if _, err := audit.Verify(ctx, db); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCreateValidationChangesNothing(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		p := &procedure.Procedure{
			Code: "9.000001", Field: "HT", Level: procedure.LevelCommune, HandlingAgency: procedure.AtCommune,
			ReceivingAgencies: []string{"@commune_center", "000.00.10.H27"}, TimeLimit: procedure.TimeLimit{Value: 3, Unit: procedure.WorkingDays},
			OnlineLevel: procedure.OnlineFull, EffectiveFrom: "2026-03-10", Result: procedure.Result{Name: "Giấy xác nhận"},
			Documents: []procedure.Document{{Name: "Tờ khai", Originals: 0, Copies: 0, Required: procedure.Conditional}},
			Fees:      []procedure.Fee{{Kind: "thue", Name: "Lệ phí", Amount: -1}},
		}
		err := s.Create(ctx, admin, p)
		got := apperr.FieldsOf(err)
		for _, k := range []string{"name", "receiving_agencies", "doc_0_condition", "fee_0_kind", "fee_0_amount"} {
			if got[k] == "" {
				t.Errorf("missing error for %s; got %v", k, got)
			}
		}
		if _, err := s.Latest(ctx, "9.000001"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("invalid procedure was saved: %v", err)
		}
		p.Name, p.ReceivingAgencies = "Thủ tục thử", []string{"@commune_center"}
		p.Documents[0] = procedure.Document{Name: "Tờ khai", Originals: 1, Required: procedure.Mandatory}
		p.Fees[0] = procedure.Fee{Kind: procedure.FeeCharge, Name: "Lệ phí", Amount: 0}
		if err := s.Create(ctx, admin, p); err != nil {
			t.Fatalf("create: %v %v", err, apperr.FieldsOf(err))
		}
		if err := s.Create(ctx, admin, p); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("duplicate code: %v", err)
		}
	})
}

func TestDemoReimportIsUnchangedAndExportRoundTrips(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db, true)
		rep := importDemo(t, s)
		if rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 46 || rep.FieldsCreated != 0 {
			t.Fatalf("re-import = %+v", rep)
		}
	})
}

func TestFieldsCountAndRename(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		fs, err := s.Fields(ctx)
		if err != nil || len(fs) != 11 {
			t.Fatalf("fields = %v %v", fs, err)
		}
		total := 0
		for _, f := range fs {
			total += f.Count
		}
		if total != 46 {
			t.Fatalf("field counts sum to %d", total)
		}
		// Vietnamese order: "Bảo trợ xã hội" before "Chứng thực" before "Đăng ký, …" before "Đất đai" before "Giao thông".
		var names []string
		for _, f := range fs {
			names = append(names, f.Name)
		}
		if names[0] != "Bảo trợ xã hội" {
			t.Fatalf("order = %v", names)
		}
		if err := s.UpdateField(ctx, admin, &procedure.Field{Code: "HT", Name: "Hộ tịch (đổi tên)"}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, procedure.Query{Text: "doi ten khai sinh"})
		if err != nil || res.Total == 0 || res.Items[0].FieldName != "Hộ tịch (đổi tên)" {
			t.Fatalf("search by renamed field: %+v %v", res, err)
		}
		err = s.CreateField(ctx, admin, &procedure.Field{Code: "hT", Name: "Trùng"})
		if !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("duplicate field: %v", err)
		}
		if err := s.CreateField(ctx, admin, &procedure.Field{Code: "h", Name: ""}); len(apperr.FieldsOf(err)) != 2 {
			t.Fatalf("invalid field: %v", err)
		}
	})
}

func TestTimeWords(t *testing.T) {
	for _, tc := range []struct {
		tl        procedure.TimeLimit
		immediate bool
		vi, en    string
	}{
		{procedure.TimeLimit{Value: 5, Unit: procedure.WorkingDays}, false, "05 ngày làm việc", "5 working days"},
		{procedure.TimeLimit{Value: 15, Unit: procedure.Days}, false, "15 ngày", "15 days"},
		{procedure.TimeLimit{Value: 1, Unit: procedure.WorkingHours}, false, "01 giờ làm việc", "1 working hour"},
		{procedure.TimeLimit{Value: 2, Unit: procedure.Months}, false, "02 tháng", "2 months"},
		{procedure.TimeLimit{Value: 0, Unit: procedure.WorkingDays}, true, "Trong ngày", "Same day"},
	} {
		if got := tc.tl.Words(tc.immediate, "vi"); got != tc.vi {
			t.Errorf("vi %v = %q, want %q", tc.tl, got, tc.vi)
		}
		if got := tc.tl.Words(tc.immediate, "en"); got != tc.en {
			t.Errorf("en %v = %q, want %q", tc.tl, got, tc.en)
		}
	}
}
