package store

import "testing"

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ?1 AND b = ?2"},
		{"SELECT '$1', \"x$2\" FROM t WHERE a = $10", "SELECT '$1', \"x$2\" FROM t WHERE a = ?10"},
		{"SELECT $2, $1, $2", "SELECT ?2, ?1, ?2"},
		{"SELECT 1", "SELECT 1"},
	} {
		if got := Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
