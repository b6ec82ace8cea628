package web_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/web"
)

// A menu item with a count shows it after its label, "(3)", hidden from
// screen readers, which hear the words instead; no count when it is zero
// or fails; an item the user cannot see is not counted.
func TestNavCount(t *testing.T) {
	e := apptest.Start(t, apptest.Options{NoDemo: true})
	var n atomic.Int64
	n.Store(3)
	var hiddenCalls atomic.Int64
	e.App.Server.AddNav(
		web.NavItem{Label: "Việc chờ", Href: "/thu/viec-cho", Staff: true, Order: 1, CountLabel: "%d việc đang chờ",
			Count: func(ctx context.Context, p *account.Principal) (int, error) {
				if p == nil || p.Username != "admin" {
					t.Errorf("counted for %+v", p)
				}
				return int(n.Load()), nil
			}},
		web.NavItem{Label: "Hỏng", Href: "/thu/hong", Staff: true, Order: 2,
			Count: func(context.Context, *account.Principal) (int, error) {
				return 7, errors.New("cơ sở dữ liệu bận")
			}},
		web.NavItem{Label: "Chuyên viên", Href: "/thu/chuyen-vien", Staff: true, Roles: []account.Role{account.RoleSpecialist}, Order: 3,
			Count: func(context.Context, *account.Principal) (int, error) { hiddenCalls.Add(1); return 1, nil }},
	)
	admin := e.Login(t, "admin", "")
	link := func(href string) *goquery.Selection {
		t.Helper()
		st, body := e.Get(t, admin, "/can-bo")
		if st != http.StatusOK {
			t.Fatalf("/can-bo = %d", st)
		}
		d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return d.Find(`header nav a[href="` + href + `"]`)
	}
	a := link("/thu/viec-cho")
	if a.Find(`span[aria-hidden="true"]`).Text() != "(3)" || a.Find(".sr-only").Text() != ", 3 việc đang chờ" ||
		!strings.HasPrefix(strings.TrimSpace(a.Text()), "Việc chờ") {
		t.Fatalf("menu item %q", a.Text())
	}
	if b := link("/thu/hong"); b.Length() != 1 || b.Find("span").Length() != 0 {
		t.Fatalf("a failed count is shown: %q", b.Text())
	}
	n.Store(0)
	if a := link("/thu/viec-cho"); a.Find("span").Length() != 0 || strings.TrimSpace(a.Text()) != "Việc chờ" {
		t.Fatalf("zero shown: %q", a.Text())
	}
	if hiddenCalls.Load() != 0 || link("/thu/chuyen-vien").Length() != 0 {
		t.Fatal("an item the user cannot see was counted or shown")
	}
	// Without a CountLabel the words are generic.
	if got := (web.NavItem{N: 2}).CountText("vi"); got != "2 mục đang chờ" {
		t.Fatalf("CountText = %q", got)
	}
}
