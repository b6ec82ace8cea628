package dossierui

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Deps are what the pages need from the application.
type Deps struct {
	Server     *web.Server
	Dossiers   *dossier.Service
	Procedures *procedure.Service
	Agencies   *agency.Service
	Accounts   *account.Service
	// Files stores scans and results (nil: uploads are refused).
	Files files.Store
	// Messages is the notification log (nil: not shown).
	Messages MessageLog
}

// Handler serves the staff dossier pages.
type Handler struct {
	srv      *web.Server
	dossiers *dossier.Service
	procs    *procedure.Service
	agencies *agency.Service
	accounts *account.Service
	files    files.Store
	messages MessageLog
	pages    *web.Pages
}

// New builds the handler; it panics if a template does not parse.
func New(d Deps) *Handler {
	return &Handler{srv: d.Server, dossiers: d.Dossiers, procs: d.Procedures, agencies: d.Agencies, accounts: d.Accounts, files: d.Files, messages: d.Messages,
		pages: web.MustPages(templateFS, "templates/*.html")}
}

// Register mounts the routes and the menu items.
func (h *Handler) Register() {
	s := h.srv
	oneStop := []account.Role{account.RoleOneStopOfficer}
	admin := []account.Role{account.RoleAdministrator}
	book := []account.Role{account.RoleOneStopOfficer, account.RoleSupervisor, account.RoleAgencyLeader, account.RoleAdministrator}

	s.Handle("GET /can-bo/tiep-nhan", s.StaffFunc(h.handleIntakeForm, oneStop...))
	s.Handle("POST /can-bo/tiep-nhan", s.StaffFunc(h.handleIntakeSubmit, oneStop...))
	s.Handle("GET /can-bo/tiep-nhan/ket-qua/{code}", s.StaffFunc(h.handleIntakeResult, oneStop...))
	s.Handle("GET /can-bo/ho-so/cho-xu-ly", s.StaffFunc(h.handleInbox))
	s.Handle("GET /can-bo/ho-so", s.StaffFunc(h.handleList))
	s.Handle("GET /can-bo/ho-so/{code}", s.StaffFunc(h.handleDossier))
	s.Handle("POST /can-bo/ho-so/{code}/thao-tac", s.StaffFunc(h.handleAct))
	s.Handle("GET /can-bo/so-theo-doi", s.StaffFunc(h.handleBook, book...))
	s.Handle("GET /quan-tri/quy-trinh", s.StaffFunc(h.handleProcessList, admin...))
	s.Handle("GET /quan-tri/quy-trinh/{code}", s.StaffFunc(h.handleProcessEdit, admin...))
	s.Handle("POST /quan-tri/quy-trinh/{code}", s.StaffFunc(h.handleProcessSave, admin...))

	s.AddNav(
		web.NavItem{Label: "Tiếp nhận hồ sơ", Href: "/can-bo/tiep-nhan", Staff: true, Roles: oneStop, Order: 60},
		web.NavItem{Label: "Hồ sơ chờ xử lý", Href: "/can-bo/ho-so/cho-xu-ly", Staff: true, Order: 61},
		web.NavItem{Label: "Tra cứu hồ sơ (cán bộ)", Href: "/can-bo/ho-so", Staff: true, Order: 62},
		web.NavItem{Label: "Sổ theo dõi", Href: "/can-bo/so-theo-doi", Staff: true, Roles: book, Order: 63},
		web.NavItem{Label: "Quy trình", Href: "/quan-tri/quy-trinh", Staff: true, Roles: admin, Order: 88},
	)
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

// fail answers err: an error page (or JSON for the API), except that field
// and business errors on a form re-render the form (the caller handles those).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { h.srv.Error(w, r, err) }

// formError reports whether err is one a form shows to the user (field
// errors, a rule that refused, a stale version) rather than an error page.
func formError(err error) bool {
	switch apperr.Code(err) {
	case apperr.CodeInvalid, apperr.CodeUnprocessable, apperr.CodeConflict, apperr.CodeForbidden:
		return true
	}
	return false
}

func trim(s string) string { return strings.TrimSpace(s) }

// option is an entry of a select.
type option struct {
	Value, Label string
}

// agencyOptions lists the active agencies in tree order, indented by depth.
func agencyOptions(ags []*agency.Agency) []option {
	var out []option
	for _, a := range ags {
		if a.Active {
			out = append(out, option{Value: a.Code, Label: strings.Repeat("· ", a.Depth) + a.Name})
		}
	}
	return out
}

// findAgency returns the agency with the code, or nil.
func findAgency(ags []*agency.Agency, code string) *agency.Agency {
	for _, a := range ags {
		if a.Code == code {
			return a
		}
	}
	return nil
}

func hasRole(rs []account.Role, r account.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func loc() *time.Location { return web.Loc }
