package catalogui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/textfold"
)

type adminListPage struct {
	Query   string
	Field   string
	Fields  []procedure.Field
	Results *procedure.Results
	Today   string
	Prev    string
	Next    string
}

// Status describes a newest version for the administrator.
func (p adminListPage) Status(h procedure.Hit) string {
	switch {
	case h.EffectiveUntil != "" && h.EffectiveUntil <= p.Today:
		return "Đã bãi bỏ"
	case h.EffectiveFrom > p.Today:
		return "Chưa có hiệu lực"
	case h.EffectiveUntil != "":
		return "Sắp bãi bỏ"
	}
	return "Đang áp dụng"
}

func (h *Handler) handleAdminList(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	page := adminListPage{Query: textfold.NFC(qv.Get("q")), Field: qv.Get("linh-vuc"), Today: h.svc.Today()}
	n, _ := strconv.Atoi(qv.Get("trang"))
	res, err := h.svc.Search(r.Context(), procedure.Query{Text: page.Query, Field: page.Field, Latest: true, Page: n, PerPage: 50})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	page.Results = res
	if page.Fields, err = h.svc.Fields(r.Context()); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	link := func(p int) string {
		v := url.Values{}
		if page.Query != "" {
			v.Set("q", page.Query)
		}
		if page.Field != "" {
			v.Set("linh-vuc", page.Field)
		}
		v.Set("trang", strconv.Itoa(p))
		return "/quan-tri/thu-tuc?" + v.Encode()
	}
	if res.Page > 1 {
		page.Prev = link(res.Page - 1)
	}
	if res.Page < res.Pages() {
		page.Next = link(res.Page + 1)
	}
	v := h.srv.NewView(r, "Danh mục thủ tục hành chính", page)
	if qv.Get("da-luu-linh-vuc") != "" {
		v.Flash = "Đã lưu lĩnh vực."
	}
	h.pages.Render(w, http.StatusOK, "admin_list", v)
}
