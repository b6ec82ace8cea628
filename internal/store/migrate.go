package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema change. Both dialect trees carry the same
// version numbers (schema_parity_test.go checks that they produce the same
// tables and columns).
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations of the dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s: name must be NNNNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("store: duplicate migration version %d", ms[i].Version)
		}
	}
	return ms, nil
}

// Migrate applies every migration not yet recorded in schema_migrations, each
// in its own transaction. On PostgreSQL an advisory lock keeps several
// starting instances from migrating at once. It returns the versions applied.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	ms, err := Migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	if db.Dialect == Postgres {
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727274)`)
	}
	if _, err := db.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var applied []int64
	for _, m := range ms {
		err := db.InTx(ctx, func(tx *Tx) error {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, Millis(tx.Now)); err != nil {
				return err
			}
			applied = append(applied, m.Version)
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration version (0 if none).
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v *int64
	err := db.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// Columns lists "table.column nullable" for every user table, sorted; used by
// the schema parity test and by `motcua migrate --check`.
func (db *DB) Columns(ctx context.Context) ([]string, error) {
	var q string
	if db.Dialect == Postgres {
		q = `SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, column_name`
	} else {
		q = `SELECT m.name, p.name, p."notnull" = 0 AND p.pk = 0 FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name`
	}
	rows, err := db.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t, c string
		var null bool
		if err := rows.Scan(&t, &c, &null); err != nil {
			return nil, err
		}
		if strings.HasSuffix(t, "_fts") || strings.Contains(t, "_fts_") {
			continue // SQLite FTS shadow tables have no PostgreSQL twin
		}
		s := t + "." + c
		if null {
			s += " NULL"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out, rows.Err()
}
