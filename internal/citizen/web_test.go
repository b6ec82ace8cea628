package citizen_test

import (
	"log/slog"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/web"
)

// Every page template parses with the shared layout (NewWeb panics if not).
func TestPagesParse(t *testing.T) {
	db := testdb.NewSQLite(t)
	srv := web.NewServer(web.Options{}, db, &account.Service{DB: db}, slog.Default())
	h := citizen.NewWeb(&citizen.Service{DB: db}, nil, srv)
	if n := len(h.Pages().Names()); n < 10 {
		t.Fatalf("only %d pages", n)
	}
}
