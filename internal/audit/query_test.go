package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func TestQueryFiltersAndPages(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &agency.Service{DB: db}
		root := &agency.Agency{Code: "000.00.00.H27", Name: "UBND tỉnh", Kind: agency.KindProvince}
		if err := s.Create(ctx, audit.System, root); err != nil {
			t.Fatal(err)
		}
		xa := &agency.Agency{Code: "003.00.00.H27", Name: "UBND xã Thạch Khê", Kind: agency.KindCommune, ParentCode: root.Code}
		if err := s.Create(ctx, audit.System, xa); err != nil {
			t.Fatal(err)
		}
		other := &agency.Agency{Code: "004.00.00.H27", Name: "UBND xã Đồng Tiến", Kind: agency.KindCommune, ParentCode: root.Code}
		if err := s.Create(ctx, audit.System, other); err != nil {
			t.Fatal(err)
		}
		// seq 1–3 are the creations; add 12 entries in the commune, one
		// unscoped failed sign-in.
		for i := 0; i < 12; i++ {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return audit.Record(ctx, tx, audit.Actor{ID: 9, Name: "qt.xa", Kind: "staff"}, "user.update", "user", "cv.xa", xa.ID, nil)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return audit.Record(ctx, tx, audit.Actor{Name: "khach", Kind: "staff"}, "login.fail", "user", "khach", 0, nil)
		}); err != nil {
			t.Fatal(err)
		}

		seqs := func(es []audit.Entry) []int64 {
			var out []int64
			for _, e := range es {
				out = append(out, e.Seq)
			}
			return out
		}
		// Commune scope: its own creation and the 12 updates, newest first, paged by 5.
		es, more, err := audit.Query(ctx, db, audit.Filter{AgencyPath: xa.Path, Limit: 5})
		if err != nil || !more || len(es) != 5 || es[0].Seq != 15 || es[4].Seq != 11 {
			t.Fatalf("page 1: %v more=%v err=%v", seqs(es), more, err)
		}
		es, more, err = audit.Query(ctx, db, audit.Filter{AgencyPath: xa.Path, Limit: 5, Before: 5})
		if err != nil || more || len(es) != 2 || es[0].Seq != 4 || es[1].Seq != 2 {
			t.Fatalf("last page: %v more=%v err=%v", seqs(es), more, err)
		}
		es, more, err = audit.Query(ctx, db, audit.Filter{AgencyPath: xa.Path, Limit: 5, After: 4})
		if err != nil || !more || len(es) != 5 || es[0].Seq != 9 || es[4].Seq != 5 {
			t.Fatalf("newer page: %v more=%v err=%v", seqs(es), more, err)
		}
		// The unscoped entry is only returned when asked for.
		es, _, _ = audit.Query(ctx, db, audit.Filter{AgencyPath: root.Path, Limit: 100})
		if len(es) != 15 {
			t.Fatalf("root scope without unscoped: %d entries", len(es))
		}
		es, _, _ = audit.Query(ctx, db, audit.Filter{AgencyPath: root.Path, Unscoped: true, Limit: 100})
		if len(es) != 16 || es[0].Action != "login.fail" {
			t.Fatalf("root scope with unscoped: %d entries", len(es))
		}
		// Field filters.
		for _, tc := range []struct {
			f    audit.Filter
			want int
		}{
			{audit.Filter{Unscoped: true, Entity: "agency"}, 3},
			{audit.Filter{Unscoped: true, Entity: "agency", EntityKey: other.Code}, 1},
			{audit.Filter{Unscoped: true, Action: "user."}, 12},
			{audit.Filter{Unscoped: true, Action: "login"}, 1},
			{audit.Filter{Unscoped: true, Action: "user_"}, 0}, // LIKE wildcards are escaped
			{audit.Filter{Unscoped: true, Actor: "qt.xa"}, 12},
			{audit.Filter{Unscoped: true, From: db.Now().Add(time.Hour)}, 0},
			{audit.Filter{Unscoped: true, To: db.Now().Add(time.Hour)}, 16},
			{audit.Filter{AgencyPath: other.Path}, 1},
		} {
			tc.f.Limit = 100
			es, _, err := audit.Query(ctx, db, tc.f)
			if err != nil || len(es) != tc.want {
				t.Errorf("%+v: %d entries (want %d), %v", tc.f, len(es), tc.want, err)
			}
		}
	})
}
