package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/web"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{{0, "0 đồng"}, {50000, "50.000 đồng"}, {1250000, "1.250.000 đồng"}, {-200, "-200 đồng"}} {
		if got := web.Money(tc.in); got != tc.want {
			t.Errorf("Money(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{"/can-bo": "/can-bo", "//evil.example": "", "https://evil.example": "", "/\\evil": "", "": ""} {
		if got := web.SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorPageLanguageAndHeaders(t *testing.T) {
	e := apptest.Start(t, apptest.Options{NoDemo: true})
	c := e.Client()
	res, err := c.Get(e.URL + "/khong-co-trang-nay")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	_, body := e.Get(t, c, "/khong-co-trang-nay")
	if !strings.Contains(body, "Không tìm thấy") || !strings.Contains(body, `lang="vi"`) {
		t.Fatal("Vietnamese 404 page expected")
	}
	// ?lang=en switches and is remembered by cookie.
	_, body = e.Get(t, c, "/dang-nhap?lang=en")
	if !strings.Contains(body, "Staff sign-in") || !strings.Contains(body, `lang="en"`) {
		t.Fatal("English page expected")
	}
	_, body = e.Get(t, c, "/khong-co-trang-nay")
	if !strings.Contains(body, "Not found") {
		t.Fatal("language choice must persist")
	}
}
