package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smstest"
	"github.com/motcua/motcua/internal/notify/smtptest"
	"github.com/motcua/motcua/internal/store"
)

func service(t *testing.T, e *apptest.Env) *notify.Service {
	t.Helper()
	svc, ok := e.App.Service("notify").(*notify.Service)
	if !ok {
		t.Fatal(`the app provides no "notify" service`)
	}
	return svc
}

func doc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The running app delivers through real SMTP and the SMS gateways named in
// its environment, woken by the enqueue's commit.
func TestAppDeliversThroughConfiguredProviders(t *testing.T) {
	t.Parallel()
	mail := smtptest.Start(t)
	down, up := smstest.Start(t), smstest.Start(t)
	down.SetMode(smstest.Fail)
	e := apptest.Start(t, apptest.Options{NoDemo: true, Env: map[string]string{
		"MOTCUA_SMTP_ADDR": mail.Addr(), "MOTCUA_SMTP_FROM": "Một cửa Hà Tĩnh <motcua@hatinh.gov.vn>", "MOTCUA_SMTP_STARTTLS": "auto",
		"MOTCUA_SMS_PROVIDERS": "name=viettel,url=" + down.URL() + ",key=a,timeout=2s;name=vnpt,url=" + up.URL() + ",key=b",
	}})
	svc := service(t, e)
	db := e.App.DB
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		return svc.Enqueue(context.Background(), tx, received(code+":received:1", notify.Recipient{Email: "dan@example.vn", Phone: "0912345678"}))
	})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := mail.WaitFor(func(m smtptest.Message) bool { return m.To[0] == "dan@example.vn" }, 10*time.Second)
	if !ok || !strings.Contains(m.Body, e.URL+"/tra-cuu/"+code) {
		t.Fatalf("e-mail not delivered with the tracking link: %+v", m)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(up.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(up.Messages()) != 1 || up.Messages()[0].Key != "b" {
		t.Fatalf("SMS not delivered through the second gateway: %+v", up.Requests())
	}
	// The results are recorded just after the providers answer.
	wants := []string{`motcua_notify_attempts_total{channel="sms",outcome="failed",provider="viettel"} 1`,
		`motcua_notify_attempts_total{channel="email",outcome="sent",provider="smtp"} 1`, `motcua_notify_queue{channel="email",status="queued"} 0`,
		`motcua_notify_queue{channel="sms",status="sending"} 0`, `motcua_notify_oldest_waiting_seconds{channel="sms"} 0`}
	var missing []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_, metrics := e.Get(t, nil, "/metrics")
		missing = nil
		for _, want := range wants {
			if !strings.Contains(metrics, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) == 0 {
			break
		}
	}
	if len(missing) > 0 {
		t.Errorf("metrics lack %v", missing)
	}
}

func TestAppRefusesBadNotificationSettings(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{
		{"MOTCUA_SMTP_ADDR": "mail.example.vn", "MOTCUA_SMTP_FROM": "a@b.vn"},
		{"MOTCUA_SMTP_ADDR": "mail.example.vn:25", "MOTCUA_SMTP_FROM": "không phải địa chỉ"},
		{"MOTCUA_SMTP_ADDR": "mail.example.vn:25", "MOTCUA_SMTP_FROM": "a@b.vn", "MOTCUA_SMTP_STARTTLS": "maybe"},
		{"MOTCUA_SMS_PROVIDERS": "name=x"},
	} {
		env["MOTCUA_DATA"], env["MOTCUA_DEMO"] = t.TempDir(), "false"
		var cfg app.Config
		if err := cfg.FlagSet("test", func(k string) string { return env[k] }, io.Discard).Parse(nil); err != nil {
			t.Fatal(err)
		}
		a, err := app.New(context.Background(), cfg, io.Discard)
		if err == nil {
			a.Close()
			t.Errorf("started with %v", env)
		} else if !strings.Contains(err.Error(), "MOTCUA_") {
			t.Errorf("the error must name the setting: %v", err)
		}
	}
}

func TestTemplateAdminPages(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t)
	admin := e.Login(t, "admin", "")
	st, body := e.Get(t, admin, "/quan-tri/mau-thong-bao")
	if st != http.StatusOK {
		t.Fatalf("list = %d", st)
	}
	d := doc(t, body)
	if n := d.Find(`a[href="/quan-tri/mau-thong-bao/received/sms"]`).Length(); n != 1 {
		t.Fatalf("no edit link for received/sms")
	}
	if n := d.Find("tbody tr").Length(); n != templateCount() {
		t.Fatalf("%d rows", n)
	}
	// Staff alerts are e-mail only: no SMS template to edit.
	if d.Find(`a[href="/quan-tri/mau-thong-bao/staff_online_submitted/email"]`).Length() != 1 {
		t.Fatal("no edit link for the staff alert")
	}
	if st, _ := e.Get(t, admin, "/quan-tri/mau-thong-bao/staff_online_submitted/sms"); st != http.StatusNotFound {
		t.Fatalf("SMS template of a staff alert = %d", st)
	}

	// The edit page shows the text, a labelled textarea, the preview and its segment count.
	st, body = e.Get(t, admin, "/quan-tri/mau-thong-bao/received/sms")
	d = doc(t, body)
	if st != http.StatusOK || d.Find(`label[for="f-body"]`).Length() != 1 || !strings.Contains(d.Find("#f-body").Text(), "{{.DossierCode}}") {
		t.Fatalf("edit page = %d", st)
	}
	if !strings.Contains(d.Find("#preview-segments").Text(), "phần tin nhắn") || !strings.Contains(d.Find("#preview-body").Text(), "000.00.10.H27-261121-0001") {
		t.Fatalf("preview: %q / %q", d.Find("#preview-segments").Text(), d.Find("#preview-body").Text())
	}
	if d.Find(`script[src="/quan-tri/mau-thong-bao/xem-truoc.js"]`).Length() != 1 {
		t.Fatal("live preview script not included")
	}
	if st, js := e.Get(t, nil, "/quan-tri/mau-thong-bao/xem-truoc.js"); st != http.StatusOK || !strings.Contains(js, "xem-truoc") {
		t.Fatalf("script = %d", st)
	}

	// Live preview (JSON), as the page's script calls it.
	res, err := admin.PostForm(e.URL+"/quan-tri/mau-thong-bao/xem-truoc", url.Values{"event": {"received"}, "channel": {"sms"},
		"body": {"Hồ sơ {{.DossierCode}} hẹn {{.ExpectedDate}}"}})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Body     string
		Segments int
		Encoding string
		Summary  string
		Errors   map[string]string
	}
	json.NewDecoder(res.Body).Decode(&p)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || p.Body != "Hồ sơ 000.00.10.H27-261121-0001 hẹn 25/11/2026" || p.Segments != 1 || p.Encoding != notify.UCS2 || len(p.Errors) != 0 {
		t.Fatalf("preview %d %+v", res.StatusCode, p)
	}

	// Invalid templates are refused with the reason next to the field, and nothing is saved.
	st, _, body = e.Post(t, admin, "/quan-tri/mau-thong-bao/received/sms", url.Values{"body": {"Hồ sơ {{.MaHoSo}}"}})
	d = doc(t, body)
	if st != http.StatusBadRequest || !strings.Contains(d.Find("#err-body").Text(), `không có biến "MaHoSo"`) || d.Find(`#f-body[aria-invalid="true"]`).Length() != 1 {
		t.Fatalf("invalid save = %d: %q", st, d.Find("#err-body").Text())
	}
	long := strings.Repeat("Hồ sơ {{.DossierCode}} đã được tiếp nhận. ", 8)
	st, _, body = e.Post(t, admin, "/quan-tri/mau-thong-bao/received/sms", url.Values{"body": {long}})
	if st != http.StatusBadRequest || !strings.Contains(body, "tối đa 2") {
		t.Fatalf("too long = %d", st)
	}
	// "Xem trước" without JavaScript renders without saving.
	st, _, body = e.Post(t, admin, "/quan-tri/mau-thong-bao/received/sms", url.Values{"body": {"Thử {{.DossierCode}}"}, "action": {"preview"}})
	if st != http.StatusOK || !strings.Contains(doc(t, body).Find("#preview-body").Text(), "Thử 000.00.10.H27-261121-0001") {
		t.Fatalf("preview = %d", st)
	}
	svc := service(t, e)
	if tpl, _ := svc.Template(context.Background(), notify.EventReceived, notify.ChannelSMS); tpl.Custom {
		t.Fatal("preview or invalid text was saved")
	}

	// A valid edit is saved, used and audited; reset restores the default.
	st, loc, _ := e.Post(t, admin, "/quan-tri/mau-thong-bao/received/email", url.Values{"subject": {"[Hà Tĩnh] Hồ sơ {{.DossierCode}}"}, "body": {"Hồ sơ {{.DossierCode}}\r\nHẹn trả: {{.ExpectedDate}}"}})
	if st != http.StatusSeeOther || loc != "/quan-tri/mau-thong-bao/received/email?da-luu=1" {
		t.Fatalf("save = %d %s", st, loc)
	}
	_, body = e.Get(t, admin, loc)
	if !strings.Contains(body, "Đã lưu mẫu thông báo.") || !strings.Contains(body, "Khôi phục mẫu mặc định") {
		t.Fatal("no confirmation after saving")
	}
	tpl, _ := svc.Template(context.Background(), notify.EventReceived, notify.ChannelEmail)
	if !tpl.Custom || tpl.Body != "Hồ sơ {{.DossierCode}}\nHẹn trả: {{.ExpectedDate}}" || tpl.UpdatedBy != "admin" {
		t.Fatalf("saved %+v", tpl)
	}
	if es, _ := audit.List(context.Background(), e.App.DB, "notify_template", "received/email", 10); len(es) != 1 || es[0].Actor.Name != "admin" {
		t.Fatalf("audit %+v", es)
	}
	if st, loc, _ := e.Post(t, admin, "/quan-tri/mau-thong-bao/received/email/khoi-phuc", nil); st != http.StatusSeeOther || !strings.HasSuffix(loc, "da-khoi-phuc=1") {
		t.Fatalf("reset = %d", st)
	}
	if tpl, _ := svc.Template(context.Background(), notify.EventReceived, notify.ChannelEmail); tpl.Custom {
		t.Fatal("not reset")
	}
	if st, _ := e.Get(t, admin, "/quan-tri/mau-thong-bao/nope/sms"); st != http.StatusNotFound {
		t.Fatalf("unknown event = %d", st)
	}
}

func TestTemplateAdminAccess(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t)
	ctx := context.Background()
	commune, err := e.App.Agencies.ByCode(ctx, "001.00.00.H27")
	if err != nil {
		t.Fatal(err)
	}
	u := &account.User{Username: "qt.phuong", FullName: "Quản trị phường", AgencyID: commune.ID, Roles: []account.Role{account.RoleAdministrator}}
	if err := e.App.Accounts.Create(ctx, audit.System, u, "Motcua@2026-phuong"); err != nil {
		t.Fatal(err)
	}
	officer := e.Login(t, "motcua.tinh1", "")
	communeAdmin := e.Login(t, "qt.phuong", "Motcua@2026-phuong")
	for _, c := range []struct {
		client *http.Client
		want   int
	}{{nil, http.StatusSeeOther}, {officer, http.StatusForbidden}, {communeAdmin, http.StatusNotFound}, {e.Login(t, "qt.tinh", ""), http.StatusOK}} {
		for _, p := range []string{"/quan-tri/mau-thong-bao", "/quan-tri/mau-thong-bao/otp/email", "/quan-tri/thong-bao"} {
			if st, _ := e.Get(t, c.client, p); st != c.want {
				t.Errorf("GET %s = %d, want %d", p, st, c.want)
			}
		}
	}
	if st, _, _ := e.Post(t, communeAdmin, "/quan-tri/mau-thong-bao/otp/sms", url.Values{"body": {"x {{.Code}}"}}); st != http.StatusNotFound {
		t.Fatalf("commune admin save = %d", st)
	}
}

func TestOutboxPageAndRetry(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, apptest.Options{NoDemo: true})
	svc := service(t, e)
	db := e.App.DB
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		if err := svc.Enqueue(context.Background(), tx, received(code+":received:1", notify.Recipient{Email: "dan@example.vn"})); err != nil {
			return err
		}
		return svc.Enqueue(context.Background(), tx, received(code+":received:2", notify.Recipient{Phone: "0239 3855 596"}))
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := e.Login(t, "admin", "")
	st, body := e.Get(t, admin, "/quan-tri/thong-bao")
	d := doc(t, body)
	if st != http.StatusOK || d.Find("tbody tr").Length() != 2 || !strings.Contains(body, "Chưa cấu hình máy chủ thư") || !strings.Contains(body, "không hợp lệ") {
		t.Fatalf("outbox = %d:\n%s", st, d.Find("tbody").Text())
	}
	_, body = e.Get(t, admin, "/quan-tri/thong-bao?trang-thai=failed")
	form := doc(t, body).Find(`form[action$="/gui-lai"]`)
	action, _ := form.Attr("action")
	if form.Length() != 1 {
		t.Fatal("no retry button for the failed message")
	}
	st, loc, _ := e.Post(t, admin, action, nil)
	if st != http.StatusSeeOther || !strings.Contains(loc, "trang-thai=queued") {
		t.Fatalf("retry = %d %s", st, loc)
	}
	if es, _ := audit.List(context.Background(), db, "notify_message", code+":received:2:sms", 10); len(es) != 1 {
		t.Fatalf("retry not audited: %+v", es)
	}
	if st, _, _ := e.Post(t, admin, action, nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("second retry = %d", st)
	}
}

// LogHandler is what the dossier module mounts at
// GET /api/v1/dossiers/{code}/messages with its own scope check.
func TestLogHandler(t *testing.T) {
	t.Parallel()
	e := apptest.Start(t, apptest.Options{NoDemo: true})
	svc := service(t, e)
	e.App.DB.InTx(context.Background(), func(tx *store.Tx) error {
		return svc.Enqueue(context.Background(), tx, received(code+":received:1", notify.Recipient{Email: "dan@example.vn", Phone: "0912345678"}))
	})
	h := svc.LogHandler(e.App.Server, func(r *http.Request, c string) ([]string, error) {
		if c != code {
			return nil, apperr.NotFound("Không tìm thấy hồ sơ.")
		}
		return []string{code, "NTT-unused"}, nil
	})
	get := func(c string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/dossiers/"+c+"/messages", nil)
		r.SetPathValue("code", c)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := get(code)
	var out struct{ Messages []notify.Delivery }
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || w.Code != http.StatusOK || len(out.Messages) != 2 ||
		out.Messages[0].Status != notify.StatusQueued || out.Messages[0].StatusLabel != "Đang chờ gửi" || out.Messages[1].To != "+84912345678" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := get("other"); w.Code != http.StatusNotFound {
		t.Fatalf("out of scope = %d", w.Code)
	}
}
