package dossierui_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
)

// EnvRequirePDFTools makes a missing pdftotext fail the journey instead of
// skipping the check of the PDFs' text.
const EnvRequirePDFTools = "MOTCUA_REQUIRE_PDFTOOLS"

// EnvScreenshots names a directory to keep the journey's screenshots in
// (default: the test's temporary directory).
const EnvScreenshots = "MOTCUA_SCREENSHOTS"

// user is one person at a browser: their own browser context (cookies).
type user struct {
	t    *testing.T
	e    *apptest.Env
	name string
	ctx  context.Context
}

// signIn opens a new browser context for the user and signs in with the
// keyboard.
func signIn(t *testing.T, e *apptest.Env, browser context.Context, name string) *user {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action opens the tab and binds it to its context: give it
	// no timeout, so later steps' timeouts do not close the tab.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: open a tab: %v", name, err)
	}
	u := &user{t: t, e: e, name: name, ctx: ctx}
	u.do(chromedp.Navigate(e.URL + "/dang-nhap"))
	u.do(chromedp.SendKeys(chromedp.ID("f-username"), name))
	u.load(chromedp.SendKeys(chromedp.ID("f-password"), app.DefaultDemoPassword+"\r"))
	if loc := u.location(); !strings.HasSuffix(loc, "/can-bo") {
		t.Fatalf("%s: sign-in ended at %s", name, loc)
	}
	return u
}

// do runs steps with a per-step timeout.
func (u *user) do(steps ...chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	ctx, cancel := apptest.Step(u.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		u.t.Fatalf("%s: %v", u.name, err)
	}
}

// load runs a step that navigates (a key that submits a form or follows a
// link) and waits for the new page.
func (u *user) load(trigger chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	ctx, cancel := apptest.Step(u.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		u.t.Fatalf("%s: %v", u.name, err)
	}
}

// goTo opens a page of the site.
func (u *user) goTo(path string) {
	u.t.Helper()
	u.do(chromedp.Navigate(u.e.URL + path))
}

// keys types on the focused element.
func (u *user) keys(s string) { u.t.Helper(); u.do(chromedp.KeyEvent(s)) }

// enter presses Enter on the focused element and waits for the next page.
func (u *user) enter() { u.t.Helper(); u.load(chromedp.KeyEvent("\r")) }

// run runs an action that reads the page. Right after a navigation the
// browser can answer "Cannot find context with specified id" while the new
// document's JavaScript context is being announced; such reads are retried.
func run[T any](u *user, a chromedp.Action[T]) (T, error) {
	ctx, cancel := apptest.Step(u.ctx, 30*time.Second)
	defer cancel()
	for {
		v, err := chromedp.Run(ctx, a)
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") || ctx.Err() != nil {
			return v, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func eval[T any](u *user, js string) T {
	u.t.Helper()
	v, err := run(u, chromedp.Evaluate[T](js))
	if err != nil {
		u.t.Fatalf("%s: %s: %v", u.name, js, err)
	}
	return v
}

func (u *user) location() string { u.t.Helper(); return eval[string](u, "location.href") }

// focused returns the id of the element that has the keyboard focus.
func (u *user) focused() string { u.t.Helper(); return eval[string](u, "document.activeElement.id") }

// mustFocus checks the element with the id has the keyboard focus (the
// browser moves it to an autofocus element at its next rendering, so wait
// briefly for it).
func (u *user) mustFocus(id string) {
	u.t.Helper()
	_, err := run(u, chromedp.Poll[bool](fmt.Sprintf("document.activeElement && document.activeElement.id === %q", id),
		chromedp.WithPollingTimeout(3*time.Second)))
	if f := u.focused(); f != id {
		u.t.Fatalf("%s: focus on %q, want %q (%s): %v", u.name, f, id, u.location(), err)
	}
}

// text returns the text of the first element matching sel, waiting a few
// seconds for it to appear.
func (u *user) text(sel string) string {
	u.t.Helper()
	s, err := run(u, chromedp.Poll[*string](fmt.Sprintf("(e => e ? e.textContent : null)(document.querySelector(%q))", sel),
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || s == nil {
		body := eval[string](u, "document.body ? document.body.innerText : ''")
		u.t.Fatalf("%s: no %s on %s (%v):\n%s", u.name, sel, u.location(), err, body)
	}
	return strings.TrimSpace(*s)
}

// flash is the page's confirmation or error message.
func (u *user) messages() string {
	return eval[string](u, `Array.from(document.querySelectorAll('.flash, .alert, .field-error')).map(e => e.textContent.trim()).join(' | ')`)
}

// fetch downloads a page of the site with the browser's cookies.
func (u *user) fetch(path string) []byte {
	u.t.Helper()
	ctx, cancel := apptest.Step(u.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{u.e.URL}})
	if err != nil {
		u.t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", u.e.URL+path, nil)
	for _, c := range res.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		u.t.Fatalf("%s: GET %s = %d %s", u.name, path, r.StatusCode, b)
	}
	return b
}

// openFromInbox opens the inbox, checks the dossier is first, and opens it
// with the keyboard (the first link has the focus).
func (u *user) openFromInbox(code string) {
	u.t.Helper()
	u.goTo("/can-bo/ho-so/cho-xu-ly")
	if got := u.text("#inbox tbody tr:first-child td:first-child"); got != code {
		u.t.Fatalf("%s: first in the inbox is %q, want %s", u.name, got, code)
	}
	u.mustFocus("inbox-first")
	u.enter()
	if got := u.text("#dossier-code"); got != code {
		u.t.Fatalf("%s: opened %q", u.name, got)
	}
}

// actFirst takes the action whose form is open and focused: it types the
// note (if any) and presses Enter.
func (u *user) actFirst(action, note string) {
	u.t.Helper()
	u.mustFocus(action + "-note")
	u.keys(note)
	u.enter()
	if m := u.messages(); !strings.Contains(m, "Đã thực hiện") && !strings.Contains(m, "Đã chuyển hồ sơ") {
		u.t.Fatalf("%s: %s: %s", u.name, action, m)
	}
}

func (u *user) screenshot(dir, name string) string {
	u.t.Helper()
	ctx, cancel := apptest.Step(u.ctx, 30*time.Second)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		u.t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		u.t.Fatal(err)
	}
	return p
}

// pdfText returns the text layer of a PDF, or "" (and skips the checks)
// when pdftotext is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv(EnvRequirePDFTools) == "1" {
			t.Fatalf("%s=1 but pdftotext (poppler-utils) is not installed", EnvRequirePDFTools)
		}
		t.Log("pdftotext not installed: PDF text not checked")
		return ""
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestBrowserJourney is the acceptance of issue 4 in a real browser: a
// one-stop officer receives a dossier at the counter with the keyboard and
// prints the receipt; the division head assigns it, the specialist attaches
// the result and passes it on, the head approves, the leader signs and hands
// it back, and the one-stop returns it — each from their inbox; the control
// sheet lists every hand-over with its verdict.
func TestBrowserJourney(t *testing.T) {
	e := start(t)
	browser := apptest.Browser(t, false)
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	// 1. Counter intake, keyboard only.
	off := signIn(t, e, browser, officer)
	off.goTo("/can-bo/tiep-nhan")
	off.mustFocus("q")
	off.keys("tinh trang hon nhan")
	off.enter()
	if !strings.Contains(off.location(), "thu_tuc=") { // several hits: the first link has the focus
		off.mustFocus("hit-first")
		off.enter()
	}
	if got := off.text("#tt"); got != procName {
		t.Fatalf("procedure %q", got)
	}
	off.mustFocus("d0-ticked")
	off.keys(" ") // tick the declaration form
	// Tab through the checklist: each row has the tick, originals, copies
	// and scan fields, in that order.
	for i := 0; i < 16; i++ {
		off.keys("\t")
	}
	off.mustFocus("d4-ticked")
	off.keys(" ") // tick the identity paper
	off.do(chromedp.SendKeys(chromedp.ID("f-applicant_id"), "042190001234"),
		chromedp.SendKeys(chromedp.ID("f-applicant_name"), "Nguyễn Thị Ánh Tuyết"),
		chromedp.SendKeys(chromedp.ID("f-applicant_phone"), "0912345678"),
		chromedp.SendKeys(chromedp.ID("f-applicant_address"), "Thôn Đông, xã Thạch Khê"),
		chromedp.SendKeys(chromedp.ID("f-fee_receipt"), "0001234"))
	t.Logf("screenshot: %s", off.screenshot(dir, "intake-desktop.png"))
	off.keys("\r") // Enter submits with the first button: Tiếp nhận
	off.load(chromedp.WaitVisible(chromedp.ID("dossier-code")))
	code := off.text("#dossier-code")
	due := off.text("#due-at")
	if !strings.HasPrefix(code, "003.01.00.H27-261123-") || !strings.Contains(due, "09:00 27/11/2026") {
		t.Fatalf("received %q due %q: %s", code, due, off.messages())
	}
	off.mustFocus("print-form")
	href := eval[string](off, `document.getElementById('print-form').getAttribute('href')`)
	receipt := off.fetch(href)
	if txt := pdfText(t, receipt); txt != "" {
		for _, want := range []string{code, "Nguyễn Thị Ánh Tuyết", procName, "09 giờ 00 phút, ngày 27/11/2026"} {
			if !strings.Contains(txt, want) {
				t.Errorf("receipt text lacks %q:\n%s", want, txt)
			}
		}
	}

	// Phone screenshots of the intake page.
	phone := apptest.Browser(t, true)
	ph := signIn(t, e, phone, officer)
	// Headless windows are at least 500 px wide: emulate the phone's 390.
	ph.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	ph.goTo("/can-bo/tiep-nhan?thu_tuc=" + procCode)
	t.Logf("screenshot: %s", ph.screenshot(dir, "intake-phone.png"))

	// 2. The one-stop passes it on from its inbox.
	off.openFromInbox(code)
	off.actFirst("forward", "Chuyển UBND xã")

	// 3. The division head assigns the specialist (the first offered).
	hd := signIn(t, e, browser, head)
	hd.openFromInbox(code)
	hd.mustFocus("assign-assignee")
	if got := eval[string](hd, `document.getElementById('assign-assignee').selectedOptions[0].text`); !strings.HasPrefix(got, "Nguyễn Thị Linh") {
		t.Fatalf("assignee offered first: %q", got)
	}
	hd.keys("\t")
	hd.actFirst("assign", "Giao đồng chí Linh thẩm định")

	// 4. The specialist attaches the result, then passes it on.
	sp := signIn(t, e, browser, specialist)
	sp.openFromInbox(code)
	sp.mustFocus("forward-note")
	sp.keys("\t\t") // past the forward button, to the next action
	if f := sp.focused(); f != "" {
		t.Logf("focus after tabs: %q", f)
	}
	sp.keys("\r") // open "Đính kèm kết quả"
	sp.keys("\t")
	sp.mustFocus("attach_result-result_code")
	sp.keys("15/XN-UBND")
	sp.enter()
	if m := sp.messages(); !strings.Contains(m, "Đã thực hiện") {
		t.Fatalf("attach result: %s", m)
	}
	sp.actFirst("forward", "Đủ điều kiện, đề nghị cấp")

	// 5. The head approves; 6. the leader signs and hands the result back.
	hd.openFromInbox(code)
	hd.actFirst("approve", "")
	ld := signIn(t, e, browser, leader)
	ld.openFromInbox(code)
	ld.actFirst("sign", "")
	ld.mustFocus("return_to_onestop-note") // the signed result goes back to the one-stop
	ld.actFirst("return_to_onestop", "")

	// 7. The one-stop tells the applicant (the result is early) and returns it.
	off.openFromInbox(code)
	off.actFirst("notify_early_return", "Đã nhắn tin")
	off.mustFocus("return-received_by")
	off.keys("Nguyễn Thị Ánh Tuyết")
	off.enter()
	if got := off.text("#status"); got != "Đã trả kết quả" {
		t.Fatalf("status after return: %q (%s)", got, off.messages())
	}

	// The control sheet: every hand-over with its verdict, on the page and in Mẫu 05.
	rows := eval[[]string](off, `Array.from(document.querySelectorAll('#control-sheet tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent.trim()).join(' | '))`)
	steps := []string{"Tiếp nhận, chuyển hồ sơ", "Phân công xử lý", "Thẩm định hồ sơ", "Xem xét, trình ký", "Ký duyệt kết quả", "Trả kết quả"}
	if len(rows) != len(steps) {
		t.Fatalf("control sheet has %d rows, want %d:\n%s", len(rows), len(steps), strings.Join(rows, "\n"))
	}
	for i, r := range rows {
		if !strings.Contains(r, steps[i]) || !(strings.Contains(r, "Trước hạn") || strings.Contains(r, "Đúng hạn") || strings.Contains(r, "Quá hạn")) {
			t.Errorf("control sheet row %d: %s", i+1, r)
		}
	}
	for _, who := range []string{"Lê Thị Huyền", "Hồ Văn Tài", "Nguyễn Thị Linh", "Nguyễn Xuân Bình"} {
		if !strings.Contains(strings.Join(rows, "\n"), who) {
			t.Errorf("control sheet does not name %s:\n%s", who, strings.Join(rows, "\n"))
		}
	}
	if txt := pdfText(t, off.fetch("/api/v1/dossiers/"+code+"/forms/05.pdf")); txt != "" {
		for _, want := range append(steps, code, "Trước hạn") {
			if !strings.Contains(txt, want) {
				t.Errorf("Mẫu 05 text lacks %q:\n%s", want, txt)
			}
		}
	}
	t.Logf("screenshot: %s", off.screenshot(dir, "dossier-desktop.png"))
	ph.goTo("/can-bo/ho-so/" + code)
	t.Logf("screenshot: %s", ph.screenshot(dir, "dossier-phone.png"))
}
