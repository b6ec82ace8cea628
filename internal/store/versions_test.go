package store_test

import (
	"os"
	"regexp"
	"testing"
)

// modernc.org/libc does not follow semver: it must be exactly the version
// that modernc.org/sqlite's go.mod requires, or obscure runtime bugs follow
// (shared/docs/dependencies.md §1.4). Update the table with the driver.
func TestModerncLibcMatchesSQLite(t *testing.T) {
	wantLibc := map[string]string{"v1.60.1": "v1.77.1"}
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version := func(mod string) string {
		m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(mod) + `\s+(v\S+)`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s not in go.mod", mod)
		}
		return string(m[1])
	}
	sqliteV, libcV := version("modernc.org/sqlite"), version("modernc.org/libc")
	want, known := wantLibc[sqliteV]
	if !known {
		t.Fatalf("modernc.org/sqlite %s: add its required libc version to this test", sqliteV)
	}
	if libcV != want {
		t.Fatalf("modernc.org/libc is %s, but modernc.org/sqlite %s requires %s", libcV, sqliteV, want)
	}
}
