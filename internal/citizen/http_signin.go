package citizen

import (
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

const oidcStateCookie = "motcua_oidc"

type signInData struct {
	Providers []Provider
	Next      string
	Challenge *Challenge
}

func (h *Web) signInData(r *http.Request, next string) signInData {
	ps, err := h.S.Providers(r.Context(), true)
	if err != nil {
		h.S.Log.Warn("list oidc providers", "err", err)
	}
	return signInData{Providers: ps, Next: web.SafeNext(next)}
}

func (h *Web) handleSignInForm(w http.ResponseWriter, r *http.Request) {
	if c := h.currentCitizen(r); c != nil {
		http.Redirect(w, r, "/ca-nhan", http.StatusSeeOther)
		return
	}
	next := r.URL.Query().Get("next")
	h.render(w, r, http.StatusOK, "signin", "Đăng nhập công dân", nil, h.signInData(r, next), nil, nil)
}

func (h *Web) handleSignInStart(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	next := web.SafeNext(form.Get("next"))
	ch, err := h.S.StartSignIn(r.Context(), form.Get("destination"), h.Server.ClientAddr(r))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, statusOf(err), "signin", "Đăng nhập công dân", nil, h.signInData(r, next), form, err)
		return
	}
	q := url.Values{"ma": {ch.ID}}
	if next != "" {
		q.Set("next", next)
	}
	http.Redirect(w, r, "/dang-nhap-cong-dan/xac-nhan?"+q.Encode(), http.StatusSeeOther)
}

func (h *Web) handleSignInCodeForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ch, err := h.S.ChallengeInfo(r.Context(), q.Get("ma"), PurposeSignIn)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d := h.signInData(r, q.Get("next"))
	d.Challenge = ch
	h.render(w, r, http.StatusOK, "signin_code", "Nhập mã xác thực", nil, d, q, nil)
}

func (h *Web) handleSignInFinish(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	c, _, err := h.S.FinishSignIn(r.Context(), form.Get("ma"), form.Get("code"), h.Server.ClientAddr(r))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		d := h.signInData(r, form.Get("next"))
		d.Challenge, _ = h.S.ChallengeInfo(r.Context(), form.Get("ma"), PurposeSignIn)
		if d.Challenge == nil {
			h.render(w, r, statusOf(err), "signin", "Đăng nhập công dân", nil, d, form, err)
			return
		}
		form.Del("code")
		h.render(w, r, statusOf(err), "signin_code", "Nhập mã xác thực", nil, d, form, err)
		return
	}
	h.startSession(w, r, c, form.Get("next"))
}

func (h *Web) startSession(w http.ResponseWriter, r *http.Request, c *Citizen, next string) {
	if sess := web.SessionFrom(r); sess != nil {
		account.DeleteSession(r.Context(), h.S.DB, sess.Token) // a fresh token at every sign-in
	}
	tok, err := account.CreateSession(r.Context(), h.S.DB, account.SubjectCitizen, c.ID, "cookie", SessionTTL)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.Server.SetSessionCookie(w, tok, SessionTTL)
	next = web.SafeNext(next)
	if next == "" {
		next = "/ca-nhan"
		if !c.ProfileComplete() {
			next = "/ca-nhan/thong-tin?moi=1"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Web) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if sess := web.SessionFrom(r); sess != nil {
		if err := account.DeleteSession(r.Context(), h.S.DB, sess.Token); err != nil {
			h.Server.Error(w, r, err)
			return
		}
	}
	h.Server.SetSessionCookie(w, "", -time.Second)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handleOIDCStart is a POST (a button), so that no GET creates state.
func (h *Web) handleOIDCStart(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	authURL, state, err := h.OIDC.Begin(r.Context(), r.PathValue("slug"), web.SafeNext(form.Get("next")))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, statusOf(err), "signin", "Đăng nhập công dân", nil, h.signInData(r, form.Get("next")), form, err)
		return
	}
	// The state is also bound to this browser, so a callback started in
	// another browser (login CSRF) is refused.
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state, Path: "/dang-nhap-cong-dan/oidc/", MaxAge: int(stateTTL.Seconds()),
		HttpOnly: true, Secure: h.Server.Opt.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

// handleOIDCCallback is the redirect URI. It is a GET by the protocol; the
// state (random, single use, bound to the browser's cookie) protects it.
func (h *Web) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cookie, _ := r.Cookie(oidcStateCookie)
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/dang-nhap-cong-dan/oidc/", MaxAge: -1, HttpOnly: true,
		Secure: h.Server.Opt.SecureCookies, SameSite: http.SameSiteLaxMode})
	fail := func(err error) {
		h.render(w, r, statusOf(err), "signin", "Đăng nhập công dân", nil, h.signInData(r, ""), nil, err)
	}
	if e := q.Get("error"); e != "" {
		if e == "access_denied" {
			fail(apperr.Unauthorized("Ông/bà đã hủy đăng nhập tại nhà cung cấp định danh."))
			return
		}
		fail(errOIDCFailed)
		return
	}
	if cookie == nil || cookie.Value == "" || cookie.Value != q.Get("state") {
		fail(apperr.Unauthorized("Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại."))
		return
	}
	c, next, err := h.OIDC.Complete(r.Context(), r.PathValue("slug"), q.Get("state"), q.Get("code"), h.Server.ClientAddr(r))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		fail(err)
		return
	}
	h.startSession(w, r, c, next)
}
