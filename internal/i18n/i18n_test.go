package i18n

import (
	"net/http/httptest"
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
