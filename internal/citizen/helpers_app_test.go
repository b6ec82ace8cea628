package citizen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/notify/smtptest"
	"github.com/motcua/motcua/internal/procedure"
)

// Demo actors of phường Thành Sen (internal/demo/data/province.json).
const (
	officerTS    = "motcua.phuong.thanhsen1"
	headTS       = "tp.phuong.thanhsen"
	specialistTS = "cv.tuphap.phuong.thanhsen"
	leaderTS     = "ld.phuong.thanhsen"
	centreTS     = "001.01.00.H27"
	// Cấp Giấy xác nhận tình trạng hôn nhân: online toàn trình, 3 working
	// days, checklist items 0 and 4 mandatory.
	procXNTTHN = "1.004873"
)

// minimal PDF content (the file store checks the type by content).
func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

// world is a running app with an SMTP server that receives its e-mail.
type world struct {
	t    testing.TB
	e    *apptest.Env
	mail *smtptest.Server
	mu   sync.Mutex
	seen map[string]bool
}

func startWorld(t testing.TB, pg bool) *world {
	t.Helper()
	return startWorldWith(t, apptest.Options{Postgres: pg})
}

func startWorldWith(t testing.TB, o apptest.Options) *world {
	t.Helper()
	mail := smtptest.Start(t)
	o.Env = map[string]string{"MOTCUA_SMTP_ADDR": mail.Addr(), "MOTCUA_SMTP_FROM": "motcua@hatinh.gov.vn.example", "MOTCUA_SMTP_STARTTLS": "false"}
	e := apptest.Start(t, o)
	ctx := context.Background()
	var n int
	if err := e.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM procedures`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		raw, _ := demo.Files.ReadFile("data/catalog.json")
		b, err := procedure.DecodeJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&procedure.Service{DB: e.App.DB}).Import(ctx, audit.System, b, procedure.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return &world{t: t, e: e, mail: mail, seen: map[string]bool{}}
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// nextMail waits for a message to `to` not seen before whose body contains
// want, and marks it seen.
func (w *world) nextMail(to, want string) smtptest.Message {
	w.t.Helper()
	m, ok := w.mail.WaitFor(func(m smtptest.Message) bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.seen[m.MessageID] || !strings.Contains(m.Body, want) {
			return false
		}
		for _, r := range m.To {
			if strings.EqualFold(r, to) {
				w.seen[m.MessageID] = true
				return true
			}
		}
		return false
	}, 20*time.Second)
	if !ok {
		w.t.Fatalf("no e-mail to %s containing %q", to, want)
	}
	return m
}

// code waits for the next one-time code sent to `to`.
func (w *world) code(to string) string {
	w.t.Helper()
	m := w.nextMail(to, "Mã")
	c := sixDigits.FindStringSubmatch(m.Body)
	if c == nil {
		w.t.Fatalf("no code in %q", m.Body)
	}
	return c[1]
}

// signIn signs a citizen in with a code sent by e-mail and returns a client
// holding the session (a fresh cookie jar: a new device).
func (w *world) signIn(email string) *http.Client {
	w.t.Helper()
	c := w.e.Client()
	st, loc, body := w.e.Post(w.t, c, "/dang-nhap-cong-dan", url.Values{"destination": {email}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/dang-nhap-cong-dan/xac-nhan?ma=") {
		w.t.Fatalf("sign-in start: %d %s %s", st, loc, body)
	}
	u, _ := url.Parse(loc)
	st, loc, body = w.e.Post(w.t, c, "/dang-nhap-cong-dan/xac-nhan", url.Values{"ma": {u.Query().Get("ma")}, "code": {w.code(email)}})
	if st != http.StatusSeeOther {
		w.t.Fatalf("sign-in finish: %d %s", st, body)
	}
	return c
}

// multipartPost posts fields and one file to path.
func (w *world) multipartPost(c *http.Client, path string, fields map[string]string, file string, content []byte) (int, string, string) {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile("file", file)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", w.e.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c == nil {
		c = w.e.Client()
	}
	res, err := c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// apiDossier is the part of GET /api/v1/dossiers/{code} the tests use.
type apiDossier struct {
	Code    string `json:"code"`
	Status  string `json:"status"`
	Version int64  `json:"version"`
	DueAt   string `json:"due_at"`
}

// staff runs a dossier action through the dossier API as a demo user.
func (w *world) act(user, code string, body map[string]any) apiDossier {
	w.t.Helper()
	tok := w.e.Token(w.t, user, "")
	var d apiDossier
	if st := w.e.JSON(w.t, "GET", "/api/v1/dossiers/"+url.PathEscape(code), tok, nil, &d); st != http.StatusOK {
		w.t.Fatalf("get %s as %s: %d", code, user, st)
	}
	body["version"] = d.Version
	st, b := w.e.Raw(w.t, "POST", "/api/v1/dossiers/"+url.PathEscape(code)+"/actions", tok, body, nil)
	if st != http.StatusOK {
		w.t.Fatalf("%v on %s as %s: %d %s", body["action"], code, user, st, b)
	}
	json.Unmarshal(b, &d)
	return d
}

// staffUpload stores a file through the dossier API as a demo user.
func (w *world) staffUpload(user string, content []byte) string {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "ket-qua.pdf")
	fw.Write(content)
	mw.Close()
	st, b := w.e.Raw(w.t, "POST", "/api/v1/files", w.e.Token(w.t, user, ""), buf.Bytes(), http.Header{"Content-Type": {mw.FormDataContentType()}})
	if st != http.StatusCreated {
		w.t.Fatalf("upload: %d %s", st, b)
	}
	var out struct{ SHA256 string }
	json.Unmarshal(b, &out)
	return out.SHA256
}

// tracking reads the public API and checks it reveals nothing personal.
func (w *world) tracking(code string, secrets ...string) map[string]any {
	w.t.Helper()
	st, b := w.e.Raw(w.t, "GET", "/api/v1/tracking/"+url.PathEscape(code), "", nil, nil)
	if st != http.StatusOK {
		w.t.Fatalf("tracking %s: %d %s", code, st, b)
	}
	_, page := w.e.Get(w.t, nil, "/tra-cuu?ma="+url.QueryEscape(code))
	for _, s := range secrets {
		if s != "" && (bytes.Contains(b, []byte(s)) || strings.Contains(page, s)) {
			w.t.Fatalf("tracking of %s reveals %q", code, s)
		}
	}
	var v map[string]any
	json.Unmarshal(b, &v)
	return v
}
