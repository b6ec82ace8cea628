package store

import "strings"

// rebind rewrites PostgreSQL placeholders ($1, $2, …) to SQLite's numbered
// form (?1, ?2, …) outside string literals and quoted identifiers. SQLite
// would otherwise read $1 as a *named* parameter numbered by first
// appearance, which breaks repeated or out-of-order parameters
// (shared/docs/dependencies.md §2.2). Results are cached per query text.
func (db *DB) rebind(q string) string {
	if db.Dialect != SQLite || !strings.Contains(q, "$") {
		return q
	}
	if v, ok := db.rebindCache.Load(q); ok {
		return v.(string)
	}
	out := Rebind(q)
	db.rebindCache.Store(q, out)
	return out
}

// Rebind converts $N placeholders to ?N outside quotes.
func Rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			c = '?'
		}
		b.WriteByte(c)
	}
	return b.String()
}
