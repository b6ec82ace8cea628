package citizen

import (
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/web"
)

func profileForm(c *Citizen) url.Values {
	f := url.Values{"full_name": {c.FullName}, "id_number": {c.IDNumber}, "birth_date": {c.BirthDate}, "address": {c.Address}}
	if c.NotifySMS {
		f.Set("notify_sms", "1")
	}
	if c.NotifyEmail {
		f.Set("notify_email", "1")
	}
	return f
}

type profileData struct {
	New       bool
	Challenge *Challenge
}

func (h *Web) handleProfileForm(w http.ResponseWriter, r *http.Request, c *Citizen) {
	h.render(w, r, http.StatusOK, "profile", "Thông tin cá nhân", c, profileData{New: r.URL.Query().Get("moi") == "1"}, profileForm(c), nil)
}

func (h *Web) handleProfileSave(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	p := Profile{FullName: form.Get("full_name"), IDNumber: form.Get("id_number"), BirthDate: form.Get("birth_date"), Address: form.Get("address"),
		NotifySMS: form.Get("notify_sms") == "1", NotifyEmail: form.Get("notify_email") == "1"}
	if c.IDVerified { // the form shows them read-only
		p.FullName, p.IDNumber = c.FullName, c.IDNumber
	}
	if _, err := h.S.UpdateProfile(r.Context(), c.ID, p); err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, statusOf(err), "profile", "Thông tin cá nhân", c, profileData{}, form, err)
		return
	}
	next := web.SafeNext(form.Get("next"))
	if next == "" {
		next = "/ca-nhan/thong-tin?tb=luu"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Web) handleContactStart(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	ch, err := h.S.StartContactChange(r.Context(), c.ID, form.Get("destination"), h.Server.ClientAddr(r))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		f := profileForm(c)
		f.Set("destination", form.Get("destination"))
		h.render(w, r, statusOf(err), "profile", "Thông tin cá nhân", c, profileData{}, f, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/thong-tin/lien-he?ma="+url.QueryEscape(ch.ID), http.StatusSeeOther)
}

func (h *Web) handleContactCodeForm(w http.ResponseWriter, r *http.Request, c *Citizen) {
	ch, err := h.S.ChallengeInfo(r.Context(), r.URL.Query().Get("ma"), PurposeContact)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "contact_code", "Xác thực thông tin liên hệ", c, profileData{Challenge: ch}, r.URL.Query(), nil)
}

func (h *Web) handleContactFinish(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	if _, err := h.S.FinishContactChange(r.Context(), c.ID, form.Get("ma"), form.Get("code")); err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		ch, _ := h.S.ChallengeInfo(r.Context(), form.Get("ma"), PurposeContact)
		if ch == nil {
			h.render(w, r, statusOf(err), "profile", "Thông tin cá nhân", c, profileData{}, profileForm(c), err)
			return
		}
		form.Del("code")
		h.render(w, r, statusOf(err), "contact_code", "Xác thực thông tin liên hệ", c, profileData{Challenge: ch}, form, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/thong-tin?tb=lien-he", http.StatusSeeOther)
}
