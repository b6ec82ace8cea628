package citizen_test

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/textfold"
)

// seedDossier writes a dossier and its steps straight into the dossier
// module's tables (test data; the service path is covered in internal/app).
func seedDossier(t testing.TB, db *store.DB, agencyID int64, code, status, name string, steps ...string) {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO dossiers (code, status, channel, procedure_code, procedure_name, receiving_agency_id, handling_agency_id,
			applicant_kind, applicant_name, applicant_name_folded, applicant_id_number, detail, received_at, due_at, created_at, updated_at)
			VALUES ($1, $2, 'counter', '1.001193', 'Đăng ký khai sinh', $3, $3, 'person', $4, $5, '042185001234', '{}', $6, $7, $6, $6) RETURNING id`,
			code, status, agencyID, name, textfold.Fold(name), store.Millis(now), store.Millis(now.Add(72*time.Hour))).Scan(&id); err != nil {
			return err
		}
		for i, s := range steps {
			st := "pending"
			if i == 0 {
				st = "open"
			}
			if _, err := tx.Exec(ctx, `INSERT INTO dossier_steps (dossier_id, seq, name, kind, agency_id, role, status, due_at)
				VALUES ($1, $2, $3, 'process', $4, 'specialist', $5, $6)`, id, i+1, s, agencyID, st, store.Millis(now.Add(24*time.Hour))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func seedAgency(t testing.TB, db *store.DB) int64 {
	t.Helper()
	a := &agency.Agency{Code: "000.00.00.H27", Name: "Ủy ban nhân dân tỉnh Hà Tĩnh", Kind: agency.KindProvince}
	if err := (&agency.Service{DB: db}).Create(context.Background(), audit.System, a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func TestTrackingLookup(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := seedAgency(t, db)
		seedDossier(t, db, ag, "000.00.00.H27-261123-0001", "processing", "Nguyễn Thị Hường", "Thẩm định", "Phê duyệt")
		seedDossier(t, db, ag, "000.00.00.H27-261123-0002", "draft", "Lê Văn Minh")
		tr := &citizen.Tracking{DB: db, StatusText: func(s string) string { return "Đang giải quyết" }}
		v, err := tr.Lookup(ctx, " 000.00.00.H27-261123-0001 ")
		if err != nil {
			t.Fatal(err)
		}
		if v.Applicant != "N. T. H." || v.Procedure != "Đăng ký khai sinh" || len(v.Steps) != 2 || v.Steps[0].State != "open" || v.DueAt == nil {
			t.Fatalf("view %+v", v)
		}
		for _, code := range []string{"000.00.00.H27-261123-9999", "000.00.00.H27-261123-0002", "", strings.Repeat("x", 200)} {
			if _, err := tr.Lookup(ctx, code); apperr.Code(err) != apperr.CodeNotFound {
				t.Errorf("Lookup(%q) = %v, want not found", code, err)
			}
		}
		// Known and unknown codes run the same number of statements.
		before := tr.Queries()
		tr.Lookup(ctx, "000.00.00.H27-261123-0001")
		known := tr.Queries() - before
		before = tr.Queries()
		tr.Lookup(ctx, "000.00.00.H27-261123-0404")
		unknown := tr.Queries() - before
		if known != unknown || known < 1 {
			t.Fatalf("statements: known %d, unknown %d", known, unknown)
		}
	})
}

// TestTrackingTimingLoose compares the median time of known and unknown
// lookups, loosely (within a factor of 3), to catch a path that skips work.
// It never asserts an absolute time. Skipped with -short.
func TestTrackingTimingLoose(t *testing.T) {
	if testing.Short() || os.Getenv("MOTCUA_SKIP_TIMING") == "1" {
		t.Skip("timing comparison skipped with -short")
	}
	db := testdb.NewSQLite(t)
	ctx := context.Background()
	ag := seedAgency(t, db)
	for i := 0; i < 300; i++ {
		seedDossier(t, db, ag, "000.00.00.H27-261123-"+pad4(i), "processing", "Trần Văn Bình", "Thẩm định", "Phê duyệt", "Trả kết quả")
	}
	tr := &citizen.Tracking{DB: db}
	var known, unknown []time.Duration
	for i := 0; i < 600; i++ {
		code := "000.00.00.H27-261123-" + pad4(i%300)
		if i%2 == 1 {
			code = "000.00.00.H27-261124-" + pad4(i%300)
		}
		start := time.Now()
		_, err := tr.Lookup(ctx, code)
		d := time.Since(start)
		if i%2 == 0 {
			if err != nil {
				t.Fatal(err)
			}
			known = append(known, d)
		} else {
			unknown = append(unknown, d)
		}
	}
	mk, mu := median(known), median(unknown)
	t.Logf("median known %v, unknown %v", mk, mu)
	if mu*3 < mk || mk*3 < mu {
		t.Errorf("known and unknown lookups differ by more than 3×: %v vs %v", mk, mu)
	}
}

func pad4(i int) string {
	s := "000" + itoa(i)
	return s[len(s)-4:]
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	l, err := citizen.ParseRate("60/min,3")
	if err != nil || l == nil {
		t.Fatal(err)
	}
	l.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("10.0.0.1"); !ok {
			t.Fatalf("request %d refused within the burst", i)
		}
	}
	ok, wait := l.Allow("10.0.0.1")
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("4th request: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Allow("10.0.0.2"); !ok {
		t.Fatal("another client must not be limited")
	}
	now = now.Add(time.Second)
	if ok, _ := l.Allow("10.0.0.1"); !ok {
		t.Fatal("a token must come back after a second at 60/min")
	}
	for _, off := range []string{"0", "off", ""} {
		if l, err := citizen.ParseRate(off); l != nil || err != nil {
			t.Errorf("ParseRate(%q) = %v, %v", off, l, err)
		}
	}
	if _, err := citizen.ParseRate("abc/min"); err == nil {
		t.Error("bad rate accepted")
	}
}

// Many concurrent lookups on a cold Tracking (no agency names loaded yet)
// must not wait for a pooled connection while holding one (a deadlock seen
// under load with more requests than connections).
func TestTrackingConcurrentColdStart(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ag := seedAgency(t, db)
		seedDossier(t, db, ag, "000.00.00.H27-261123-0001", "processing", "Nguyễn Thị Hường", "Thẩm định")
		tr := &citizen.Tracking{DB: db}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		errs := make(chan error, 64)
		for i := 0; i < 64; i++ {
			go func() {
				_, err := tr.Lookup(ctx, "000.00.00.H27-261123-0001")
				errs <- err
			}()
		}
		for i := 0; i < 64; i++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	})
}
