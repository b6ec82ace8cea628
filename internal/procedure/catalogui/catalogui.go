// Package catalogui is the web side of the procedure catalog: the public
// pages (home with search, results, the procedure page with a print view, its
// version history, blank-form downloads), the administration pages (fields,
// procedures with versions, retirement, import/export) and the JSON API
// (/api/v1/procedures, /api/v1/fields). It renders with its own templates in
// the shared layout and calls only procedure.Service and agency.Service.
package catalogui

import (
	"embed"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/goi-y.js
var suggestJS []byte

// Link is an extra action shown on a procedure page (e.g. the citizen
// module's "Nộp trực tuyến").
type Link struct {
	Label string // Vietnamese; translated at render time
	Href  string
}

// Handler serves the catalog pages and API.
type Handler struct {
	srv      *web.Server
	svc      *procedure.Service
	agencies *agency.Service
	pages    *web.Pages
	links    []func(r *http.Request, p *procedure.Procedure) *Link
}

// New builds the handler; it panics if a template does not parse.
func New(srv *web.Server, svc *procedure.Service, agencies *agency.Service) *Handler {
	return &Handler{srv: srv, svc: svc, agencies: agencies, pages: web.MustPages(templateFS, "templates/*.html")}
}

// AddProcedureLink registers a function that may add an action link to the
// procedure page (return nil for none). Call it while mounting modules.
func (h *Handler) AddProcedureLink(f func(r *http.Request, p *procedure.Procedure) *Link) {
	h.links = append(h.links, f)
}

// Mount registers the routes and menu items.
func (h *Handler) Mount() {
	s := h.srv
	s.HandleFunc("GET /{$}", h.handleHome)
	s.HandleFunc("GET /thu-tuc", h.handleSearch)
	s.HandleFunc("GET /thu-tuc/{code}", h.handleShow)
	s.HandleFunc("GET /thu-tuc/{code}/lich-su", h.handleHistory)
	s.HandleFunc("GET /bieu-mau/{sha}", h.handleFormDownload)
	s.HandleFunc("GET /thu-tuc/goi-y.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(suggestJS)
	})

	s.Handle("GET /quan-tri/thu-tuc", h.admin(h.handleAdminList))
	s.Handle("GET /quan-tri/thu-tuc/moi", h.admin(h.handleProcNew))
	s.Handle("POST /quan-tri/thu-tuc/moi", h.admin(h.handleProcCreate))
	s.Handle("GET /quan-tri/thu-tuc/nhap-xuat", h.admin(h.handleImportForm))
	s.Handle("POST /quan-tri/thu-tuc/nhap-xuat", h.admin(h.handleImport))
	s.Handle("GET /quan-tri/thu-tuc/xuat", h.admin(h.handleExport))
	s.Handle("GET /quan-tri/thu-tuc/{code}", h.admin(h.handleProcEdit))
	s.Handle("POST /quan-tri/thu-tuc/{code}", h.admin(h.handleProcUpdate))
	s.Handle("POST /quan-tri/thu-tuc/{code}/bai-bo", h.admin(h.handleProcRetire))
	s.Handle("GET /quan-tri/linh-vuc/moi", h.admin(h.handleFieldNew))
	s.Handle("POST /quan-tri/linh-vuc/moi", h.admin(h.handleFieldCreate))
	s.Handle("GET /quan-tri/linh-vuc/{code}", h.admin(h.handleFieldEdit))
	s.Handle("POST /quan-tri/linh-vuc/{code}", h.admin(h.handleFieldUpdate))

	s.HandleFunc("GET /api/v1/procedures", h.handleAPIList)
	s.HandleFunc("GET /api/v1/procedures/{code}", h.handleAPIShow)
	s.HandleFunc("GET /api/v1/fields", h.handleAPIFields)

	s.AddNav(
		web.NavItem{Label: "Thủ tục hành chính", Href: "/thu-tuc", Order: 10},
		web.NavItem{Label: "Danh mục thủ tục", Href: "/quan-tri/thu-tuc", Staff: true, Roles: []account.Role{account.RoleAdministrator}, Order: 41},
	)
}

// IsRootAdmin reports whether p may manage the catalog: an administrator
// whose agency is a root of the agency tree (path "/N/"). The catalog is
// province-wide, so an administrator of a department or commune manages their
// own agencies and users but not the catalog.
func IsRootAdmin(p *account.Principal) bool {
	return p.Has(account.RoleAdministrator) && strings.Count(p.AgencyPath, "/") == 2
}

var errNotRootAdmin = apperr.Forbidden("Chỉ quản trị viên của cơ quan cấp cao nhất (UBND tỉnh) được quản lý danh mục thủ tục hành chính.")

// admin wraps an administration handler: administrator role, root agency.
func (h *Handler) admin(f http.HandlerFunc) http.Handler {
	return h.srv.Staff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsRootAdmin(account.PrincipalFrom(r.Context())) {
			h.srv.Error(w, r, errNotRootAdmin)
			return
		}
		f(w, r)
	}), account.RoleAdministrator)
}

// render renders a page of this package.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any, form url.Values, err error) {
	v := h.srv.NewView(r, title, data)
	v.Form = form
	if err != nil {
		v.SetError(err)
	}
	h.pages.Render(w, status, name, v)
}

// agencyNames resolves agency codes and tokens to names for display.
type agencyNames map[string]string

func (h *Handler) agencyNames(r *http.Request) agencyNames {
	m := agencyNames{}
	if all, err := h.agencies.List(r.Context()); err == nil {
		for _, a := range all {
			m[a.Code] = a.Name
		}
	}
	return m
}

// Name is the display name of an agency code or token.
func (m agencyNames) Name(code string) string {
	switch code {
	case procedure.AtCommune:
		return "Ủy ban nhân dân cấp xã nơi tiếp nhận hồ sơ"
	case procedure.AtCommuneCenter:
		return "Trung tâm Phục vụ hành chính công cấp xã (bất kỳ xã, phường nào trong tỉnh)"
	case procedure.AtCenter:
		return "Trung tâm Phục vụ hành chính công tỉnh"
	}
	if n, ok := m[code]; ok {
		return n
	}
	return code
}
