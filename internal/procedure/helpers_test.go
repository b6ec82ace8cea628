package procedure_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
)

// testNow is the clock of the catalog tests: 10/3/2026 09:00 in Hà Nội time.
var testNow = time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)

// newService returns a service over db with the demo agencies loaded and, when
// withCatalog, the demo catalog imported.
func newService(t testing.TB, db *store.DB, withCatalog bool) *procedure.Service {
	t.Helper()
	ctx := context.Background()
	db.Now = func() time.Time { return testNow }
	if _, err := demo.SeedAgenciesAndUsers(ctx, db, "Motcua@2026", nil); err != nil {
		t.Fatalf("seed agencies: %v", err)
	}
	s := &procedure.Service{DB: db, Files: &procedure.FileStore{Dir: t.TempDir()}}
	if withCatalog {
		rep := importDemo(t, s)
		if rep.Created != 46 {
			t.Fatalf("demo import created %d procedures, want 46", rep.Created)
		}
	}
	return s
}

func demoJSON(t testing.TB) []byte {
	t.Helper()
	b, err := demo.Files.ReadFile("data/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func importDemo(t testing.TB, s *procedure.Service) *procedure.ImportReport {
	t.Helper()
	b, err := procedure.DecodeJSON(demoJSON(t))
	if err != nil {
		t.Fatalf("decode demo catalog: %v", err)
	}
	rep, err := s.Import(context.Background(), audit.System, b, procedure.ImportOptions{Source: "catalog.json"})
	if err != nil {
		t.Fatalf("import demo catalog: %v %v", err, rep.Errors)
	}
	return rep
}

var admin = audit.Actor{ID: 1, Name: "admin", Kind: "staff"}
