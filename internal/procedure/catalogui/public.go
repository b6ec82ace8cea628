package catalogui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/textfold"
)

// Option is a choice of a select or a filter.
type Option struct {
	Value, Label string
}

// levelSlugs are the public URL values of cap= (Vietnamese, no diacritics).
var levelSlugs = map[string]procedure.Level{"tinh": procedure.LevelProvince, "xa": procedure.LevelCommune, "ca-hai": procedure.LevelBoth}

// onlineSlugs are the public URL values of truc-tuyen=.
var onlineSlugs = map[string]procedure.OnlineLevel{"toan-trinh": procedure.OnlineFull, "mot-phan": procedure.OnlinePartial, "khong": procedure.OnlineNone}

func parseLevel(s string) procedure.Level {
	if l, ok := levelSlugs[s]; ok {
		return l
	}
	return procedure.Level(s)
}

func parseOnline(s string) procedure.OnlineLevel {
	if o, ok := onlineSlugs[s]; ok {
		return o
	}
	return procedure.OnlineLevel(s)
}

type homePage struct {
	Fields []procedure.Field
	Total  int
}

func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request) {
	fields, err := h.svc.Fields(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	page := homePage{Fields: fields}
	for _, f := range fields {
		page.Total += f.Count
	}
	h.render(w, r, http.StatusOK, "home", "Tra cứu thủ tục hành chính", page, nil, nil)
}

// searchPage is the data of the results page.
type searchPage struct {
	Query   string
	Field   string
	Level   string
	Online  string
	Agency  string
	Fields  []procedure.Field
	Levels  []Option
	Onlines []Option
	Results *procedure.Results
	Prev    string // URL of the previous page, "" on the first
	Next    string
}

func (h *Handler) handleSearch(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	page := searchPage{Query: textfold.NFC(qv.Get("q")), Field: qv.Get("linh-vuc"), Level: qv.Get("cap"), Online: qv.Get("truc-tuyen"), Agency: qv.Get("noi-nop"),
		Levels:  []Option{{"", "Tất cả các cấp"}, {"tinh", "Cấp tỉnh"}, {"xa", "Cấp xã"}},
		Onlines: []Option{{"", "Tất cả"}, {"toan-trinh", "Toàn trình"}, {"mot-phan", "Một phần"}, {"khong", "Không có dịch vụ trực tuyến"}}}
	n, _ := strconv.Atoi(qv.Get("trang"))
	q := procedure.Query{Text: page.Query, Field: page.Field, Level: parseLevel(page.Level), Online: parseOnline(page.Online), Agency: page.Agency, Page: n, PerPage: 20}
	res, err := h.svc.Search(r.Context(), q)
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
		for k, x := range map[string]string{"q": page.Query, "linh-vuc": page.Field, "cap": page.Level, "truc-tuyen": page.Online, "noi-nop": page.Agency} {
			if x != "" {
				v.Set(k, x)
			}
		}
		if p > 1 {
			v.Set("trang", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/thu-tuc"
		}
		return "/thu-tuc?" + v.Encode()
	}
	if res.Page > 1 {
		page.Prev = link(res.Page - 1)
	}
	if res.Page < res.Pages() {
		page.Next = link(res.Page + 1)
	}
	title := "Thủ tục hành chính"
	if page.Query != "" {
		title = "Kết quả tìm kiếm"
	}
	h.render(w, r, http.StatusOK, "search", title, page, nil, nil)
}

// showPage is the data of the procedure page.
type showPage struct {
	P        *procedure.Procedure
	Today    string
	InForce  bool   // P applies today
	Ended    bool   // P stopped applying (replaced or retired) on or before today
	Upcoming string // date from which a newer version applies, if any
	Viewing  bool   // an older or specific version was asked for
	Latest   int    // newest version number
	Agencies agencyNames
	Links    []Link
	CanEdit  bool
	dates
}

// dates gives templates VI "2025-07-01" → "01/07/2025".
type dates struct{}

// VI renders a catalog date as DD/MM/YYYY.
func (dates) VI(d string) string { return procedure.VIDate(d) }

func (h *Handler) handleShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	code := r.PathValue("code")
	var p *procedure.Procedure
	var err error
	viewing := false
	if v := r.URL.Query().Get("phien-ban"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			h.srv.Error(w, r, apperr.Invalid("Số phiên bản không hợp lệ."))
			return
		}
		p, err = h.svc.VersionNumber(ctx, code, n)
		viewing = true
	} else {
		p, err = h.svc.Current(ctx, code)
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	latest, err := h.svc.Latest(ctx, code)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	today := h.svc.Today()
	page := showPage{P: p, Today: today, InForce: p.InForceOn(today), Ended: p.EndedBy(today), Viewing: viewing, Latest: latest.Version,
		Agencies: h.agencyNames(r), CanEdit: IsRootAdmin(account.PrincipalFrom(ctx))}
	if latest.Version > p.Version && latest.EffectiveFrom > today {
		page.Upcoming = latest.EffectiveFrom
	}
	for _, f := range h.links {
		if l := f(r, p); l != nil {
			page.Links = append(page.Links, *l)
		}
	}
	h.render(w, r, http.StatusOK, "procedure", p.Name, page, nil, nil)
}

type historyPage struct {
	Code     string
	Name     string
	Versions []procedure.VersionInfo
	Today    string
	dates
}

func (h *Handler) handleHistory(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	vs, err := h.svc.History(r.Context(), code)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "history", "Lịch sử thay đổi: "+vs[0].Name, historyPage{Code: code, Name: vs[0].Name, Versions: vs, Today: h.svc.Today()}, nil, nil)
}

// handleFormDownload serves a blank form. Forms are public and
// content-addressed, so they may be cached for ever.
func (h *Handler) handleFormDownload(w http.ResponseWriter, r *http.Request) {
	sha := strings.ToLower(r.PathValue("sha"))
	info, err := h.svc.FormFileInfo(r.Context(), sha)
	if err != nil || h.svc.Files == nil {
		h.srv.Error(w, r, apperr.NotFound("Không tìm thấy tệp mẫu."))
		return
	}
	f, err := h.svc.Files.Open(sha)
	if err != nil {
		h.srv.Error(w, r, fmt.Errorf("catalog: open form %s: %w", sha, err))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", info.Type)
	w.Header().Set("Content-Length", strconv.FormatInt(info.Size, 10))
	w.Header().Set("Content-Disposition", contentDisposition(info.Name))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+sha+`"`)
	if r.Header.Get("If-None-Match") == `"`+sha+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	io.Copy(w, f)
}

// contentDisposition offers a download with a UTF-8 file name (RFC 6266) and
// an ASCII fallback.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, textfold.Fold(strings.TrimSuffix(name, extOf(name)))) + extOf(name)
	ascii = strings.ReplaceAll(ascii, " ", "-")
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}
