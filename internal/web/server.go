// Package web is the HTTP layer shared by every feature: the server and its
// middleware (request id, logging, recovery, metrics labelled by route
// pattern, security headers, cross-origin POST refusal, sessions), the
// html/template engine with the common layout, JSON helpers, the mapping of
// apperr codes to HTTP statuses, and the staff sign-in pages.
//
// Feature packages (catalog, calendar, dossier, citizen…) mount their routes
// on a *Server with Handle and render with their own *Pages built from their
// embedded templates; web imports no feature package.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/store"
)

// Options configure a Server.
type Options struct {
	// BaseURL is the public URL of the site (for links in receipts, QR codes
	// and notifications), e.g. "http://127.0.0.1:8080".
	BaseURL string
	// SiteName is shown in the header, e.g. "Hệ thống thông tin giải quyết TTHC tỉnh Hà Tĩnh".
	SiteName string
	// SecureCookies sets the Secure flag on cookies (behind HTTPS).
	SecureCookies bool
	// TrustProxy makes X-Forwarded-For the client address (behind a proxy).
	TrustProxy bool
	// Version is shown in the footer and /api/v1/version.
	Version string
}

// NavItem is an entry of the header menu.
type NavItem struct {
	Label string // Vietnamese; translated at render time
	Href  string
	Staff bool           // only for signed-in staff
	Roles []account.Role // when Staff: any of these roles (none = any staff)
	Order int
	// Count, when set, counts what waits for the signed-in user behind the
	// item; a positive count is shown after the label, "Hồ sơ trực tuyến
	// (3)". It runs on every page that shows the item, so it must be cheap
	// (one indexed COUNT in the user's scope). An error shows no count and
	// is logged.
	Count func(ctx context.Context, p *account.Principal) (int, error)
	// CountLabel is what screen readers hear instead of "(3)", a Vietnamese
	// format with one %d ("%d hồ sơ đang chờ"), translated like Label.
	CountLabel string
	// N is the count for this page (filled in per request from Count).
	N int
}

// CountText is the count in words for screen readers, in lang.
func (n NavItem) CountText(lang string) string {
	l := n.CountLabel
	if l == "" {
		l = "%d mục đang chờ"
	}
	return fmt.Sprintf(i18n.T(lang, l), n.N)
}

// Server is the HTTP server of the whole system.
type Server struct {
	Opt      Options
	DB       *store.DB
	Accounts *account.Service
	Log      *slog.Logger
	Metrics  *prometheus.Registry

	mux      *http.ServeMux
	pages    *Pages
	navMu    sync.RWMutex
	nav      []NavItem
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	started  time.Time
	ready    func(context.Context) error
}

// NewServer builds the server with the core routes (health, metrics, static
// files, sign-in, password change).
func NewServer(opt Options, db *store.DB, accounts *account.Service, log *slog.Logger) *Server {
	if opt.SiteName == "" {
		opt.SiteName = "Hệ thống thông tin giải quyết thủ tục hành chính"
	}
	s := &Server{Opt: opt, DB: db, Accounts: accounts, Log: log, Metrics: prometheus.NewRegistry(), mux: http.NewServeMux(), started: time.Now()}
	s.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_http_requests_total", Help: "HTTP requests by route pattern and status."},
		[]string{"method", "route", "code"})
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "motcua_http_request_duration_seconds", Help: "HTTP latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"method", "route"})
	s.Metrics.MustRegister(s.requests, s.latency)
	s.pages = MustPages(coreTemplates, "templates/core/*.html")
	s.ready = db.Ping
	s.routes()
	return s
}

// Handle registers a handler for a ServeMux pattern ("GET /thu-tuc/{code}").
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// HandleFunc registers a handler function for a pattern.
func (s *Server) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	s.mux.HandleFunc(pattern, h)
}

// AddNav adds an item to the header menu.
func (s *Server) AddNav(items ...NavItem) {
	s.navMu.Lock()
	defer s.navMu.Unlock()
	s.nav = append(s.nav, items...)
	sort.SliceStable(s.nav, func(i, j int) bool { return s.nav[i].Order < s.nav[j].Order })
}

// SetReady replaces the readiness check (default: database ping).
func (s *Server) SetReady(f func(context.Context) error) { s.ready = f }

// Handler returns the root handler with all middleware applied.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.authenticate(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errCrossOrigin)
	}))
	h = cop.Handler(h)
	h = s.rememberLang(h)
	h = securityHeaders(h)
	h = s.observe(h)
	return h
}

func (s *Server) routes() {
	s.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.Log.Warn("not ready", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ready\n"))
	})
	s.Handle("GET /metrics", promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{}))
	s.Handle("GET /static/", staticHandler())
	s.HandleFunc("GET /dang-nhap", s.handleLoginForm)
	s.HandleFunc("POST /dang-nhap", s.handleLogin)
	s.HandleFunc("POST /dang-xuat", s.handleLogout)
	s.Handle("GET /tai-khoan/mat-khau", s.Staff(http.HandlerFunc(s.handlePasswordForm)))
	s.Handle("POST /tai-khoan/mat-khau", s.Staff(http.HandlerFunc(s.handlePasswordChange)))
	s.Handle("GET /can-bo", s.Staff(http.HandlerFunc(s.handleStaffHome)))
	s.HandleFunc("POST /api/v1/login", s.handleAPILogin)
	s.HandleFunc("POST /api/v1/logout", s.handleAPILogout)
	s.HandleFunc("GET /api/v1/me", s.handleAPIMe)
	s.HandleFunc("GET /api/v1/version", func(w http.ResponseWriter, r *http.Request) {
		JSON(w, http.StatusOK, map[string]string{"version": s.Opt.Version})
	})
	s.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errNoRoute)
	})
	s.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errNoRoute)
	})
}

// navFor returns the menu items visible to the principal, with their counts.
func (s *Server) navFor(ctx context.Context, p *account.Principal) []NavItem {
	s.navMu.RLock()
	var out []NavItem
	for _, n := range s.nav {
		if n.Staff && (p == nil || (len(n.Roles) > 0 && !p.Has(n.Roles...))) {
			continue
		}
		out = append(out, n)
	}
	s.navMu.RUnlock()
	for i := range out {
		if out[i].Count == nil {
			continue
		}
		n, err := out[i].Count(ctx, p)
		if err != nil {
			if ctx.Err() == nil {
				s.Log.Warn("web: menu count", "item", out[i].Href, "err", err)
			}
			continue
		}
		out[i].N = n
	}
	return out
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
