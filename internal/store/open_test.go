package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// A SQLite path may contain characters that are special in file: URIs
// (subtests are named "x#01"); the database must be created at exactly that
// path, with WAL mode on.
func TestOpenSQLitePathWithSpecialCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#01 b?c%d")
	path := filepath.Join(dir, "motcua.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
	var mode string
	if err := db.QueryRow(context.Background(), `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q %v", mode, err)
	}
	var n int
	if err := db.QueryRow(context.Background(), `PRAGMA synchronous`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("synchronous = %d (want 2 = FULL by default) %v", n, err)
	}
}
