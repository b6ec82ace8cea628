package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	_ "github.com/motcua/motcua/internal/admin"
	"github.com/motcua/motcua/internal/app/apptest"
	_ "github.com/motcua/motcua/internal/calendarui"
	_ "github.com/motcua/motcua/internal/notify"
)

// TestAccessibility fetches the pages of the finished modules (core,
// administration, calendar, notification administration) as a visitor and
// as the administrator, in Vietnamese and in English, with and without field
// errors, and checks structural accessibility rules on the HTML: language,
// one h1 and no skipped heading level, a label for every form control,
// references that resolve, alternative text, table headers with a scope,
// names on links and buttons, the skip link. For English pages it also
// checks that the interface chrome (labels, buttons, headings, column
// headers, navigation) is translated.
func TestAccessibility(t *testing.T) {
	e := apptest.Start(t)
	admin := e.Login(t, "admin", "")
	adminEN := e.Login(t, "admin", "")
	anonEN := e.Client()
	for _, c := range []*http.Client{adminEN, anonEN} {
		if st, _ := e.Get(t, c, "/co-quan?lang=en"); st != http.StatusOK {
			t.Fatalf("switch to English: %d", st)
		}
	}

	public := []string{
		"/dang-nhap",
		"/co-quan",
		"/co-quan?q=thanh+sen",
		"/co-quan/000.00.01.H27",
		"/lich/2026",
		"/lich/2031", // a proposed (not official) year
		"/khong-co-trang-nay",
	}
	staff := []string{
		"/can-bo",
		"/tai-khoan/mat-khau",
		"/quan-tri",
		"/quan-tri/co-quan",
		"/quan-tri/co-quan/moi",
		"/quan-tri/co-quan/000.00.01.H27",
		"/quan-tri/nguoi-dung",
		"/quan-tri/nguoi-dung?vai-tro=one_stop_officer",
		"/quan-tri/nguoi-dung/moi",
		"/quan-tri/nguoi-dung/motcua.tinh1",
		"/quan-tri/nguoi-dung/admin",
		"/quan-tri/nguoi-dung/motcua.tinh1/mat-khau",
		"/quan-tri/nhat-ky",
		"/quan-tri/lich",
		"/quan-tri/lich/2026",
		"/quan-tri/lich/2031",
		"/quan-tri/mau-thong-bao",
		"/quan-tri/mau-thong-bao/received/email",
		"/quan-tri/mau-thong-bao/received/sms",
		"/quan-tri/thong-bao",
	}
	type page struct {
		name string
		lang string
		body string
	}
	var pages []page
	get := func(c *http.Client, lang, path string) {
		st, body := e.Get(t, c, path)
		if st != http.StatusOK && !(path == "/khong-co-trang-nay" && st == http.StatusNotFound) {
			t.Errorf("GET %s (%s): status %d", path, lang, st)
			return
		}
		pages = append(pages, page{"GET " + path, lang, body})
	}
	post := func(c *http.Client, lang, path string, form url.Values) {
		st, loc, body := e.Post(t, c, path, form)
		if st < 400 {
			t.Errorf("POST %s (%s): status %d %s, want a form with errors", path, lang, st, loc)
			return
		}
		pages = append(pages, page{"POST " + path, lang, body})
	}
	for _, p := range public {
		get(nil, "vi", p)
		get(anonEN, "en", p)
	}
	for _, p := range staff {
		get(admin, "vi", p)
		get(adminEN, "en", p)
	}
	// Forms re-rendered with field errors.
	for _, l := range []struct {
		lang     string
		anon, cl *http.Client
	}{{"vi", e.Client(), admin}, {"en", anonEN, adminEN}} {
		post(l.anon, l.lang, "/dang-nhap", url.Values{"username": {""}, "password": {""}})
		post(l.cl, l.lang, "/tai-khoan/mat-khau", url.Values{"current_password": {""}})
		post(l.cl, l.lang, "/quan-tri/co-quan", url.Values{"name": {""}})
		post(l.cl, l.lang, "/quan-tri/nguoi-dung", url.Values{"username": {"Sai tên"}})
		post(l.cl, l.lang, "/quan-tri/nguoi-dung/motcua.tinh1/mat-khau", url.Values{"new_password": {"ngắn"}})
		post(l.cl, l.lang, "/quan-tri/lich/2026/ngay", url.Values{"date": {""}})
		post(l.cl, l.lang, "/quan-tri/mau-thong-bao/received/sms", url.Values{"body": {""}})
	}

	for _, p := range pages {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.body))
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		for _, problem := range checkPage(doc, p.lang) {
			t.Errorf("%s (%s): %s", p.name, p.lang, problem)
		}
	}
}

// checkPage returns the accessibility problems found in one page.
func checkPage(doc *goquery.Document, lang string) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }

	if got := doc.Find("html").AttrOr("lang", ""); got != lang {
		bad("<html lang=%q>, want %q", got, lang)
	}
	if n := doc.Find("title").Length(); n != 1 || strings.TrimSpace(doc.Find("title").Text()) == "" {
		bad("page needs one non-empty <title>")
	}
	if doc.Find("main#main").Length() != 1 {
		bad("no <main id=main>")
	} else if doc.Find(`a.skip[href="#main"]`).Length() != 1 {
		bad("no skip link to #main")
	}

	// Headings: exactly one h1, the first heading, and no skipped level.
	if n := doc.Find("h1").Length(); n != 1 {
		bad("%d <h1>, want exactly 1", n)
	}
	prev := 0
	doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
		level := int(goquery.NodeName(s)[1] - '0')
		if strings.TrimSpace(s.Text()) == "" {
			bad("empty <%s>", goquery.NodeName(s))
		}
		if level > prev+1 {
			bad("<%s> %q follows h%d (skipped level)", goquery.NodeName(s), short(s.Text()), prev)
		}
		prev = level
	})

	// Ids are unique, and every id reference resolves.
	ids := map[string]int{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { ids[s.AttrOr("id", "")]++ })
	for id, n := range ids {
		if n > 1 {
			bad("id %q used %d times", id, n)
		}
	}
	for _, attr := range []string{"aria-describedby", "aria-labelledby", "aria-controls"} {
		doc.Find("[" + attr + "]").Each(func(_ int, s *goquery.Selection) {
			for _, id := range strings.Fields(s.AttrOr(attr, "")) {
				if ids[id] == 0 {
					bad("%s %s=%q: no element with id %q", describe(s), attr, s.AttrOr(attr, ""), id)
				}
			}
		})
	}
	doc.Find("label[for]").Each(func(_ int, s *goquery.Selection) {
		if ids[s.AttrOr("for", "")] == 0 {
			bad("<label for=%q>: no such control", s.AttrOr("for", ""))
		}
	})

	// Every form control has a label (or an ARIA name).
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		switch s.AttrOr("type", "text") {
		case "hidden", "submit", "button", "reset", "image":
			return
		}
		if strings.TrimSpace(s.AttrOr("aria-label", "")) != "" || s.AttrOr("aria-labelledby", "") != "" {
			return
		}
		if s.ParentsFiltered("label").Length() > 0 && strings.TrimSpace(s.ParentsFiltered("label").First().Text()) != "" {
			return
		}
		id, ok := s.Attr("id")
		if !ok || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			bad("%s has no label", describe(s))
			return
		}
		if strings.TrimSpace(doc.Find(`label[for="`+id+`"]`).Text()) == "" {
			bad("%s: its label is empty", describe(s))
		}
	})
	// An error shown next to a field is announced with it.
	doc.Find(`[aria-invalid="true"]`).Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("aria-describedby", "") == "" {
			bad("%s is aria-invalid without aria-describedby", describe(s))
		}
	})
	doc.Find(".field-error[id]").Each(func(_ int, s *goquery.Selection) {
		id := s.AttrOr("id", "")
		if role := s.AttrOr("role", ""); doc.Find(`[aria-describedby~="`+id+`"]`).Length() == 0 && role != "alert" && role != "status" {
			bad("error %q (#%s) is not referenced by any aria-describedby", short(s.Text()), id)
		}
	})

	// Images have alternative text; links and buttons have a name.
	doc.Find("img").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("alt"); !ok {
			bad("%s has no alt", describe(s))
		}
	})
	doc.Find("a[href], button").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Text()) == "" && strings.TrimSpace(s.AttrOr("aria-label", "")) == "" && s.Find("img[alt]").Length() == 0 {
			bad("%s has no accessible name", describe(s))
		}
	})
	doc.Find(`a[href="#"], a:not([href])`).Each(func(_ int, s *goquery.Selection) {
		if _, named := s.Attr("id"); !named || s.AttrOr("href", "") == "#" {
			bad("%s: a link that goes nowhere should be a button", describe(s))
		}
	})

	// Data tables have header cells with a scope.
	doc.Find("table").Each(func(_ int, s *goquery.Selection) {
		if s.Find("th").Length() == 0 {
			bad("table %s has no <th>", describe(s))
		}
		s.Find("th").Each(func(_ int, th *goquery.Selection) {
			if th.AttrOr("scope", "") == "" {
				bad("<th> %q has no scope", short(th.Text()))
			}
		})
	})

	// Landmarks: more than one <nav> need names to tell them apart.
	if navs := doc.Find("nav"); navs.Length() > 1 {
		navs.Each(func(_ int, s *goquery.Selection) {
			if s.AttrOr("aria-label", "") == "" && s.AttrOr("aria-labelledby", "") == "" {
				bad("%s: several <nav> on the page and this one has no name", describe(s))
			}
		})
	}
	if doc.Find(`header nav [aria-current="page"]`).Length() > 1 {
		bad("several header links are aria-current=page")
	}
	// aria-label on an element without a role is ignored by screen readers.
	doc.Find("div[aria-label], span[aria-label], p[aria-label]").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("role", "") == "" {
			bad("%s: aria-label on a generic element without a role", describe(s))
		}
	})

	if lang == "en" {
		out = append(out, untranslated(doc)...)
	}
	return out
}

// vietnamese matches letters only Vietnamese uses (not English): ă â đ ê ô ơ
// ư and the tone marks on vowels.
var vietnamese = regexp.MustCompile(`[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]`)

// untranslated lists interface text left in Vietnamese on an English page:
// labels, buttons, legends, summaries, column headers, captions, headings
// and navigation links. Data (agency and person names, holiday names) may
// be Vietnamese; mark such text with lang="vi" to have it read correctly.
func untranslated(doc *goquery.Document) []string {
	var out []string
	doc.Find(`label, button, legend, summary, th[scope=col], caption, h1, h2, h3, nav a, .hint, option[value=""]`).Each(func(_ int, s *goquery.Selection) {
		c := s.Clone()
		c.Find(`[lang="vi"], code, option`).Remove()
		if s.Is("h1, h2, h3") && s.Closest("li").Length() > 0 {
			return // a result title: data
		}
		if s.ParentsFiltered(`[lang="vi"]`).Length() > 0 || s.AttrOr("lang", "") == "vi" {
			return
		}
		if s.Closest("header").Length() > 0 && s.Is("a") && !finishedNav[s.AttrOr("href", "")] {
			return // a menu item of a module still being written
		}
		if txt := strings.Join(strings.Fields(c.Text()), " "); vietnamese.MatchString(txt) {
			out = append(out, fmt.Sprintf("untranslated <%s>: %q", goquery.NodeName(s), short(txt)))
		}
	})
	return out
}

// finishedNav are the header links of the finished modules (core,
// administration, calendar, notifications), whose English is checked.
var finishedNav = map[string]bool{
	"/": true, "/can-bo": true, "/tai-khoan/mat-khau": true, "/co-quan": true, "/lich": true,
	"/quan-tri": true, "/quan-tri/nhat-ky": true, "/quan-tri/lich": true,
	"/quan-tri/mau-thong-bao": true, "/quan-tri/thong-bao": true,
}

func describe(s *goquery.Selection) string {
	var b strings.Builder
	b.WriteString("<" + goquery.NodeName(s))
	for _, a := range []string{"id", "name", "type", "class", "href"} {
		if v, ok := s.Attr(a); ok {
			fmt.Fprintf(&b, " %s=%q", a, v)
		}
	}
	b.WriteString(">")
	if txt := short(s.Text()); txt != "" {
		b.WriteString(" " + strconvQuote(txt))
	}
	return b.String()
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// phoneProblems runs in the page: horizontal overflow, a header taller than
// 30% of the screen, and controls smaller than 24×24 CSS pixels (WCAG 2.5.8;
// links inside a sentence or a table cell, and check boxes with a label, are
// exempt).
const phoneProblems = `(() => {
  const out = [];
  if (screen.width !== 390) out.push("the screen is " + screen.width + "px wide, not 390 (emulation failed)");
  if (document.documentElement.scrollWidth > 390) out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + "px wide in a 390px screen");
  const h = document.querySelector("header.site");
  if (h && h.getBoundingClientRect().height > 0.3 * innerHeight) out.push("the header takes " + Math.round(h.getBoundingClientRect().height) + "px of a " + innerHeight + "px screen");
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || (r.width >= 24 && r.height >= 24)) continue;
    if (el.tagName === "A" && getComputedStyle(el).display === "inline" && el.closest("p, li, dd, td, th, caption") && !el.closest("nav")) continue;
    if ((el.type === "checkbox" || el.type === "radio") && (el.closest("label") || (el.id && document.querySelector('label[for="' + el.id + '"]')))) continue;
    out.push("small target " + Math.round(r.width) + "×" + Math.round(r.height) + ": " + el.outerHTML.slice(0, 100));
  }
  return out.join("\n");
})()`

// TestPhoneLayout opens the finished modules' pages in headless Chromium at
// 390×844 (a phone) and checks what only a browser can see: nothing wider
// than the screen, a header that leaves room for the page, targets big
// enough for a finger. Skipped without Chromium (see apptest.ChromiumPath).
func TestPhoneLayout(t *testing.T) {
	browser := apptest.Browser(t, true)
	e := apptest.Start(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := apptest.Step(browser, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	// Headless Chromium keeps windows at least 500px wide: emulate the phone.
	do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	check := func(path string) {
		t.Helper()
		do(chromedp.Navigate(e.URL + path))
		ctx, cancel := apptest.Step(browser, 30*time.Second)
		defer cancel()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](phoneProblems))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("%s on a phone:\n%s", path, got)
		}
	}
	for _, p := range []string{"/co-quan", "/co-quan/000.00.01.H27", "/lich/2026", "/lich/2026?lang=en", "/dang-nhap?lang=vi"} {
		check(p)
	}
	do(chromedp.Navigate(e.URL+"/dang-nhap"), chromedp.SendKeys("#f-username", "admin"), chromedp.SendKeys("#f-password", apptest.AdminPassword))
	ctx, cancel := apptest.Step(browser, 30*time.Second)
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click("#main button[type=submit]")))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = apptest.Step(browser, 30*time.Second)
	signedIn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('form[action="/dang-xuat"]')`))
	cancel()
	if err != nil || !signedIn {
		t.Fatalf("sign-in in the browser failed (%v)", err)
	}
	for _, p := range []string{
		"/can-bo", "/quan-tri", "/quan-tri/co-quan", "/quan-tri/co-quan/000.00.01.H27", "/quan-tri/nguoi-dung",
		"/quan-tri/nguoi-dung/moi", "/quan-tri/nhat-ky", "/quan-tri/lich", "/quan-tri/lich/2026", "/quan-tri/lich/2031",
		"/quan-tri/mau-thong-bao", "/quan-tri/mau-thong-bao/received/sms", "/quan-tri/thong-bao", "/tai-khoan/mat-khau",
	} {
		check(p)
	}
}
