package citizen

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html templates/_partials.tmpl
var templateFS embed.FS

//go:embed static/citizen.css
var citizenCSS []byte

// CSSURL is the versioned URL of this module's stylesheet (the CSP allows
// same-origin styles only; the shared app.css is the core's).
var CSSURL = func() string {
	h := sha256.Sum256(citizenCSS)
	return "/ca-nhan/giao-dien.css?v=" + hex.EncodeToString(h[:6])
}()

func handleCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Write(citizenCSS)
}

var cssHead = []byte(`{{define "head"}}<link rel="stylesheet" href="` + CSSURL + `">{{end}}` + "\n")

// pagesFS gives every page file the package's partials (the shared layout
// only carries the core ones): each page is parsed as partials + page.
func pagesFS() fs.FS {
	partials, err := templateFS.ReadFile("templates/_partials.tmpl")
	if err != nil {
		panic(err)
	}
	out := fstest.MapFS{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		b, _ := templateFS.ReadFile(n)
		out[n] = &fstest.MapFile{Data: append(append(append([]byte{}, partials...), cssHead...), b...)}
	}
	return out
}

// Web serves the citizen pages, the public tracking page and API, and the
// staff pages of online intake and assisted filing.
type Web struct {
	S      *Service
	OIDC   *OIDC
	Server *web.Server
	// Tracking answers public lookups by code (nil until the dossier module
	// is wired).
	Tracking *Tracking
	// Staff and WorkingLeft serve the one-stop pages (nil: not mounted).
	Staff       Staff
	WorkingLeft WorkingLeft

	limiter atomic.Pointer[Limiter]
	pages   *web.Pages
}

// SetLimiter sets the per-client limit of public tracking (nil = off); it
// may be changed while serving.
func (h *Web) SetLimiter(l *Limiter) { h.limiter.Store(l) }

// NewWeb builds the handlers; Mount registers them.
func NewWeb(s *Service, o *OIDC, srv *web.Server) *Web {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	return &Web{S: s, OIDC: o, Server: srv, pages: web.MustPages(pagesFS(), "templates/*.html")}
}

// Pages lists the page templates (tests render each).
func (h *Web) Pages() *web.Pages { return h.pages }

// Mount registers the account, profile and administration routes.
func (h *Web) Mount() {
	s := h.Server
	s.HandleFunc("GET /ca-nhan/giao-dien.css", handleCSS)
	s.HandleFunc("GET /dang-nhap-cong-dan", h.handleSignInForm)
	s.HandleFunc("POST /dang-nhap-cong-dan", h.handleSignInStart)
	s.HandleFunc("GET /dang-nhap-cong-dan/xac-nhan", h.handleSignInCodeForm)
	s.HandleFunc("POST /dang-nhap-cong-dan/xac-nhan", h.handleSignInFinish)
	s.HandleFunc("POST /dang-nhap-cong-dan/oidc/{slug}", h.handleOIDCStart)
	s.HandleFunc("GET /dang-nhap-cong-dan/oidc/{slug}/callback", h.handleOIDCCallback)
	s.HandleFunc("POST /dang-xuat-cong-dan", h.handleSignOut)
	s.HandleFunc("GET /ca-nhan", h.citizen(h.handleHome))
	s.HandleFunc("GET /ca-nhan/thong-tin", h.citizen(h.handleProfileForm))
	s.HandleFunc("POST /ca-nhan/thong-tin", h.citizen(h.handleProfileSave))
	s.HandleFunc("POST /ca-nhan/thong-tin/lien-he", h.citizen(h.handleContactStart))
	s.HandleFunc("GET /ca-nhan/thong-tin/lien-he", h.citizen(h.handleContactCodeForm))
	s.HandleFunc("POST /ca-nhan/thong-tin/lien-he/xac-nhan", h.citizen(h.handleContactFinish))
	s.HandleFunc("GET /ca-nhan/giay-to", h.citizen(h.handleDocuments))
	s.HandleFunc("POST /ca-nhan/giay-to", h.citizen(h.handleDocumentUpload))
	s.HandleFunc("GET /ca-nhan/giay-to/{id}", h.citizen(h.handleDocumentDownload))
	s.HandleFunc("POST /ca-nhan/giay-to/{id}/xoa", h.citizen(h.handleDocumentDelete))
	s.HandleFunc("GET /ca-nhan/ho-so", h.citizen(h.handleDossiers))
	s.HandleFunc("GET /ca-nhan/ho-so/{code}", h.citizen(h.handleDossier))
	s.HandleFunc("POST /ca-nhan/ho-so/{code}/bo-sung", h.citizen(h.handleSupplementSubmit))
	s.HandleFunc("POST /ca-nhan/ho-so/{code}/bo-sung/tep", h.citizen(h.handleSupplementFile))
	s.HandleFunc("POST /ca-nhan/ho-so/{code}/bo-sung/xoa", h.citizen(h.handleSupplementRemove))
	s.HandleFunc("POST /ca-nhan/ho-so/{code}/danh-gia", h.citizen(h.handleRate))
	s.HandleFunc("GET /ca-nhan/ho-so/{code}/mau/{form}", h.citizen(h.handleForm))
	s.HandleFunc("GET /ca-nhan/ho-so/{code}/tep/{sha}", h.citizen(h.handleFile))
	s.HandleFunc("GET /nop-truc-tuyen/{code}", h.handleApplyStart)
	s.HandleFunc("POST /nop-truc-tuyen/{code}", h.citizen(h.handleApplyCreate))
	s.HandleFunc("GET /ca-nhan/nop/{id}", h.citizen(h.handleApplyShow))
	s.HandleFunc("POST /ca-nhan/nop/{id}/xoa", h.citizen(h.handleApplyDelete))
	s.HandleFunc("POST /ca-nhan/nop/{id}/{step}", h.citizen(h.handleApplySave))
	s.Handle("GET /quan-tri/dinh-danh", s.StaffFunc(h.handleProvidersList, account.RoleAdministrator))
	s.Handle("GET /quan-tri/dinh-danh/moi", s.StaffFunc(h.handleProviderForm, account.RoleAdministrator))
	s.Handle("POST /quan-tri/dinh-danh/moi", s.StaffFunc(h.handleProviderSave, account.RoleAdministrator))
	s.Handle("GET /quan-tri/dinh-danh/{slug}", s.StaffFunc(h.handleProviderForm, account.RoleAdministrator))
	s.Handle("POST /quan-tri/dinh-danh/{slug}", s.StaffFunc(h.handleProviderSave, account.RoleAdministrator))
	if h.Staff != nil {
		h.mountStaff()
	}
	if h.Tracking != nil {
		s.HandleFunc("GET /tra-cuu", h.handleTrackPage)
		s.HandleFunc("GET /tra-cuu/{code}", h.handleTrackPage)
		s.HandleFunc("GET /api/v1/tracking/{code}", h.handleTrackAPI)
	}
}

type citizenKey struct{}

// citizen wraps a handler that needs a signed-in citizen; anonymous GETs
// go to the sign-in page and come back.
func (h *Web) citizen(next func(w http.ResponseWriter, r *http.Request, c *Citizen)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := h.currentCitizen(r)
		if c == nil {
			if r.Method == http.MethodGet && !web.IsAPI(r) {
				http.Redirect(w, r, "/dang-nhap-cong-dan?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.Server.Error(w, r, apperr.Unauthorized("Vui lòng đăng nhập tài khoản công dân."))
			return
		}
		next(w, r, c)
	}
}

// currentCitizen returns the signed-in, active citizen of the request.
func (h *Web) currentCitizen(r *http.Request) *Citizen {
	sess := web.SessionFrom(r)
	if sess == nil || sess.Kind != account.SubjectCitizen {
		return nil
	}
	if c, ok := r.Context().Value(citizenKey{}).(*Citizen); ok {
		return c
	}
	c, err := h.S.ByID(r.Context(), sess.SubjectID)
	if err != nil || !c.Active {
		return nil
	}
	return c
}

// page is the data of every citizen page: the citizen (nil when anonymous)
// and the page's own data.
type page struct {
	Citizen *Citizen
	Data    any
}

func (h *Web) render(w http.ResponseWriter, r *http.Request, status int, name, title string, c *Citizen, data any, form url.Values, err error) {
	v := h.Server.NewView(r, title, page{Citizen: c, Data: data})
	v.Form = form
	if err != nil {
		v.Errors = apperr.FieldsIn(err, v.T)
		if len(v.Errors) == 0 || apperr.Message(err) != "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu." {
			v.Error = v.ErrText(err)
		}
	}
	if f := r.URL.Query().Get("tb"); f != "" {
		v.Flash = flashText(f)
	}
	h.pages.Render(w, status, name, v)
}

// flashText maps the short flash keys carried in redirects to messages (so
// URLs never carry free text).
func flashText(k string) string {
	switch k {
	case "luu":
		return "Đã lưu."
	case "lien-he":
		return "Đã cập nhật thông tin liên hệ."
	case "nop":
		return "Đã nộp hồ sơ. Bộ phận Một cửa sẽ kiểm tra và trả lời trong 8 giờ làm việc."
	case "bo-sung":
		return "Đã gửi hồ sơ bổ sung."
	case "danh-gia":
		return "Cảm ơn ông/bà đã đánh giá."
	case "tai-len":
		return "Đã lưu giấy tờ vào kho dữ liệu của ông/bà."
	case "xoa":
		return "Đã xóa."
	case "tiep-nhan":
		return "Đã tiếp nhận hồ sơ."
	case "yeu-cau":
		return "Đã gửi yêu cầu bổ sung tới công dân."
	}
	return ""
}

// statusOf maps an error to the status of a re-rendered form.
func statusOf(err error) int {
	if apperr.Code(err) == apperr.CodeInvalid {
		return http.StatusUnprocessableEntity
	}
	return web.Status(apperr.Code(err))
}

// internal reports whether err must go to the generic error page (logged).
func internal(err error) bool { return apperr.Code(err) == apperr.CodeInternal }

func (h *Web) now() time.Time { return h.S.DB.Now() }
