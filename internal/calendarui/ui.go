package calendarui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates
var templateFS embed.FS

// calendarCSS is this module's stylesheet (served at /lich/lich.css; CSP
// allows same-origin stylesheets only).
//
//go:embed static/calendar.css
var calendarCSS []byte

var cssVersion = func() string {
	h := sha256.Sum256(calendarCSS)
	return hex.EncodeToString(h[:6])
}()

// CSSURL is the versioned URL of the module stylesheet.
var CSSURL = "/lich/lich.css?v=" + cssVersion

// Handler serves the calendar pages and API.
type Handler struct {
	srv   *web.Server
	svc   *calendarsvc.Service
	pages *web.Pages
}

// New builds the handler.
func New(srv *web.Server, svc *calendarsvc.Service) *Handler {
	return &Handler{srv: srv, svc: svc, pages: mustPages()}
}

// Register mounts the routes and menu items.
func (h *Handler) Register() {
	s := h.srv
	admin := []account.Role{account.RoleAdministrator}

	s.HandleFunc("GET /api/v1/calendar/{year}", h.handleAPIYear)
	s.HandleFunc("GET /api/v1/calendar/lunar/{date}", h.handleAPILunar)
	s.HandleFunc("GET /api/v1/calendar/solar", h.handleAPISolar)
	s.HandleFunc("GET /api/v1/calendar/deadline", h.handleAPIDeadline)

	s.HandleFunc("GET /lich", h.handleYearRedirect)
	s.HandleFunc("GET /lich/{year}", h.handleYearShow)
	s.HandleFunc("GET /lich/lich.css", h.handleCSS)

	s.Handle("GET /quan-tri/lich", s.StaffFunc(h.handleAdminList, admin...))
	s.Handle("POST /quan-tri/lich/tao", s.StaffFunc(h.handleAdminCreate, admin...))
	s.Handle("POST /quan-tri/lich/nhap", s.StaffFunc(h.handleAdminImport, admin...))
	s.Handle("GET /quan-tri/lich/xuat", s.StaffFunc(h.handleAdminExport, admin...))
	s.Handle("GET /quan-tri/lich/{year}", s.StaffFunc(h.handleAdminYear, admin...))
	s.Handle("POST /quan-tri/lich/{year}/ngay", s.StaffFunc(h.handleAdminDayAdd, admin...))
	s.Handle("POST /quan-tri/lich/{year}/ngay/{date}/xoa", s.StaffFunc(h.handleAdminDayRemove, admin...))
	s.Handle("POST /quan-tri/lich/{year}/trang-thai", s.StaffFunc(h.handleAdminStatus, admin...))
	s.Handle("POST /quan-tri/lich/{year}/xoa", s.StaffFunc(h.handleAdminDelete, admin...))

	s.AddNav(
		web.NavItem{Label: "Lịch làm việc", Href: "/lich", Order: 50},
		web.NavItem{Label: "Lịch nghỉ lễ", Href: "/quan-tri/lich", Staff: true, Roles: admin, Order: 91},
	)
}

func (h *Handler) handleCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Write(calendarCSS)
}

// page is a rendering of one of this module's pages.
type page struct {
	status int
	name   string
	title  string
	data   any
	form   url.Values
	errs   map[string]string
	err    string
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, p page) {
	v := h.srv.NewView(r, pageTitle(i18n.FromRequest(r), p.title), p.data)
	v.Form, v.Errors, v.Error = p.form, p.errs, p.err
	v.Flash = flashes[r.URL.Query().Get("ok")]
	if p.status == 0 {
		p.status = http.StatusOK
	}
	h.pages.Render(w, p.status, p.name, v)
}

// pageTitle translates a title; a year at its end ("Lịch năm 2026") is kept
// as is, so the words before it can be looked up.
func pageTitle(lang, title string) string {
	if i := strings.LastIndexByte(title, ' '); i > 0 {
		if _, err := strconv.Atoi(title[i+1:]); err == nil {
			return i18n.T(lang, title[:i]) + title[i:]
		}
	}
	return i18n.T(lang, title)
}

// flashes are the confirmations shown after a redirect (?ok=…).
var flashes = map[string]string{
	"tao":        "Đã tạo lịch năm.",
	"them":       "Đã thêm ngày.",
	"xoa-ngay":   "Đã xóa ngày.",
	"trang-thai": "Đã lưu trạng thái.",
	"xoa":        "Đã xóa lịch riêng của năm; năm này dùng lại lịch đề xuất.",
	"nhap":       "Đã nhập dữ liệu lịch.",
}

// requireRoot refuses administrators of a non-root agency: the calendar is
// shared by the whole province.
func requireRoot(r *http.Request) error {
	p := account.PrincipalFrom(r.Context())
	if p == nil || strings.Count(p.AgencyPath, "/") != 2 {
		return apperr.Forbidden("Chỉ quản trị viên cấp tỉnh (cơ quan gốc) được sửa lịch làm việc.")
	}
	return nil
}
