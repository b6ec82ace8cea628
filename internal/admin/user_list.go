package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/textfold"
)

// usersPerPage is the page size of the user list.
const usersPerPage = 50

type userRow struct {
	*account.User
	RoleLabels []string
	Self       bool
}

type userListData struct {
	Agencies []option
	Roles    []option
	Statuses []option
	Rows     []userRow
	Total    int
	Page     int
	PrevURL  string
	NextURL  string
}

// scopedUser returns the user when their agency lies in the principal's
// subtree, else not_found.
func (h *Handler) scopedUser(ctx context.Context, p *account.Principal, username string) (*account.User, error) {
	u, err := h.accounts.ByUsername(ctx, username)
	if err != nil || !p.InScope(u.AgencyPath) {
		return nil, errNotFound
	}
	return u, nil
}

func roleLabels(rs []account.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return out
}

func (h *Handler) handleUserList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	q := r.URL.Query()
	scope, err := h.scopeAgencies(ctx, p)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	d := userListData{}
	path := p.AgencyPath
	for _, a := range scope {
		sel := q.Get("co-quan") == a.Code
		if sel {
			path = a.Path // the agency and its units
		}
		d.Agencies = append(d.Agencies, option{Value: a.Code, Label: a.Name, Depth: a.Depth, Selected: sel})
	}
	role := account.Role(q.Get("vai-tro"))
	for _, x := range account.Roles {
		d.Roles = append(d.Roles, option{Value: string(x), Label: x.Label(), Selected: x == role})
	}
	status := q.Get("trang-thai")
	for _, s := range []option{{Value: "hoat-dong", Label: "Đang hoạt động"}, {Value: "ngung", Label: "Ngừng hoạt động"}} {
		s.Selected = s.Value == status
		d.Statuses = append(d.Statuses, s)
	}
	users, err := h.accounts.List(ctx, account.UserFilter{AgencyPath: path})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	text := textfold.Fold(q.Get("q"))
	var rows []userRow
	for _, u := range users {
		if role.Valid() && !(&account.Principal{Roles: u.Roles}).Has(role) {
			continue
		}
		if (status == "hoat-dong" && !u.Active) || (status == "ngung" && u.Active) {
			continue
		}
		if text != "" && !strings.Contains(textfold.Fold(strings.Join([]string{u.Username, u.FullName, u.Title, u.Phone, u.Email}, " ")), text) {
			continue
		}
		rows = append(rows, userRow{User: u, RoleLabels: roleLabels(u.Roles), Self: u.ID == p.UserID})
	}
	d.Total = len(rows)
	d.Page, _ = strconv.Atoi(q.Get("trang"))
	pages := max(1, (d.Total+usersPerPage-1)/usersPerPage)
	d.Page = min(max(d.Page, 1), pages)
	start := (d.Page - 1) * usersPerPage
	d.Rows = rows[start:min(start+usersPerPage, d.Total)]
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("trang", strconv.Itoa(n))
		return "/quan-tri/nguoi-dung?" + v.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = pageURL(d.Page - 1)
	}
	if d.Page < pages {
		d.NextURL = pageURL(d.Page + 1)
	}
	h.render(w, r, page{name: "user_list", title: "Quản lý người dùng", data: d, form: q})
}
