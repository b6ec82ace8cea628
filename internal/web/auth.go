package web

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
)

func (s *Server) setSessionCookie(w http.ResponseWriter, tok string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.Opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(ttl.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.Opt.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// SetSessionCookie is used by other sign-in flows (citizens).
func (s *Server) SetSessionCookie(w http.ResponseWriter, tok string, ttl time.Duration) {
	s.setSessionCookie(w, tok, ttl)
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if account.PrincipalFrom(r.Context()) != nil {
		http.Redirect(w, r, "/can-bo", http.StatusSeeOther)
		return
	}
	v := s.NewView(r, "Đăng nhập cán bộ", nil)
	v.Form = r.URL.Query()
	s.Render(w, http.StatusOK, "login", v)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	form, err := Form(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.NewView(r, "Đăng nhập cán bộ", nil)
	v.Form = form
	username, password := form.Get("username"), r.PostForm.Get("password")
	if username == "" || password == "" {
		v.Errors = map[string]string{}
		if username == "" {
			v.Errors["username"] = "Vui lòng nhập tên đăng nhập."
		}
		if password == "" {
			v.Errors["password"] = "Vui lòng nhập mật khẩu."
		}
		s.Render(w, http.StatusUnprocessableEntity, "login", v)
		return
	}
	u, err := s.Accounts.Login(r.Context(), username, password, s.ClientAddr(r))
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			s.Error(w, r, err)
			return
		}
		v.Error = v.ErrText(err)
		s.Render(w, Status(apperr.Code(err)), "login", v)
		return
	}
	tok, err := account.CreateSession(r.Context(), s.DB, account.SubjectStaff, u.ID, "cookie", account.SessionTTL)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSessionCookie(w, tok, account.SessionTTL)
	next := SafeNext(form.Get("next"))
	if next == "" {
		next = "/can-bo"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if sess := SessionFrom(r); sess != nil {
		if err := account.DeleteSession(r.Context(), s.DB, sess.Token); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) handleStaffHome(w http.ResponseWriter, r *http.Request) {
	s.Render(w, http.StatusOK, "staff_home", s.NewView(r, "Trang làm việc", nil))
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	s.Render(w, http.StatusOK, "password", s.NewView(r, "Đổi mật khẩu", nil))
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	if _, err := Form(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.NewView(r, "Đổi mật khẩu", nil)
	cur, next, again := r.PostForm.Get("current_password"), r.PostForm.Get("new_password"), r.PostForm.Get("new_password_again")
	if next != again {
		v.Errors = map[string]string{"new_password_again": "Mật khẩu nhập lại không khớp."}
		s.Render(w, http.StatusUnprocessableEntity, "password", v)
		return
	}
	sess := SessionFrom(r)
	err := s.Accounts.ChangeOwnPassword(r.Context(), account.PrincipalFrom(r.Context()), cur, next, sess.Token)
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			s.Error(w, r, err)
			return
		}
		v.SetError(err)
		s.Render(w, Status(apperr.Code(err)), "password", v)
		return
	}
	v.Flash = "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất."
	s.Render(w, http.StatusOK, "password", v)
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *Server) handleAPILogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := DecodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	var v apperr.Validation
	v.Check(req.Username != "", "username", "Vui lòng nhập tên đăng nhập.")
	v.Check(req.Password != "", "password", "Vui lòng nhập mật khẩu.")
	if err := v.Err(); err != nil {
		s.Error(w, r, err)
		return
	}
	u, err := s.Accounts.Login(r.Context(), req.Username, req.Password, s.ClientAddr(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	tok, err := account.CreateSession(r.Context(), s.DB, account.SubjectStaff, u.ID, "api", account.APITokenTTL)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	JSON(w, http.StatusOK, loginResponse{Token: tok, ExpiresAt: s.DB.Now().Add(account.APITokenTTL).UTC()})
}

func (s *Server) handleAPILogout(w http.ResponseWriter, r *http.Request) {
	sess := SessionFrom(r)
	if sess == nil {
		s.Error(w, r, apperr.Unauthorized("Vui lòng đăng nhập."))
		return
	}
	if err := account.DeleteSession(r.Context(), s.DB, sess.Token); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// MeResponse describes the signed-in staff user.
type MeResponse struct {
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Agency   string   `json:"agency"`
	Roles    []string `json:"roles"`
}

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	if p == nil {
		s.Error(w, r, apperr.Unauthorized("Vui lòng đăng nhập."))
		return
	}
	roles := make([]string, len(p.Roles))
	for i, x := range p.Roles {
		roles[i] = string(x)
	}
	JSON(w, http.StatusOK, MeResponse{Username: p.Username, FullName: p.FullName, Agency: p.AgencyCode, Roles: roles})
}
