package catalogui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
)

// tab is one browser tab of the journey with per-step timeouts.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

// newTab opens a tab in a fresh browser profile (its own cookies). Its first
// action must run without a timeout: the context of that call owns the tab,
// and cancelling it would close the tab.
func newTab(t *testing.T, browser context.Context) tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return tab{t, ctx}
}

// load runs a step that leaves the page and waits for the next one.
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
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestBrowserSearchAndAdminValidation: a citizen on a phone searches without
// accents from the home page, opens "Đăng ký khai sinh" and sees its
// documents; an administrator tries to create a procedure without a name and
// sees the error next to the field, and nothing is saved.
func TestBrowserSearchAndAdminValidation(t *testing.T) {
	e := apptest.Start(t)
	browser := apptest.Browser(t, true)

	citizen := newTab(t, browser)
	citizen.do(chromedp.Navigate(e.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	// No autofocus on public pages (screen-reader users would skip the
	// header and the heading); the box is labelled and one tap away.
	if f := citizen.eval(`document.activeElement.id`); f == "q" {
		t.Fatal("the public search box must not steal the focus")
	}
	if l := citizen.eval(`document.querySelector('label[for=q]') ? 'yes' : 'no'`); l != "yes" {
		t.Fatal("the search box needs a visible label")
	}
	citizen.do(chromedp.Click(chromedp.ID("q")))
	// Suggestions appear while typing (a prefix of the last word is enough).
	citizen.do(chromedp.SendKeys(chromedp.ID("q"), "dang ky khai sin"), chromedp.WaitVisible(chromedp.CSS("#goi-y li a")))
	if got := citizen.eval(`document.querySelector('#goi-y li a').textContent`); got != "Đăng ký khai sinh" {
		t.Fatalf("first suggestion %q", got)
	}
	citizen.load(chromedp.SendKeys(chromedp.ID("q"), "h\r"))
	if got := citizen.eval(`document.querySelector('#ket-qua li a').textContent`); got != "Đăng ký khai sinh" {
		t.Fatalf("first result %q", got)
	}
	citizen.load(chromedp.Click(chromedp.CSS("#ket-qua li a")))
	if got := citizen.eval(`document.querySelector('h1').textContent`); got != "Đăng ký khai sinh" {
		t.Fatalf("opened %q", got)
	}
	docs := citizen.eval(`Array.from(document.querySelectorAll('table.catalog-docs tbody tr')).map(r => r.innerText).join('\n')`)
	for _, want := range []string{"Giấy chứng sinh", "Tờ khai đăng ký khai sinh", "Trường hợp trẻ em bị bỏ rơi"} {
		if !strings.Contains(docs, want) {
			t.Errorf("documents lack %q:\n%s", want, docs)
		}
	}
	// Phone-friendly: the page does not scroll sideways.
	if w := citizen.eval(`String(document.documentElement.scrollWidth <= window.innerWidth + 1)`); w != "true" {
		t.Errorf("the procedure page is wider than the phone screen")
	}

	admin := newTab(t, browser)
	admin.do(chromedp.Navigate(e.URL + "/dang-nhap"))
	admin.do(chromedp.SendKeys(chromedp.ID("f-username"), "admin"))
	admin.load(chromedp.SendKeys(chromedp.ID("f-password"), apptest.AdminPassword+"\r"))
	admin.do(chromedp.Navigate(e.URL + "/quan-tri/thu-tuc/moi"))
	admin.do(chromedp.SendKeys(chromedp.ID("f-code"), "9.000200"),
		chromedp.SetValue(chromedp.ID("f-field"), "HT"),
		chromedp.SendKeys(chromedp.ID("f-time_value"), "3"),
		chromedp.SendKeys(chromedp.ID("f-result_name"), "Giấy xác nhận"),
		chromedp.SendKeys(chromedp.ID("f-doc_0_name"), "Tờ khai"))
	admin.load(chromedp.Click(chromedp.ID("luu")))
	if got := admin.eval(`document.getElementById('err-name') ? document.getElementById('err-name').textContent : ''`); !strings.Contains(got, "Vui lòng nhập tên thủ tục") {
		t.Fatalf("no error next to the name: %q (%s)", got, admin.eval(`location.href`))
	}
	if got := admin.eval(`document.getElementById('f-name').getAttribute('aria-invalid') + ' ' + document.getElementById('f-name').getAttribute('aria-describedby')`); got != "true err-name" {
		t.Fatalf("name field: %q", got)
	}
	// The other values were kept.
	if got := admin.eval(`document.getElementById('f-code').value + '|' + document.getElementById('f-doc_0_name').value`); got != "9.000200|Tờ khai" {
		t.Fatalf("kept values %q", got)
	}
	if dir := os.Getenv("MOTCUA_SCREENSHOTS"); dir != "" {
		for name, b := range map[string]tab{"catalog-admin-error.png": admin} {
			ctx, cancel := apptest.Step(b.ctx, 30*time.Second)
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			cancel()
			if err == nil {
				os.WriteFile(filepath.Join(dir, name), shot, 0o644)
			}
		}
	}
	svc := e.App.Service("procedures").(*procedure.Service)
	if _, err := svc.Latest(context.Background(), "9.000200"); !apperr.Is(err, apperr.CodeNotFound) {
		t.Fatalf("the invalid procedure was saved: %v", err)
	}
}
