// Package apptest starts the real program for tests: a migrated SQLite (or,
// with Options.Postgres, PostgreSQL) database with the demo province, served
// over a real TCP listener, plus helpers to sign in and call the API, and a
// headless Chromium for browser journeys.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/testdb"
)

// AdminPassword is the password of "admin" in test apps.
const AdminPassword = "Quantri@2026-test"

// Env is a running test instance.
type Env struct {
	App *app.App
	URL string // e.g. http://127.0.0.1:41234
}

// Options tune Start.
type Options struct {
	Postgres bool              // use a fresh PostgreSQL schema (skips unless configured)
	NoDemo   bool              // do not load the demo province
	Env      map[string]string // extra MOTCUA_* settings
	Now      func() time.Time  // clock (default time.Now)
}

// Start runs the app until the test ends.
func Start(t testing.TB, opts ...Options) *Env {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	env := map[string]string{
		"MOTCUA_ADDR": "127.0.0.1:0", "MOTCUA_DATA": t.TempDir(), "MOTCUA_ADMIN_PASSWORD": AdminPassword,
		"MOTCUA_SQLITE_SYNCHRONOUS": "NORMAL", "MOTCUA_LOG_LEVEL": "warn",
	}
	if o.NoDemo {
		env["MOTCUA_DEMO"] = "false"
	}
	if o.Postgres {
		env["MOTCUA_DATABASE_URL"] = testdb.NewPostgresDSN(t)
	}
	for k, v := range o.Env {
		env[k] = v
	}
	var cfg app.Config
	fs := cfg.FlagSet("test", func(k string) string { return env[k] }, io.Discard)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, io.Discard)
	if err != nil {
		cancel()
		t.Fatalf("app.New: %v", err)
	}
	if o.Now != nil {
		a.DB.Now = o.Now
	}
	if err := a.Bootstrap(ctx); err != nil {
		cancel()
		a.Close()
		t.Fatalf("bootstrap: %v", err)
	}
	if err := a.Listen(); err != nil {
		cancel()
		a.Close()
		t.Fatal(err)
	}
	e := &Env{App: a, URL: "http://" + a.Addr()}
	a.Cfg.BaseURL, a.Server.Opt.BaseURL = e.URL, e.URL
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		a.Close()
	})
	return e
}

// Client returns an HTTP client with a cookie jar that does not follow
// redirects (tests assert them).
func (e *Env) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 60 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Login signs in through the HTML form and returns a client carrying the
// session cookie. password "" means the demo password (or AdminPassword for
// "admin").
func (e *Env) Login(t testing.TB, username, password string) *http.Client {
	t.Helper()
	if password == "" {
		password = app.DefaultDemoPassword
		if username == "admin" {
			password = AdminPassword
		}
	}
	c := e.Client()
	res, err := c.PostForm(e.URL+"/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	return c
}

// Token signs in through the API and returns a bearer token.
func (e *Env) Token(t testing.TB, username, password string) string {
	t.Helper()
	if password == "" {
		password = app.DefaultDemoPassword
		if username == "admin" {
			password = AdminPassword
		}
	}
	var out struct{ Token string }
	st := e.JSON(t, "POST", "/api/v1/login", "", map[string]string{"username": username, "password": password}, &out)
	if st != http.StatusOK || out.Token == "" {
		t.Fatalf("api login %s: status %d", username, st)
	}
	return out.Token
}

// JSON sends a JSON request (body nil = none) with an optional bearer token,
// decodes the response into out (when non-nil) and returns the status.
func (e *Env) JSON(t testing.TB, method, path, token string, body, out any) int {
	t.Helper()
	st, b := e.Raw(t, method, path, token, body, nil)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return st
}

// Raw sends a request and returns the status and body. body may be nil, a
// []byte/string (sent as is) or any value (sent as JSON).
func (e *Env) Raw(t testing.TB, method, path, token string, body any, header http.Header) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// Get fetches a page with client c (nil = anonymous) and returns status and body.
func (e *Env) Get(t testing.TB, c *http.Client, path string) (int, string) {
	t.Helper()
	if c == nil {
		c = e.Client()
	}
	res, err := c.Get(e.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Post submits a form with client c and returns status, Location and body.
func (e *Env) Post(t testing.TB, c *http.Client, path string, form url.Values) (int, string, string) {
	t.Helper()
	if c == nil {
		c = e.Client()
	}
	res, err := c.PostForm(e.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// Environment variables for browser tests.
const (
	EnvRequireBrowser = "MOTCUA_TEST_REQUIRE_BROWSER"
	EnvChromium       = "MOTCUA_CHROMIUM"
)

// ChromiumPath returns the browser binary, skipping the test when none is
// installed (or failing when MOTCUA_TEST_REQUIRE_BROWSER=1) and under -short.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	required := os.Getenv(EnvRequireBrowser) == "1"
	if testing.Short() && !required {
		t.Skip("browser test skipped with -short")
	}
	for _, p := range []string{os.Getenv(EnvChromium), "/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if required {
		t.Fatalf("%s=1 but no chromium found", EnvRequireBrowser)
	}
	t.Skip("browser test skipped: chromium not installed")
	return ""
}

// ErrNoBrowser is returned when no browser can be started.
var ErrNoBrowser = errors.New("apptest: no browser")
