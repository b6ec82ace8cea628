// Package admin is the administration module: the agency tree and staff
// users (/quan-tri/co-quan, /quan-tri/nguoi-dung), the audit-log viewer
// (/quan-tri/nhat-ky), and the public list of agencies with their officers on
// duty (/co-quan, /api/v1/agencies).
//
// Scope: an administrator acts only inside their agency's subtree
// (account.Principal.InScope); anything outside answers 404 so its existence
// is not revealed. Administrators cannot change their own roles, agency or
// status, so nobody can widen their own powers; every change goes through
// agency.Service and account.Service, which audit it.
//
// What is public about staff: full name, title and phone of the officers
// published as on duty at an agency (ND 118/2025 Đ9.8 requires the one-stop to
// publish name, title, field and phone of its officers). User names, e-mail
// addresses, roles and everything else about users stay internal.
//
// The package imports web, account, agency, audit and store; it imports no
// other feature.
package admin

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Deps are what the module needs from the application.
type Deps struct {
	Server   *web.Server
	DB       *store.DB
	Accounts *account.Service
	// OfficeHoursCheck returns the office-hours validator of the calendar
	// module, or nil when none is registered. It is called per request, so
	// the calendar module may be mounted after this one.
	OfficeHoursCheck func() func(string) error
}

// Handler serves the administration and public agency pages.
type Handler struct {
	srv        *web.Server
	db         *store.DB
	accounts   *account.Service
	hoursCheck func() func(string) error
	pages      *web.Pages
}

// New builds the handler.
func New(d Deps) *Handler {
	return &Handler{srv: d.Server, db: d.DB, accounts: d.Accounts, hoursCheck: d.OfficeHoursCheck, pages: web.MustPages(templateFS, "templates/*.html")}
}

// Register mounts the routes and menu items on the server.
func (h *Handler) Register() {
	s := h.srv
	admin := []account.Role{account.RoleAdministrator}
	auditors := []account.Role{account.RoleAdministrator, account.RoleSupervisor}

	s.Handle("GET /quan-tri", s.StaffFunc(h.handleHome, auditors...))

	s.Handle("GET /quan-tri/co-quan", s.StaffFunc(h.handleAgencyList, admin...))
	s.Handle("GET /quan-tri/co-quan/moi", s.StaffFunc(h.handleAgencyNew, admin...))
	s.Handle("POST /quan-tri/co-quan", s.StaffFunc(h.handleAgencyCreate, admin...))
	s.Handle("GET /quan-tri/co-quan/{code}", s.StaffFunc(h.handleAgencyEdit, admin...))
	s.Handle("POST /quan-tri/co-quan/{code}", s.StaffFunc(h.handleAgencyUpdate, admin...))
	s.Handle("POST /quan-tri/co-quan/{code}/ngung", s.StaffFunc(h.handleAgencyDeactivate, admin...))
	s.Handle("POST /quan-tri/co-quan/{code}/kich-hoat", s.StaffFunc(h.handleAgencyReactivate, admin...))

	s.Handle("GET /quan-tri/nguoi-dung", s.StaffFunc(h.handleUserList, admin...))
	s.Handle("GET /quan-tri/nguoi-dung/moi", s.StaffFunc(h.handleUserNew, admin...))
	s.Handle("POST /quan-tri/nguoi-dung", s.StaffFunc(h.handleUserCreate, admin...))
	s.Handle("GET /quan-tri/nguoi-dung/{username}", s.StaffFunc(h.handleUserEdit, admin...))
	s.Handle("POST /quan-tri/nguoi-dung/{username}", s.StaffFunc(h.handleUserUpdate, admin...))
	s.Handle("POST /quan-tri/nguoi-dung/{username}/ngung", s.StaffFunc(h.handleUserDeactivate, admin...))
	s.Handle("POST /quan-tri/nguoi-dung/{username}/kich-hoat", s.StaffFunc(h.handleUserReactivate, admin...))
	s.Handle("GET /quan-tri/nguoi-dung/{username}/mat-khau", s.StaffFunc(h.handleUserPasswordForm, admin...))
	s.Handle("POST /quan-tri/nguoi-dung/{username}/mat-khau", s.StaffFunc(h.handleUserPasswordReset, admin...))

	s.Handle("GET /quan-tri/nhat-ky", s.StaffFunc(h.handleAuditList, auditors...))
	s.Handle("POST /quan-tri/nhat-ky/kiem-tra", s.StaffFunc(h.handleAuditVerify, auditors...))

	s.HandleFunc("GET /co-quan", h.handlePublicAgencyList)
	s.HandleFunc("GET /co-quan/{code}", h.handlePublicAgencyShow)
	s.HandleFunc("GET /api/v1/agencies", h.handleAPIAgencyList)
	s.HandleFunc("GET /api/v1/agencies/{code}", h.handleAPIAgencyShow)

	s.AddNav(
		web.NavItem{Label: "Cơ quan, đơn vị", Href: "/co-quan", Order: 40},
		web.NavItem{Label: "Nhật ký hệ thống", Href: "/quan-tri/nhat-ky", Staff: true, Roles: []account.Role{account.RoleSupervisor}, Order: 89},
		web.NavItem{Label: "Quản trị", Href: "/quan-tri", Staff: true, Roles: admin, Order: 90},
	)
}

// agencies returns the agency service with the office-hours validator: the
// calendar module's when it provides one, else this package's parser (so
// that what is saved can always be shown in words).
func (h *Handler) agencies() *agency.Service {
	check := CheckOfficeHours
	if h.hoursCheck != nil {
		if f := h.hoursCheck(); f != nil {
			check = f
		}
	}
	return &agency.Service{DB: h.db, OfficeHoursCheck: check}
}

// principal returns the signed-in staff user (routes are wrapped in Staff).
func principal(r *http.Request) *account.Principal { return account.PrincipalFrom(r.Context()) }

// isRootScope reports whether the principal's agency is a root of the tree
// ("/1/"): only such administrators see audit entries with no agency.
func isRootScope(p *account.Principal) bool { return strings.Count(p.AgencyPath, "/") == 2 }

// errNotFound hides resources outside the administrator's scope.
var errNotFound = apperr.NotFound("Không tìm thấy trang hoặc tài nguyên yêu cầu.")

// page is the common rendering of this module's pages.
type page struct {
	status int
	name   string
	title  string
	data   any
	form   url.Values
	errs   map[string]string
	err    string
	flash  string
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, p page) {
	v := h.srv.NewView(r, p.title, p.data)
	v.Form, v.Errors, v.Error, v.Flash = p.form, p.errs, p.err, p.flash
	if v.Flash == "" {
		v.Flash = flashes[r.URL.Query().Get("ok")]
	}
	if p.status == 0 {
		p.status = http.StatusOK
	}
	h.pages.Render(w, p.status, p.name, v)
}

// flashes are the confirmations shown after a redirect (?ok=…).
var flashes = map[string]string{
	"tao":       "Đã tạo.",
	"luu":       "Đã lưu thay đổi.",
	"ngung":     "Đã ngừng hoạt động.",
	"kich-hoat": "Đã kích hoạt lại.",
	"mat-khau":  "Đã đặt lại mật khẩu. Các phiên đăng nhập của người dùng đã được kết thúc.",
}

// formError re-renders a form after a failed save: field errors and the
// message of application errors, or the error page for internal ones.
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, p page, err error) {
	if apperr.Code(err) == apperr.CodeInternal || apperr.Code(err) == apperr.CodeNotFound && len(apperr.FieldsOf(err)) == 0 {
		h.srv.Error(w, r, err)
		return
	}
	p.errs, p.err = web.ErrorFields(r, err), web.ErrorMessage(r, err)
	p.status = http.StatusUnprocessableEntity
	h.render(w, r, p)
}

// option is an entry of a select or a checkbox group. Indent shows the
// depth of an agency in a select (no CSS applies inside <option>).
type option struct {
	Value, Label string
	Selected     bool
	Depth        int
}

// Indent is the visual indentation of a tree option.
func (o option) Indent() string { return strings.Repeat("\u00a0\u00a0\u00a0", o.Depth) }

// indentClass is the CSS class indenting a tree row (capped at depth 8).
func indentClass(depth int) string { return "adm-depth-" + strconv.Itoa(min(depth, 8)) }

// mergeFields combines field errors (formats and values kept); the first
// message per field wins.
func mergeFields(v *apperr.Validation, err error) {
	for k := range apperr.FieldsOf(err) {
		v.AddText(k, apperr.FieldText(err, k))
	}
}
