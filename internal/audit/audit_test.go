package audit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func record(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return audit.Record(ctx, tx, audit.Actor{ID: 7, Name: "cv.stp", Kind: "staff"}, "agency.update", "agency", "000.00.01.H27", 1,
				map[string]any{"before": map[string]string{"name": "Sở Tư pháp"}, "after": map[string]int{"i": i}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainVerifiesAndIsAppendOnly(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, 5)
		n, err := audit.Verify(ctx, db)
		if err != nil || n != 5 {
			t.Fatalf("Verify = %d, %v", n, err)
		}
		// The triggers refuse edits and deletions.
		if _, err := db.Exec(ctx, `UPDATE audit_log SET actor = 'x' WHERE seq = 2`); err == nil {
			t.Fatal("UPDATE on audit_log must fail")
		}
		if _, err := db.Exec(ctx, `DELETE FROM audit_log WHERE seq = 2`); err == nil {
			t.Fatal("DELETE on audit_log must fail")
		}
		es, err := audit.List(ctx, db, "agency", "000.00.01.H27", 0)
		if err != nil || len(es) != 5 || es[4].PrevHash != es[3].Hash {
			t.Fatalf("List = %d entries, %v", len(es), err)
		}
	})
}

// Tampering that goes around the triggers is found, and the first broken link
// is reported.
func TestVerifyFindsTampering(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sql     []string
		wantSeq int64
	}{
		{"edit", []string{`UPDATE audit_log SET detail = '{"after":{"i":99}}' WHERE seq = 3`}, 3},
		{"delete", []string{`DELETE FROM audit_log WHERE seq = 2`}, 2},
		{"truncate tail", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := testdb.NewSQLite(t)
			ctx := context.Background()
			record(t, db, 5)
			for _, q := range append([]string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}, tc.sql...) {
				if _, err := db.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			_, err := audit.Verify(ctx, db)
			var b *audit.Break
			if !errors.As(err, &b) || b.Seq != tc.wantSeq {
				t.Fatalf("Verify err = %v, want break at #%d", err, tc.wantSeq)
			}
		})
	}
}
