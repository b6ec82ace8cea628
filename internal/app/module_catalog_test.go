package app_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app"
)

// TestCatalogCommand exports the demo catalog with `motcua catalog export`,
// imports a broken copy (refused with its rows, nothing written) and a
// changed copy (one new version), with the progress line on stderr.
func TestCatalogCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{"MOTCUA_DATA": dir, "MOTCUA_ADMIN_PASSWORD": "Quantri@2026-test", "MOTCUA_SQLITE_SYNCHRONOUS": "NORMAL", "MOTCUA_LOG_LEVEL": "warn"}
	// run returns the exit code, stdout and stderr (the command's progress
	// and row errors go to the process's stderr, captured here).
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		saved := os.Stderr
		os.Stderr = w
		done := make(chan []byte)
		go func() { b, _ := io.ReadAll(r); done <- b }()
		code := app.Main(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
		os.Stderr = saved
		w.Close()
		return code, out.String(), errb.String() + string(<-done)
	}
	if code, _, stderr := run("seed-demo"); code != 0 {
		t.Fatalf("seed-demo = %d: %s", code, stderr)
	}
	jsonFile, xlsxFile := filepath.Join(dir, "c.json"), filepath.Join(dir, "c.xlsx")
	if code, out, stderr := run("catalog", "export", "--format", "json", jsonFile); code != 0 || !strings.Contains(out, "46 procedures") {
		t.Fatalf("export json = %d %q %s", code, out, stderr)
	}
	if code, _, stderr := run("catalog", "export", xlsxFile); code != 0 {
		t.Fatalf("export xlsx = %d %s", code, stderr)
	}
	// Re-importing the export changes nothing.
	if code, out, stderr := run("catalog", "import", xlsxFile); code != 0 || !strings.Contains(out, "0 new, 0 new versions, 46 unchanged") ||
		!strings.Contains(stderr, "46/46") {
		t.Fatalf("import xlsx = %d %q %q", code, out, stderr)
	}
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(b), `"name": "Đăng ký khai sinh"`, `"name": ""`, 1)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(broken), 0o644)
	code, _, stderr := run("catalog", "import", bad)
	if code == 0 || !strings.Contains(stderr, "(mã 1.001193), cột “name”: Vui lòng nhập tên thủ tục.") || !strings.Contains(stderr, "nothing imported") {
		t.Fatalf("bad import = %d %s", code, stderr)
	}
	// A file that cannot be read: its reason in Vietnamese, as before.
	wrong := filepath.Join(dir, "c.csv")
	os.WriteFile(wrong, []byte("a,b"), 0o644)
	if code, _, stderr := run("catalog", "import", wrong); code == 0 || !strings.Contains(stderr, "motcua: "+wrong+": tệp phải có đuôi .json hoặc .xlsx\n") {
		t.Fatalf("csv import = %d %q", code, stderr)
	}
	changed := strings.Replace(string(b), `"name": "Đăng ký khai sinh"`, `"name": "Đăng ký khai sinh (mới)"`, 1)
	changed = strings.Replace(changed, `"effective_from": "2025-07-01"`, `"effective_from": "2026-01-01"`, 1)
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(changed), 0o644)
	if code, out, stderr := run("catalog", "import", good); code != 0 || !strings.Contains(out, "1 new versions, 45 unchanged") {
		t.Fatalf("import = %d %q %s", code, out, stderr)
	}
	if code, _, _ := run("catalog", "export", "--format", "csv", filepath.Join(dir, "x.csv")); code == 0 {
		t.Fatal("csv export accepted")
	}
	if code, _, _ := run("catalog"); code == 0 {
		t.Fatal("usage not reported")
	}
}
