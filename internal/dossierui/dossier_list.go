package dossierui

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/web"
)

// listPage is the dossier search page.
type listPage struct {
	Page     *dossier.Page
	Statuses []option
	Agencies []option
	Prev     string // link to the previous page, "" on the first
	Next     string
}

// statusOptions lists the status filter choices.
func statusOptions() []option {
	out := []option{{"", "Tất cả"}, {"open", "Đang giải quyết (mọi trạng thái mở)"}, {"late", "Quá hạn"}}
	for _, s := range workflow.States {
		if s == workflow.Draft {
			continue
		}
		out = append(out, option{string(s), s.Label()})
	}
	return out
}

func (h *Handler) handleList(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	q := r.URL.Query()
	f := dossier.ListFilter{Status: trim(q.Get("trang_thai")), Agency: trim(q.Get("co_quan")), Procedure: trim(q.Get("thu_tuc")),
		Query: trim(q.Get("q")), PerPage: 50}
	f.Page, _ = strconv.Atoi(q.Get("trang"))
	var v apperr.Validation
	if s := trim(q.Get("han_truoc")); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, web.Loc)
		v.Check(err == nil, "han_truoc", "Ngày không hợp lệ.")
		// Due before the end of that day.
		f.DueBefore = t.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	page := &listPage{Statuses: statusOptions()}
	ags, err := h.agencies.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, o := range agencyOptions(ags) {
		if a := findAgency(ags, o.Value); a != nil && p.InScope(a.Path) {
			page.Agencies = append(page.Agencies, o)
		}
	}
	err = v.Err()
	if err == nil {
		page.Page, err = h.dossiers.List(r.Context(), p, f)
	}
	if err != nil {
		if apperr.Code(err) != apperr.CodeInvalid {
			h.fail(w, r, err)
			return
		}
		err = formFields(err, map[string]string{"status": "trang_thai", "agency": "co_quan", "q": "q", "procedure": "thu_tuc"})
		h.render(w, r, http.StatusBadRequest, "list", "Tìm hồ sơ", page, q, err)
		return
	}
	link := func(n int) string {
		u := url.Values{}
		for k, vs := range q {
			u[k] = vs
		}
		u.Set("trang", strconv.Itoa(n))
		return "/can-bo/ho-so?" + u.Encode()
	}
	if page.Page.Page > 1 {
		page.Prev = link(page.Page.Page - 1)
	}
	if page.Page.Page*page.Page.PerPage < page.Page.Total {
		page.Next = link(page.Page.Page + 1)
	}
	h.render(w, r, http.StatusOK, "list", "Tìm hồ sơ", page, q, nil)
}
