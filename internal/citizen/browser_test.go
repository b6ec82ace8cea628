package citizen_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
)

// tab is one browser tab with its own profile (cookies).
type tab struct {
	t   *testing.T
	ctx context.Context
}

func newTab(t *testing.T, browser context.Context) tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // the first action owns the tab: no timeout
		t.Fatal(err)
	}
	return tab{t, ctx}
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// load runs an action that leaves the page and waits for the next one.
func (b tab) load(trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatal(err)
	}
}

func (b tab) eval(js string) string {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, func(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (b tab) location() string {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

func (b tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text %s: %v", sel, err)
	}
	return s
}

func (b tab) html() string { return b.eval(`document.documentElement.outerHTML`) }

// signInBrowser signs a citizen in on the sign-in page with the code read
// from the SMTP server.
func (w *world) signInBrowser(b tab, email string) {
	w.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.CSS("#f-destination")), chromedp.SetValue(chromedp.CSS("#f-destination"), email))
	b.load(chromedp.Click(chromedp.CSS("#send-code")))
	code := w.code(email)
	b.do(chromedp.WaitVisible(chromedp.CSS("#f-code")), chromedp.SendKeys(chromedp.CSS("#f-code"), code))
	b.load(chromedp.Click(chromedp.CSS("#verify-code")))
}

// TestBrowserCitizenJourney: on a phone, a citizen finds the procedure,
// signs in with a code from their e-mail, starts the application, uploads
// documents, leaves; resumes in a new browser profile (signing in again),
// submits; the one-stop accepts it from its queue; the citizen gets the
// e-mail with the code and the date, sees the timeline, answers a request
// to supplement, and downloads the result. The public tracking page shows
// the state and nothing personal.
func TestBrowserCitizenJourney(t *testing.T) {
	w := startWorld(t, false)
	e := w.e
	browser := apptest.Browser(t, true)
	const email, fullName, idNumber, phone = "mai.le@example.vn", "Lê Thị Mai", "042192007788", "0987123456"
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pdf(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	a := newTab(t, browser)
	a.do(chromedp.Navigate(e.URL + "/thu-tuc/" + procXNTTHN))
	a.load(chromedp.Click(chromedp.CSS(`a[href="/nop-truc-tuyen/` + procXNTTHN + `"]`)))
	a.load(chromedp.Click(chromedp.CSS("#apply-signin")))
	w.signInBrowser(a, email)
	if loc := a.location(); !strings.HasSuffix(loc, "/nop-truc-tuyen/"+procXNTTHN) {
		t.Fatalf("after sign-in at %s, want back at the procedure", loc)
	}
	a.load(chromedp.Click(chromedp.CSS("#apply-start")))
	draftURL := a.location()
	a.do(chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SetValue(chromedp.CSS("#f-name"), fullName),
		chromedp.SetValue(chromedp.CSS("#f-id_number"), idNumber),
		chromedp.SetValue(chromedp.CSS("#f-birth_date"), "1992-03-04"),
		chromedp.SetValue(chromedp.CSS("#f-address"), "Số 9 Nguyễn Du, phường Thành Sen"),
		chromedp.SetValue(chromedp.CSS("#f-phone"), phone),
		chromedp.SetValue(chromedp.CSS("#f-agency_code"), centreTS))
	a.load(chromedp.Click(chromedp.CSS("#step-next")))
	a.do(chromedp.WaitVisible(chromedp.CSS("#f-file-0")), chromedp.SetUploadFiles(chromedp.CSS("#f-file-0"), []string{file("to-khai.pdf", "tờ khai")}))
	a.load(chromedp.Click(chromedp.CSS("#doc-save-0")))
	if !strings.Contains(a.html(), "to-khai.pdf") {
		t.Fatal("uploaded document not shown")
	}
	// Leave: a new profile has no cookies.
	b := newTab(t, browser)
	b.do(chromedp.Navigate(draftURL))
	if loc := b.location(); !strings.Contains(loc, "/dang-nhap-cong-dan") {
		t.Fatalf("anonymous draft URL went to %s", loc)
	}
	w.signInBrowser(b, email)
	if loc := b.location(); loc != draftURL {
		t.Fatalf("resumed at %s, want %s", loc, draftURL)
	}
	if h := b.html(); !strings.Contains(h, "to-khai.pdf") {
		t.Fatal("the draft did not keep the document")
	}
	b.do(chromedp.WaitVisible(chromedp.CSS("#f-file-4")), chromedp.SetUploadFiles(chromedp.CSS("#f-file-4"), []string{file("cccd.pdf", "căn cước")}))
	b.load(chromedp.Click(chromedp.CSS("#doc-save-4")))
	b.load(chromedp.Click(chromedp.CSS("#step-next")))
	b.do(chromedp.WaitVisible(chromedp.CSS("#f-delivery-online")), chromedp.Click(chromedp.CSS("#f-delivery-online")))
	b.load(chromedp.Click(chromedp.CSS("#step-next")))
	b.do(chromedp.WaitVisible(chromedp.CSS("#f-declared")), chromedp.Click(chromedp.CSS("#f-declared")))
	b.load(chromedp.Click(chromedp.CSS("#submit-dossier")))
	ref := b.text("#dossier-code")
	if !strings.HasPrefix(ref, "NTT-") {
		t.Fatalf("submitted reference %q", ref)
	}

	// The officer accepts it from the queue.
	o := newTab(t, browser)
	o.do(chromedp.Navigate(e.URL+"/dang-nhap?next=/can-bo/truc-tuyen"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SetValue(chromedp.CSS("#f-username"), officerTS), chromedp.SetValue(chromedp.CSS("#f-password"), "Motcua@2026"))
	o.load(chromedp.Submit(chromedp.CSS("#f-username")))
	if !strings.Contains(o.html(), ref) {
		t.Fatal("queue does not list the submission")
	}
	o.load(chromedp.Click(chromedp.CSS(`[id="accept-` + ref + `"]`)))
	accepted := o.text("#accepted strong")
	if !strings.HasPrefix(accepted, centreTS+"-") {
		t.Fatalf("accepted code %q", accepted)
	}
	mail := w.nextMail(email, accepted)
	if !strings.Contains(mail.Body, "Ngày hẹn trả kết quả") {
		t.Fatalf("e-mail without the date: %s", mail.Body)
	}
	b.do(chromedp.Navigate(e.URL + "/ca-nhan/ho-so/" + url.PathEscape(accepted)))
	if tl := b.text("#timeline"); !strings.Contains(tl, "Đã tiếp nhận") || !strings.Contains(tl, "hẹn trả kết quả ngày") {
		t.Fatalf("timeline: %s", tl)
	}

	// A supplement is requested; the citizen answers online.
	w.act(officerTS, accepted, map[string]any{"action": "forward"})
	w.act(headTS, accepted, map[string]any{"action": "assign", "assignee_username": specialistTS})
	w.act(specialistTS, accepted, map[string]any{"action": "request_supplement", "items": []map[string]string{{"content": "Bản chụp sổ hộ khẩu cũ"}}})
	b.do(chromedp.Reload())
	if !strings.Contains(b.text("#bo-sung"), "Bản chụp sổ hộ khẩu cũ") {
		t.Fatal("supplement request not shown")
	}
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file("so-ho-khau.pdf", "sổ hộ khẩu")}))
	b.load(chromedp.Click(chromedp.CSS("#supplement-add")))
	b.load(chromedp.Click(chromedp.CSS("#supplement-send")))
	b.do(chromedp.WaitVisible(chromedp.CSS("#supplement-sent")))
	if st, body := e.Raw(t, "POST", "/api/v1/online-intake/"+url.PathEscape(accepted)+"/supplement-received", e.Token(t, officerTS, ""), nil, nil); st != 204 {
		t.Fatalf("confirm supplement: %d %s", st, body)
	}
	// The result, through the dossier API.
	result := pdf("Giấy xác nhận tình trạng hôn nhân số 27")
	sha := w.staffUpload(specialistTS, result)
	w.act(specialistTS, accepted, map[string]any{"action": "attach_result", "result_code": "27/2026/XNTTHN", "result_files": []string{sha}})
	w.act(specialistTS, accepted, map[string]any{"action": "forward"})
	w.act(headTS, accepted, map[string]any{"action": "approve"})
	w.act(leaderTS, accepted, map[string]any{"action": "sign"})
	w.act(leaderTS, accepted, map[string]any{"action": "return_to_onestop"})
	w.act(officerTS, accepted, map[string]any{"action": "notify_early_return", "channel": "email"})
	w.act(officerTS, accepted, map[string]any{"action": "return", "return": map[string]string{"method": "online"}})
	b.do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#result-0")))
	got := b.eval(`fetch(document.querySelector('#result-0').href).then(r => r.text())`)
	if got != string(result) {
		t.Fatalf("downloaded result %q", got)
	}
	if st := b.text("#dossier-status"); st != "Đã trả kết quả" {
		t.Fatalf("status %q", st)
	}
	// Public tracking (what the receipt's QR code opens): state, no personal data.
	p := newTab(t, browser)
	p.do(chromedp.Navigate(e.URL+"/tra-cuu?ma="+url.QueryEscape(accepted)), chromedp.WaitVisible(chromedp.CSS("#track-status")))
	if st := p.text("#track-status"); st != "Đã trả kết quả" {
		t.Fatalf("tracking status %q", st)
	}
	h := p.html()
	for _, s := range []string{fullName, idNumber, phone, email, "Mai"} {
		if strings.Contains(h, s) {
			t.Fatalf("tracking page reveals %q", s)
		}
	}
	if !strings.Contains(h, "L. T. M.") {
		t.Fatal("tracking page should show the initials")
	}
}
