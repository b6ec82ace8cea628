package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
)

func TestHealthReadyMetrics(t *testing.T) {
	e := apptest.Start(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if st, _ := e.Get(t, nil, p); st != http.StatusOK {
			t.Errorf("%s = %d", p, st)
		}
	}
	e.Get(t, nil, "/dang-nhap")
	st, body := e.Get(t, nil, "/metrics")
	if st != http.StatusOK || !strings.Contains(body, `route="GET /dang-nhap"`) {
		t.Fatalf("metrics must be labelled by route pattern; got %d", st)
	}
	if strings.Contains(body, `route="/dang-nhap"`) {
		t.Fatal("raw paths must not be metric labels")
	}
}

func TestStaffLoginLogoutAndPasswordChange(t *testing.T) {
	e := apptest.Start(t)
	// Wrong password: the form is shown again with a Vietnamese message.
	st, _, body := e.Post(t, nil, "/dang-nhap", url.Values{"username": {"admin"}, "password": {"sai-mat-khau"}})
	if st != http.StatusUnauthorized || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng") {
		t.Fatalf("bad login: %d", st)
	}
	// Anonymous staff page redirects to sign-in.
	if st, _ := e.Get(t, nil, "/can-bo"); st != http.StatusSeeOther {
		t.Fatalf("anonymous /can-bo = %d, want 303", st)
	}
	c := e.Login(t, "admin", "")
	st, body = e.Get(t, c, "/can-bo")
	if st != http.StatusOK || !strings.Contains(body, "Quản trị hệ thống") {
		t.Fatalf("/can-bo = %d", st)
	}
	// Change password: mismatch refused, then success ends other sessions.
	other := e.Login(t, "admin", "")
	st, _, body = e.Post(t, c, "/tai-khoan/mat-khau", url.Values{"current_password": {apptest.AdminPassword}, "new_password": {"MatKhauMoi@2026"}, "new_password_again": {"khac"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "không khớp") {
		t.Fatalf("mismatch = %d", st)
	}
	st, _, body = e.Post(t, c, "/tai-khoan/mat-khau", url.Values{"current_password": {apptest.AdminPassword}, "new_password": {"MatKhauMoi@2026"}, "new_password_again": {"MatKhauMoi@2026"}})
	if st != http.StatusOK || !strings.Contains(body, "Đã đổi mật khẩu") {
		t.Fatalf("change = %d", st)
	}
	if st, _ := e.Get(t, other, "/can-bo"); st != http.StatusSeeOther {
		t.Fatalf("other session must be ended, got %d", st)
	}
	if st, _ := e.Get(t, c, "/can-bo"); st != http.StatusOK {
		t.Fatalf("own session must survive, got %d", st)
	}
	// Logout.
	if st, _, _ := e.Post(t, c, "/dang-xuat", nil); st != http.StatusSeeOther {
		t.Fatalf("logout = %d", st)
	}
	if st, _ := e.Get(t, c, "/can-bo"); st != http.StatusSeeOther {
		t.Fatalf("after logout = %d", st)
	}
	// Every change is in the audit log and the chain verifies.
	n, err := audit.Verify(context.Background(), e.App.DB)
	if err != nil || n == 0 {
		t.Fatalf("audit verify: %d %v", n, err)
	}
}

func TestAPILoginAndErrors(t *testing.T) {
	e := apptest.Start(t)
	var errBody struct {
		Error struct{ Code, Message string }
	}
	if st := e.JSON(t, "POST", "/api/v1/login", "", map[string]string{"username": "admin", "password": "x"}, &errBody); st != 401 || errBody.Error.Code != "unauthorized" {
		t.Fatalf("bad api login = %d %+v", st, errBody)
	}
	if st := e.JSON(t, "POST", "/api/v1/login", "", "{", &errBody); st != 400 || !strings.Contains(errBody.Error.Message, "JSON") {
		t.Fatalf("malformed = %d %+v", st, errBody)
	}
	if st := e.JSON(t, "GET", "/api/v1/me", "", nil, &errBody); st != 401 {
		t.Fatalf("anonymous me = %d", st)
	}
	tok := e.Token(t, "admin", "")
	var me struct {
		Username string
		Roles    []string
	}
	if st := e.JSON(t, "GET", "/api/v1/me", tok, nil, &me); st != 200 || me.Username != "admin" {
		t.Fatalf("me = %d %+v", st, me)
	}
	if st := e.JSON(t, "GET", "/api/v1/khong-co", "", nil, &errBody); st != 404 || errBody.Error.Code != "not_found" {
		t.Fatalf("unknown api = %d", st)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := apptest.Start(t)
	req, _ := http.NewRequest("POST", e.URL+"/dang-nhap", strings.NewReader("username=admin&password="+apptest.AdminPassword))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST = %d, want 403", res.StatusCode)
	}
}

func TestLoginThrottle(t *testing.T) {
	e := apptest.Start(t)
	for i := 0; i < 5; i++ {
		e.Post(t, nil, "/dang-nhap", url.Values{"username": {"admin"}, "password": {"wrong"}})
	}
	st, _, body := e.Post(t, nil, "/dang-nhap", url.Values{"username": {"admin"}, "password": {apptest.AdminPassword}})
	if st != http.StatusTooManyRequests || !strings.Contains(body, "quá nhiều lần") {
		t.Fatalf("after 5 failures = %d", st)
	}
}

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		return map[string]string{"MOTCUA_DATA": dir, "MOTCUA_SQLITE_SYNCHRONOUS": "NORMAL", "MOTCUA_LOG_LEVEL": "error"}[k]
	}
	run := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := app.Main(context.Background(), args, env, strings.NewReader(stdin), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := run("", "version"); code != 0 || !strings.Contains(out, "motcua") {
		t.Fatalf("version: %d %s", code, out)
	}
	if code, out := run("", "migrate"); code != 0 || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %d %s", code, out)
	}
	if code, out := run("", "seed-demo"); code != 0 || !strings.Contains(out, "admin") {
		t.Fatalf("seed-demo: %d %s", code, out)
	}
	if code, out := run("", "seed-demo"); code == 0 {
		t.Fatalf("second seed-demo must fail: %s", out)
	}
	code, out := run("Matkhau@123456\n", "user", "create", "--username", "cv.moi", "--name", "Lê Thị Mới", "--agency", "000.00.01.H27", "--roles", "specialist")
	if code != 0 {
		t.Fatalf("user create: %d %s", code, out)
	}
	if code, out := run("ngan\n", "user", "create", "--username", "cv.moi2", "--name", "X", "--agency", "000.00.01.H27", "--roles", "specialist"); code == 0 || !strings.Contains(out, "ít nhất 10 ký tự") {
		t.Fatalf("weak password accepted: %d %s", code, out)
	}
	if code, out := run("", "user", "list"); code != 0 || !strings.Contains(out, "cv.moi") || !strings.Contains(out, "Lê Thị Mới") {
		t.Fatalf("user list: %d %s", code, out)
	}
	if code, out := run("Matkhau@654321\n", "user", "reset-password", "--username", "cv.moi"); code != 0 {
		t.Fatalf("reset-password: %d %s", code, out)
	}
	if code, out := run("", "audit", "verify"); code != 0 || !strings.Contains(out, "OK:") {
		t.Fatalf("audit verify: %d %s", code, out)
	}
	if code, _ := run("", "no-such-command"); code == 0 {
		t.Fatal("unknown command must fail")
	}
}

// TestHelpListsCommands: "motcua help" (printed before the modules are
// mounted) names every subcommand a module registers.
func TestHelpListsCommands(t *testing.T) {
	e := apptest.Start(t, apptest.Options{NoDemo: true})
	var out bytes.Buffer
	if code := app.Main(context.Background(), []string{"help"}, func(string) string { return "" }, nil, &out, io.Discard); code != 0 {
		t.Fatalf("help exit %d", code)
	}
	cmds := e.App.Commands()
	if len(cmds) == 0 {
		t.Fatal("no module commands registered")
	}
	for _, c := range cmds {
		if !strings.Contains(out.String(), "motcua "+c.Name+" ") {
			t.Errorf("help does not list %q:\n%s", c.Name, out.String())
		}
	}
}
