package citizen_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/citizen/oidctest"
)

// fileOnline fills and submits an application for procXNTTHN with client c
// under base ("/ca-nhan/nop/" or "/can-bo/nop-thay/") and returns the
// intake reference.
func (w *world) fileOnline(c *http.Client, base, draft string) string {
	w.t.Helper()
	e, t := w.e, w.t
	st, loc, body := e.Post(t, c, base+draft+"/nguoi-nop", url.Values{"name": {"Phan Văn Đức"}, "id_number": {"042088123456"}, "birth_date": {"1988-01-02"},
		"address": {"Số 1 Hà Huy Tập"}, "phone": {"0977000111"}, "agency_code": {centreTS}})
	if st != http.StatusSeeOther {
		t.Fatalf("applicant: %d %s %s", st, loc, body)
	}
	for _, i := range []string{"0", "4"} {
		if st, _, body := w.multipartPost(c, base+draft+"/giay-to?muc="+i, map[string]string{"muc": i}, "giay-"+i+".pdf", pdf("giấy "+i)); st != http.StatusOK {
			t.Fatalf("upload %s: %d %s", i, st, body)
		}
	}
	if st, _, _ := w.multipartPost(c, base+draft+"/giay-to", nil, "", nil); st != http.StatusSeeOther {
		t.Fatalf("documents: %d", st)
	}
	if st, _, _ := e.Post(t, c, base+draft+"/nhan-ket-qua", url.Values{"delivery": {"counter"}}); st != http.StatusSeeOther {
		t.Fatalf("delivery: %d", st)
	}
	st, loc, _ = e.Post(t, c, base+draft+"/xac-nhan", url.Values{"declared": {"1"}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "NTT-") {
		t.Fatalf("submit: %d %s", st, loc)
	}
	i := strings.Index(loc, "NTT-")
	ref, _ := url.QueryUnescape(strings.SplitN(loc[i:], "?", 2)[0])
	return strings.SplitN(ref, "&", 2)[0]
}

func (w *world) newDraft(c *http.Client) string {
	w.t.Helper()
	st, loc, _ := w.e.Post(w.t, c, "/nop-truc-tuyen/"+procXNTTHN, nil)
	if st != http.StatusSeeOther {
		w.t.Fatalf("new draft: %d", st)
	}
	return strings.TrimPrefix(loc, "/ca-nhan/nop/")
}

func TestOIDCSignInHTTP(t *testing.T) {
	w := startWorld(t, false)
	e := w.e
	idp := oidctest.Start(t, "motcua-hatinh", "bi-mat-cua-tinh")
	admin := e.Login(t, "admin", "")
	st, _, body := e.Post(t, admin, "/quan-tri/dinh-danh/moi", url.Values{"slug": {"vneid"}, "name": {"Tài khoản định danh điện tử"},
		"issuer": {idp.Issuer}, "client_id": {"motcua-hatinh"}, "client_secret": {"bi-mat-cua-tinh"}, "scopes": {"openid profile email"},
		"claim_name": {"name"}, "claim_id_number": {"so_dinh_danh"}, "enabled": {"1"}})
	if st != http.StatusSeeOther {
		t.Fatalf("configure provider: %d %s", st, body)
	}
	if _, body := e.Get(t, admin, "/quan-tri/dinh-danh"); strings.Contains(body, "bi-mat-cua-tinh") {
		t.Fatal("the client secret is shown")
	}
	idp.SetUser(map[string]any{"sub": "vn-777", "name": "Võ Thị Thu", "so_dinh_danh": "042191004455", "email": "thu.vo@example.vn", "email_verified": true})

	c := e.Client()
	if _, body := e.Get(t, c, "/dang-nhap-cong-dan"); !strings.Contains(body, `Đăng nhập bằng <span lang="vi">Tài khoản định danh điện tử</span>`) {
		t.Fatal("provider button missing")
	}
	start := func(c *http.Client) (callback string) {
		st, loc, _ := e.Post(t, c, "/dang-nhap-cong-dan/oidc/vneid", url.Values{"next": {"/ca-nhan/ho-so"}})
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, idp.Issuer+"/authorize?") {
			t.Fatalf("start: %d %s", st, loc)
		}
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return strings.TrimPrefix(res.Header.Get("Location"), e.URL)
	}
	cb := start(c)
	// The callback in another browser (without the state cookie) is refused.
	if st, body := e.Get(t, nil, cb); st != http.StatusUnauthorized || !strings.Contains(body, "Phiên đăng nhập đã hết hạn") {
		t.Fatalf("callback without the browser's cookie: %d", st)
	}
	cb = start(c)
	res, err := c.Get(e.URL + cb)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ca-nhan/ho-so" {
		t.Fatalf("callback: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := e.Get(t, c, "/ca-nhan/thong-tin"); !strings.Contains(body, "Võ Thị Thu") || !strings.Contains(body, "042191004455") || !strings.Contains(body, "đã xác thực") {
		t.Fatal("profile not filled from the ID token")
	}
	// Cancelling at the provider.
	idp.DenyNext()
	if st, body := e.Get(t, c, start(c)); st != http.StatusUnauthorized || !strings.Contains(body, "đã hủy đăng nhập") {
		t.Fatalf("denied: %d", st)
	}
}

func TestTrackingRateLimit(t *testing.T) {
	w := startWorld(t, false)
	h := w.e.App.Service("citizen.web").(*citizen.Web)
	h.SetLimiter(citizen.NewLimiter(60, 2))
	t.Cleanup(func() { h.SetLimiter(nil) })
	for i := 0; i < 2; i++ {
		if st, _ := w.e.Raw(t, "GET", "/api/v1/tracking/000.00.01.H27-261123-0001", "", nil, nil); st != http.StatusNotFound {
			t.Fatalf("lookup %d: %d", i, st)
		}
	}
	req, _ := http.NewRequest("GET", w.e.URL+"/api/v1/tracking/000.00.01.H27-261123-0001", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("third lookup: %d", res.StatusCode)
	}
	if st, body := w.e.Get(t, nil, "/tra-cuu?ma=X"); st != http.StatusTooManyRequests || !strings.Contains(body, "tra cứu quá nhiều lần") {
		t.Fatalf("page when limited: %d", st)
	}
}

func TestAssistedFilingAndCounterStore(t *testing.T) {
	w := startWorld(t, false)
	e := w.e
	officer := e.Login(t, officerTS, "")
	const email = "duc.phan@example.vn"
	// Consent for filing: a code to the citizen, read to the officer.
	st, loc, body := e.Post(t, officer, "/can-bo/nop-thay", url.Values{"who": {email}, "purpose": {"file"}, "procedure": {procXNTTHN}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/can-bo/nop-thay/xac-nhan?ma=") {
		t.Fatalf("consent start: %d %s %s", st, loc, body)
	}
	u, _ := url.Parse(loc)
	ma := u.Query().Get("ma")
	code := w.code(email)
	if st, _, body := e.Post(t, officer, "/can-bo/nop-thay/xac-nhan", url.Values{"ma": {ma}, "code": {"12345x"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "không đúng") {
		t.Fatalf("wrong consent code: %d", st)
	}
	// Another officer cannot use the citizen's code.
	other := e.Login(t, "motcua.phuong.thanhsen2", "")
	if st, _, _ := e.Post(t, other, "/can-bo/nop-thay/xac-nhan", url.Values{"ma": {ma}, "code": {code}}); st == http.StatusSeeOther {
		t.Fatal("another officer used the consent code")
	}
	st, loc, body = e.Post(t, officer, "/can-bo/nop-thay/xac-nhan", url.Values{"ma": {ma}, "code": {code}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/can-bo/nop-thay/") {
		t.Fatalf("consent finish: %d %s %s", st, loc, body)
	}
	draft := strings.TrimPrefix(loc, "/can-bo/nop-thay/")
	if st, _ := e.Get(t, other, loc); st != http.StatusNotFound {
		t.Fatalf("another officer opened the assisted draft: %d", st)
	}
	ref := w.fileOnline(officer, "/can-bo/nop-thay/", draft)
	if _, body := e.Get(t, officer, "/can-bo/truc-tuyen"); !strings.Contains(body, ref) {
		t.Fatal("assisted submission not in the queue")
	}
	// The citizen (account created by the consent) sees it as theirs.
	c := w.signIn(email)
	if _, body := e.Get(t, c, "/ca-nhan/ho-so"); !strings.Contains(body, ref) {
		t.Fatal("assisted dossier not in the citizen's list")
	}

	// At the counter: the officer uses a document of the citizen's store.
	st, loc, _ = e.Post(t, officer, "/can-bo/nop-thay", url.Values{"who": {email}, "purpose": {"documents"}})
	if st != http.StatusSeeOther {
		t.Fatalf("consent for documents: %d", st)
	}
	u, _ = url.Parse(loc)
	st, loc, _ = e.Post(t, officer, "/can-bo/nop-thay/xac-nhan", url.Values{"ma": {u.Query().Get("ma")}, "code": {w.code(email)}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/can-bo/kho-cong-dan/") {
		t.Fatalf("documents consent: %d %s", st, loc)
	}
	_, body = e.Get(t, officer, loc)
	i := strings.Index(body, "/dung\"")
	if i < 0 {
		t.Fatal("no document to use")
	}
	action := body[strings.LastIndex(body[:i], "\"")+1 : i+len("/dung")]
	st, loc2, _ := e.Post(t, officer, action, nil)
	if st != http.StatusSeeOther || !strings.Contains(loc2, "dung=") {
		t.Fatalf("use document: %d %s", st, loc2)
	}
	lu, _ := url.Parse(loc2)
	sha := lu.Query().Get("dung")
	// The officer may now read (and attach) the file through the dossier API.
	if st, _ := e.Raw(t, "GET", "/api/v1/files/"+sha, e.Token(t, officerTS, ""), nil, nil); st != http.StatusOK {
		t.Fatalf("file for the officer: %d", st)
	}
	if st, _ := e.Get(t, other, loc); st != http.StatusNotFound {
		t.Fatalf("another officer opened the citizen's store: %d", st)
	}
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// An online dossier not accepted within 8 working hours is flagged to
// supervisors and shown late in the queue (ND 118 Đ17.2).
func TestOverdueOnlineIntake(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC)} // Monday 08:30 in Hà Tĩnh
	mail := startWorldWith(t, apptest.Options{Now: clk.Now})
	e := mail.e
	c := mail.signIn("binh.hoang@example.vn")
	ref := mail.fileOnline(c, "/ca-nhan/nop/", mail.newDraft(c))
	s := e.App.Service("citizen").(*citizen.Service)
	if n, err := s.FlagOverdue(context.Background()); err != nil || n != 0 {
		t.Fatalf("flag before the deadline: %d %v", n, err)
	}
	_, body := e.Get(t, e.Login(t, officerTS, ""), "/can-bo/truc-tuyen")
	if !strings.Contains(body, "còn 8 giờ") || strings.Contains(body, "Quá hạn tiếp nhận") {
		t.Fatal("the 8 working hours are not shown")
	}
	// 8 working hours from Monday 08:30 on the centre's hours (07:00–11:30,
	// 13:30–17:00): 6.5 on Monday, none on Tuesday 24/11 (Ngày Văn hóa Việt
	// Nam, a holiday from 2026), 1.5 on Wednesday → Wednesday 08:30.
	clk.add(47 * time.Hour) // Wednesday 07:30: one working hour left
	if n, _ := s.FlagOverdue(context.Background()); n != 0 {
		t.Fatal("flagged before the deadline")
	}
	clk.add(2 * time.Hour) // Wednesday 09:30
	n, err := s.FlagOverdue(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("flagged %d %v", n, err)
	}
	if n, _ := s.FlagOverdue(context.Background()); n != 0 {
		t.Fatal("flagged twice")
	}
	supervisor := e.Login(t, "pct.phuong.thanhsen", "")
	_, body = e.Get(t, supervisor, "/can-bo/truc-tuyen")
	if !strings.Contains(body, ref) || !strings.Contains(body, "Quá hạn tiếp nhận") || !strings.Contains(body, "đã báo giám sát") || strings.Contains(body, "Tiếp nhận</button>") {
		t.Fatal("supervisor's queue must show the flagged dossier, without officer actions")
	}
	var q struct {
		Waiting []struct {
			Overdue, Flagged bool
			Minutes          int64 `json:"working_minutes_left"`
		}
	}
	e.JSON(t, "GET", "/api/v1/online-intake", e.Token(t, "pct.phuong.thanhsen", ""), nil, &q)
	if len(q.Waiting) != 1 || !q.Waiting[0].Overdue || !q.Waiting[0].Flagged || q.Waiting[0].Minutes >= 0 {
		t.Fatalf("queue API %+v", q)
	}
	var audits int
	e.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'citizen.intake.overdue' AND entity_key = $1`, ref).Scan(&audits)
	if audits != 1 {
		t.Fatalf("%d audit entries", audits)
	}
	// Another commune's officer sees nothing.
	if _, body := e.Get(t, e.Login(t, "motcua.phuong.hahuytap1", ""), "/can-bo/truc-tuyen"); strings.Contains(body, ref) {
		t.Fatal("queue out of scope")
	}
}
