package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// Both migration trees must produce the same tables, columns and nullability.
func TestSchemaParity(t *testing.T) {
	ctx := context.Background()
	lite, err := testdb.NewSQLite(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := testdb.NewPostgres(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Fatalf("schema differs (-sqlite +postgres):\n%s", diff)
	}
}

func TestSameMigrationVersions(t *testing.T) {
	a, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Version != b[i].Version || a[i].Name != b[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, a[i].Name, b[i].Name)
		}
	}
}

func TestTxCommitRollbackAndReadBack(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fixed := time.Date(2026, 11, 21, 3, 4, 5, 0, time.UTC)
		db.Now = func() time.Time { return fixed }
		// Rolled back: nothing written.
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "a", "1", store.Millis(tx.Now)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM settings WHERE key = $1`, "a").Scan(&n); err != nil || n != 0 {
			t.Fatalf("after rollback n=%d err=%v", n, err)
		}
		// Committed, with repeated and out-of-order placeholders.
		ran := false
		err = db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = true })
			_, err := tx.Exec(ctx, `INSERT INTO settings (updated_at, key, value) VALUES ($3, $1, $2)`, "b", "Đăng ký", store.Millis(tx.Now))
			return err
		})
		if err != nil || !ran {
			t.Fatalf("commit err=%v afterCommit=%v", err, ran)
		}
		var v string
		var at int64
		if err := db.QueryRow(ctx, `SELECT value, updated_at FROM settings WHERE key = $1 AND key = $1`, "b").Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		if v != "Đăng ký" || !store.Time(at).Equal(fixed) {
			t.Fatalf("got %q %v", v, store.Time(at))
		}
		// Unique violations are recognised on both databases.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, "b", "x", 0)
			return err
		})
		if !store.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
	})
}
