// Package testdb gives tests real, migrated databases: a SQLite file in a
// temporary directory always, and a fresh PostgreSQL schema when
// MOTCUA_TEST_DATABASE_URL is set. With MOTCUA_TEST_REQUIRE_POSTGRES=1 (set by
// .ci/run) a missing PostgreSQL fails the test instead of skipping it.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/internal/store"
)

// Environment variables read by the helpers.
const (
	EnvPostgresURL     = "MOTCUA_TEST_DATABASE_URL"
	EnvRequirePostgres = "MOTCUA_TEST_REQUIRE_POSTGRES"
)

// NewSQLite returns a migrated SQLite database in t.TempDir().
func NewSQLite(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "motcua.db"), store.Options{SQLiteSynchronous: "NORMAL"})
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate sqlite: %v", err)
	}
	return db
}

// PostgresURL returns the test PostgreSQL URL, skipping (or failing when
// required) if none is configured.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvPostgresURL)
	if u == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			tb.Fatalf("%s is required (%s=1) but not set", EnvPostgresURL, EnvRequirePostgres)
		}
		tb.Skipf("PostgreSQL tests skipped: set %s", EnvPostgresURL)
	}
	return u
}

// NewPostgresDSN creates an empty schema for this test and returns a DSN whose
// search_path points at it; the schema is dropped at cleanup.
func NewPostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := store.Open(context.Background(), base, store.Options{MaxOpenConns: 2})
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", EnvPostgresURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// NewPostgres returns a migrated PostgreSQL database in a fresh schema.
func NewPostgres(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), NewPostgresDSN(tb), store.Options{MaxOpenConns: 8})
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate postgres: %v", err)
	}
	return db
}

// ForEach runs fn as a subtest on SQLite and on PostgreSQL (when configured).
func ForEach(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}
