// Package store is the database infrastructure shared by every feature: it
// opens SQLite (pure Go, modernc) or PostgreSQL (pgx) from one DSN, runs the
// embedded migrations of both dialects, and offers write transactions that
// are IMMEDIATE on SQLite (shared/docs/dependencies.md §1.3).
//
// Queries are written once with PostgreSQL-style $N placeholders in the
// portable subset of SQL; on SQLite they are rewritten to ?N (rebind.go).
// Times are stored as BIGINT milliseconds since the Unix epoch in UTC (Millis,
// Time), booleans as BOOLEAN (PostgreSQL) / INTEGER (SQLite) and compared only
// through parameters or bare column truth, JSON as TEXT.
//
// Feature packages own their SQL (a repository per feature) and use only this
// package's DB and Tx; store imports no feature package.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the SQL dialect of a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tune Open.
type Options struct {
	// SQLiteSynchronous is the SQLite synchronous pragma: FULL (default:
	// these are government records, an acknowledged write must survive a
	// power cut) or NORMAL.
	SQLiteSynchronous string
	// MaxOpenConns for PostgreSQL and for the SQLite read pool (default 4×CPU).
	MaxOpenConns int
}

// DB is a database handle with a write path and a read path. On SQLite the
// write pool has a single connection, so writers queue in Go instead of
// failing with SQLITE_BUSY; reads use a separate pool (WAL lets them run
// beside the writer). On PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// Now is the clock every stored timestamp comes from. Tests replace it.
	Now func() time.Time

	rebindCache sync.Map
	stmts       sync.Map // query text → *sql.Stmt on the read pool
	nstmts      atomic.Int32
}

// maxStmts bounds the prepared-statement cache: queries built from filters
// could otherwise grow it without limit; past the bound they run unprepared.
const maxStmts = 1000

// IsPostgresDSN reports whether dsn selects PostgreSQL.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a postgres:// URL, or a path to a
// SQLite file (created with its directory if missing).
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	if opt.MaxOpenConns <= 0 {
		opt.MaxOpenConns = 4 * runtime.NumCPU()
	}
	db := &DB{Now: time.Now}
	if IsPostgresDSN(dsn) {
		db.Dialect = Postgres
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		pool.SetMaxOpenConns(opt.MaxOpenConns)
		pool.SetMaxIdleConns(opt.MaxOpenConns)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = pool, pool
	} else {
		db.Dialect = SQLite
		sync := strings.ToUpper(opt.SQLiteSynchronous)
		if sync == "" {
			sync = "FULL"
		}
		if sync != "FULL" && sync != "NORMAL" && sync != "EXTRA" {
			return nil, fmt.Errorf("store: synchronous must be FULL, NORMAL or EXTRA, not %q", opt.SQLiteSynchronous)
		}
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create data directory: %w", err)
			}
		}
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+sync+")")
		q.Add("_pragma", "foreign_keys(ON)")
		q.Set("_txlock", "immediate")
		// The path is percent-encoded: a '?' or '#' in it would otherwise
		// end the path of the file: URI and open a different file.
		path := (&url.URL{Path: dsn}).EscapedPath()
		w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		q.Set("_txlock", "deferred")
		// Readers map the database file (256 MiB) instead of copying pages.
		q.Add("_pragma", "mmap_size(268435456)")
		r, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		r.SetMaxOpenConns(opt.MaxOpenConns)
		r.SetMaxIdleConns(opt.MaxOpenConns)
		db.write, db.read = w, r
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the cached statements and both pools.
func (db *DB) Close() error {
	db.stmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		db.stmts.Delete(k)
		return true
	})
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers (used by /readyz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Exec runs a statement outside an explicit transaction on the write path.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.rebind(q), args...)
}

// Query runs a read query on the read path, as a cached prepared statement.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := db.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, db.rebind(q), args...)
}

// QueryRow runs a single-row read query on the read path, as a cached
// prepared statement.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := db.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, db.rebind(q), args...)
}

// stmt returns the cached prepared statement for q, preparing it on first
// use; nil when the cache is full or preparation fails (the caller then runs
// the query unprepared and reports any error itself). Preparing once saves
// SQLite from parsing the statement on every call (measured: a tracking
// lookup on 1 M dossiers went from 132 µs to 67 µs).
func (db *DB) stmt(ctx context.Context, q string) *sql.Stmt {
	if v, ok := db.stmts.Load(q); ok {
		return v.(*sql.Stmt)
	}
	if db.nstmts.Load() >= maxStmts {
		return nil
	}
	st, err := db.read.PrepareContext(context.WithoutCancel(ctx), db.rebind(q))
	if err != nil {
		return nil
	}
	if v, loaded := db.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return v.(*sql.Stmt)
	}
	db.nstmts.Add(1)
	return st
}

// Tx is a write transaction. Now is the transaction's timestamp: every row
// it writes carries the same instant.
type Tx struct {
	tx          *sql.Tx
	db          *DB
	Now         time.Time
	afterCommit []func()
}

// Dialect returns the database dialect.
func (tx *Tx) Dialect() Dialect { return tx.db.Dialect }

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(q), args...)
}

// QueryRow runs a single-row query in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

// AfterCommit registers fn to run once the transaction has committed (e.g. to
// wake a worker or drop a cache). It does not run on rollback.
func (tx *Tx) AfterCommit(fn func()) { tx.afterCommit = append(tx.afterCommit, fn) }

// InTx runs fn in a write transaction (BEGIN IMMEDIATE on SQLite) and commits
// when fn returns nil. A panic or error rolls back.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db, Now: db.Now().UTC()}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// Millis converts t to stored milliseconds (UTC epoch). The zero time is 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time converts stored milliseconds back to a UTC time; 0 is the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// NullMillis converts t to a nullable stored value (NULL for the zero time).
func NullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// NullTime converts a nullable stored value to a time (zero for NULL).
func NullTime(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return Time(n.Int64)
}

// IsUniqueViolation reports whether err is a unique-constraint violation on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Like escapes s for use inside a LIKE pattern with ESCAPE '\'.
func Like(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
