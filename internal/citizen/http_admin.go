package citizen

import (
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/web"
)

type providersData struct {
	Providers   []Provider
	Provider    *Provider
	RedirectURL string
}

func staffActor(p *account.Principal) audit.Actor {
	return audit.Actor{ID: p.UserID, Name: p.Username, Kind: "staff"}
}

func (h *Web) handleProvidersList(w http.ResponseWriter, r *http.Request) {
	ps, err := h.S.Providers(r.Context(), false)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "admin_providers", "Đăng nhập bằng tài khoản định danh (OpenID Connect)", nil,
		providersData{Providers: ps, RedirectURL: h.OIDC.RedirectURL("{ma}")}, nil, nil)
}

func providerForm(p *Provider) url.Values {
	f := url.Values{"slug": {p.Slug}, "name": {p.Name}, "issuer": {p.Issuer}, "client_id": {p.ClientID}, "scopes": {p.Scopes},
		"claim_name": {p.ClaimName}, "claim_id_number": {p.ClaimIDNumber}}
	if p.Enabled {
		f.Set("enabled", "1")
	}
	return f
}

func (h *Web) handleProviderForm(w http.ResponseWriter, r *http.Request) {
	p := &Provider{Scopes: "openid profile", ClaimName: "name", Enabled: true}
	if slug := r.PathValue("slug"); slug != "" {
		var err error
		if p, err = h.S.ProviderBySlug(r.Context(), slug); err != nil {
			h.Server.Error(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "admin_provider", "Nhà cung cấp định danh", nil, providersData{Provider: p, RedirectURL: h.OIDC.RedirectURL(p.Slug)},
		providerForm(p), nil)
}

func (h *Web) handleProviderSave(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	p := &Provider{}
	if slug := r.PathValue("slug"); slug != "" {
		cur, err := h.S.ProviderBySlug(r.Context(), slug)
		if err != nil {
			h.Server.Error(w, r, err)
			return
		}
		p.ID = cur.ID
	}
	p.Slug, p.Name, p.Issuer, p.ClientID = form.Get("slug"), form.Get("name"), form.Get("issuer"), form.Get("client_id")
	p.ClientSecret = r.PostForm.Get("client_secret") // secrets are not normalised
	p.Scopes, p.ClaimName, p.ClaimIDNumber, p.Enabled = form.Get("scopes"), form.Get("claim_name"), form.Get("claim_id_number"), form.Get("enabled") == "1"
	if err := h.S.SaveProvider(r.Context(), staffActor(account.PrincipalFrom(r.Context())), p); err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, statusOf(err), "admin_provider", "Nhà cung cấp định danh", nil, providersData{Provider: p, RedirectURL: h.OIDC.RedirectURL(p.Slug)}, form, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/dinh-danh?tb=luu", http.StatusSeeOther)
}

type homeData struct {
	Drafts    []Draft
	Dossiers  []DossierSummary
	Documents int
}

func (h *Web) handleHome(w http.ResponseWriter, r *http.Request, c *Citizen) {
	var d homeData
	var err error
	if d.Drafts, err = h.S.Drafts(r.Context(), c.ID); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	if h.S.Dossiers != nil {
		if d.Dossiers, err = h.S.Dossiers.ForCitizen(r.Context(), c.ID, 5); err != nil {
			h.Server.Error(w, r, err)
			return
		}
	}
	if d.Documents, err = h.S.CountDocuments(r.Context(), c.ID); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "home", "Trang cá nhân", c, d, nil, nil)
}
