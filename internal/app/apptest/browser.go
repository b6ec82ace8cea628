package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser starts headless Chromium for the test and returns a browser
// context (the first action run on it starts the browser; give it no
// timeout) and a function to derive per-step timeouts. Phone viewport when
// phone is true (390×844), else 1280×900.
func Browser(t testing.TB, phone bool) context.Context {
	t.Helper()
	path := ChromiumPath(t)
	w, h := 1280, 900
	if phone {
		w, h = 390, 844
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(w, h))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser
		cancelB()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancelB(); cancelA() })
	if phone {
		// Headless Chromium keeps windows at least 500 px wide; emulate the
		// device so pages are really laid out at 390 px.
		ctx = context.WithValue(ctx, phoneKey{}, true)
		if err := chromedp.Do(ctx, phoneViewport()); err != nil {
			t.Fatalf("phone viewport: %v", err)
		}
	}
	return ctx
}

type phoneKey struct{}

func phoneViewport() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)
}

// NewTab opens a new tab (a separate page, same browser profile) on ctx.
func NewTab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if browser.Value(phoneKey{}) != nil {
		if err := chromedp.Do(ctx, phoneViewport()); err != nil {
			t.Fatalf("phone viewport: %v", err)
		}
	}
	return ctx
}

// Step returns ctx with a timeout for one step of a journey.
func Step(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d == 0 {
		d = 30 * time.Second
	}
	return context.WithTimeout(ctx, d)
}
