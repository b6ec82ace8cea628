package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
)

var (
	errCrossOrigin = apperr.Forbidden("Yêu cầu từ trang web khác bị từ chối.")
	errNoRoute     = apperr.NotFound("Không tìm thấy trang hoặc tài nguyên yêu cầu.")
)

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush lets streaming handlers flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

type ridKey struct{}

// RequestID returns the id of the request (also sent as X-Request-Id).
func RequestID(r *http.Request) string {
	id, _ := r.Context().Value(ridKey{}).(string)
	return id
}

// observe assigns a request id, recovers panics, logs, and records metrics
// labelled by the matched route pattern (never the raw path).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		rand.Read(b[:])
		rid := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", rid)
		r = r.WithContext(contextWith(r.Context(), ridKey{}, rid))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				s.Log.Error("panic", "rid", rid, "panic", p, "path", r.URL.Path)
				if !sw.wrote {
					s.Error(sw, r, apperr.Errorf(apperr.CodeInternal, "panic"))
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			s.requests.WithLabelValues(r.Method, route, strconv.Itoa(sw.status)).Inc()
			s.latency.WithLabelValues(r.Method, route).Observe(d.Seconds())
			lvl := slog.LevelDebug
			if sw.status >= 500 {
				lvl = slog.LevelError
			}
			s.Log.Log(r.Context(), lvl, "http", "rid", rid, "method", r.Method, "route", route, "status", sw.status, "dur_ms", d.Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// rememberLang keeps a ?lang= choice in a cookie for later pages.
func (s *Server) rememberLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l := r.URL.Query().Get("lang"); l == "vi" || l == "en" {
			http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.Opt.SecureCookies})
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")
		next.ServeHTTP(w, r)
	})
}

// SessionCookie is the name of the staff/citizen session cookie.
const SessionCookie = "motcua_session"

// Session describes the session a request carries, if any.
type Session struct {
	Token     string
	Kind      string // account.SubjectStaff | account.SubjectCitizen
	SubjectID int64
}

type sessKey struct{}

// SessionFrom returns the request's session (nil when anonymous).
func SessionFrom(r *http.Request) *Session {
	s, _ := r.Context().Value(sessKey{}).(*Session)
	return s
}

// authenticate resolves a bearer token or the session cookie; for staff it
// loads the principal into the context. Invalid tokens are treated as
// anonymous (handlers that need a user answer 401).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := ""
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			tok = strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
		} else if c, err := r.Cookie(SessionCookie); err == nil {
			tok = c.Value
		}
		if tok != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			kind, id, p, err := account.SessionPrincipal(r.Context(), s.DB, tok)
			if err == nil {
				ctx := contextWith(r.Context(), sessKey{}, &Session{Token: tok, Kind: kind, SubjectID: id})
				if p != nil {
					ctx = account.WithPrincipal(ctx, p)
				}
				r = r.WithContext(ctx)
			} else if apperr.Code(err) == apperr.CodeInternal {
				s.Error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Staff requires a signed-in staff user holding any of roles (none = any
// staff role). Anonymous HTML requests are sent to the sign-in page.
func (s *Server) Staff(h http.Handler, roles ...account.Role) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := account.PrincipalFrom(r.Context())
		if p == nil {
			if !IsAPI(r) && r.Method == http.MethodGet {
				http.Redirect(w, r, "/dang-nhap?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.Error(w, r, apperr.Unauthorized("Vui lòng đăng nhập."))
			return
		}
		if len(roles) > 0 && !p.Has(roles...) {
			s.Error(w, r, apperr.Forbidden("Bạn không có quyền thực hiện chức năng này."))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// StaffFunc is Staff for a handler function.
func (s *Server) StaffFunc(h func(http.ResponseWriter, *http.Request), roles ...account.Role) http.Handler {
	return s.Staff(http.HandlerFunc(h), roles...)
}

// ClientAddr returns the client's IP address (X-Forwarded-For's first hop
// only when TrustProxy is set).
func (s *Server) ClientAddr(r *http.Request) string {
	if s.Opt.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
