package dossier_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// Concurrent writes are committed in groups; a write that fails inside a
// group is rolled back alone (savepoint) and the others are kept.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		p := f.user(officerTS)
		before := f.counts()
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := f.intakeInput(procReregBirth)
				in.Applicant.Name = fmt.Sprintf("Người thứ %d", i)
				if i%2 == 1 {
					// Fails inside the transaction: a file nobody uploaded.
					in.Documents[0].Files = []string{strings.Repeat(fmt.Sprintf("%02x", i), 32)}
				}
				_, errs[i] = f.svc.Intake(ctx, p, in, fmt.Sprint("g-", i))
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if i%2 == 0 && err != nil {
				t.Errorf("good write %d: %v", i, err)
			}
			if i%2 == 1 && apperr.Code(err) != apperr.CodeUnprocessable {
				t.Errorf("bad write %d: %v", i, err)
			}
		}
		after := f.counts()
		if got := after["dossiers"] - before["dossiers"]; got != 20 {
			t.Fatalf("%d dossiers, want 20", got)
		}
		if got := after["dossier_idempotency"] - before["dossier_idempotency"]; got != 20 {
			t.Fatalf("%d keys, want 20", got)
		}
		var codes, books int
		db.QueryRow(ctx, `SELECT COUNT(DISTINCT code), MAX(book_no) FROM dossiers`).Scan(&codes, &books)
		if codes != after["dossiers"] || books != after["dossiers"] {
			t.Fatalf("codes %d, last book number %d for %d dossiers (numbers of failed writes must be given back)", codes, books, after["dossiers"])
		}
		if n, err := audit.Verify(ctx, db); err != nil {
			t.Fatalf("audit after %d: %v", n, err)
		}
		if got := len(f.events("received")); got != 20 {
			t.Fatalf("%d notifications, want 20", got)
		}
		batches, writes := f.svc.WriteStats()
		t.Logf("%d writes in %d transactions", writes, batches)
	})
}
