package i18n

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestT(t *testing.T) {
	Add(map[string]string{"Tra cứu hồ sơ": "Track a dossier"})
	if got := T(EN, "Tra cứu hồ sơ"); got != "Track a dossier" {
		t.Fatalf("en = %q", got)
	}
	if got := T(VI, "Tra cứu hồ sơ"); got != "Tra cứu hồ sơ" {
		t.Fatalf("vi = %q", got)
	}
	if got := T(EN, "Chưa dịch"); got != "Chưa dịch" {
		t.Fatalf("fallback = %q", got)
	}
}

func TestFromRequest(t *testing.T) {
	r := httptest.NewRequest("GET", "/?lang=en", nil)
	if FromRequest(r) != EN {
		t.Fatal("query lang ignored")
	}
	r = httptest.NewRequest("GET", "/", nil)
	if FromRequest(r) != VI {
		t.Fatal("default must be vi")
	}
}

func TestConflicts(t *testing.T) {
	Add(map[string]string{"Khóa thử một": "Test key one", "Khóa thử hai": "Test key two"})
	Add(map[string]string{"Khóa thử một": "Test key one"}) // same English: no conflict
	for _, c := range Conflicts() {
		if c.Vietnamese == "Khóa thử một" {
			t.Fatalf("same English reported as a conflict: %v", c)
		}
	}
	Add(map[string]string{"Khóa thử hai": "Second test key"})
	var got *Conflict
	for _, c := range Conflicts() {
		if c.Vietnamese == "Khóa thử hai" {
			got = &c
		}
	}
	if got == nil || len(got.Sources) != 2 {
		t.Fatalf("conflict not reported: %+v", Conflicts())
	}
	for _, s := range got.Sources {
		if !strings.HasPrefix(s.Where, "internal/i18n/i18n_test.go:") {
			t.Errorf("source = %q, want the test file and line", s.Where)
		}
	}
	if s := got.String(); !strings.Contains(s, `"Test key two"`) || !strings.Contains(s, `"Second test key"`) {
		t.Errorf("String() = %s", s)
	}
}

func TestSprintf(t *testing.T) {
	Add(map[string]string{"Không tìm thấy cơ quan có mã thử %s.": "No agency has the test code %s."})
	if got := Sprintf(EN, "Không tìm thấy cơ quan có mã thử %s.", "X01"); got != "No agency has the test code X01." {
		t.Errorf("en = %q", got)
	}
	if got := Sprintf(VI, "Không tìm thấy cơ quan có mã thử %s.", "X01"); got != "Không tìm thấy cơ quan có mã thử X01." {
		t.Errorf("vi = %q", got)
	}
}
