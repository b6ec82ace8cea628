package dossier

import (
	"net/http"

	"github.com/motcua/motcua/internal/web"
)

func (h *API) handleProcessGet(w http.ResponseWriter, r *http.Request) {
	v, err := h.Svc.Process(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, v)
}

// handleProcessPut: PUT /api/v1/processes/{code} {"steps":[…],"all_versions":false}.
func (h *API) handleProcessPut(w http.ResponseWriter, r *http.Request) {
	var in ProcessInput
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	v, err := h.Svc.SetProcess(r.Context(), principal(r), r.PathValue("code"), in)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, v)
}

func (h *API) handleProcessDelete(w http.ResponseWriter, r *http.Request) {
	if err := h.Svc.ResetProcess(r.Context(), principal(r), r.PathValue("code")); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *API) handleSettingsGet(w http.ResponseWriter, r *http.Request) {
	st, err := h.Svc.Settings(r.Context())
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, st)
}

func (h *API) handleSettingsPut(w http.ResponseWriter, r *http.Request) {
	var st Settings
	if err := web.DecodeJSON(r, &st); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	st, err := h.Svc.SetSettings(r.Context(), principal(r), st)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, st)
}

// onlineRequest is the body of the online intake actions.
type onlineRequest struct {
	Version int64  `json:"version"`
	Items   []Item `json:"items,omitempty"`
}

func (h *API) handleOnlineAccept(w http.ResponseWriter, r *http.Request) {
	var in onlineRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	d, err := h.Svc.AcceptOnline(r.Context(), principal(r), r.PathValue("ref"), in.Version)
	h.answer(w, r, d, err)
}

func (h *API) handleOnlineChanges(w http.ResponseWriter, r *http.Request) {
	var in onlineRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	d, err := h.Svc.RequestOnlineChanges(r.Context(), principal(r), r.PathValue("ref"), in.Version, in.Items)
	h.answer(w, r, d, err)
}

func (h *API) handleOnlineRefuse(w http.ResponseWriter, r *http.Request) {
	var in onlineRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	d, err := h.Svc.RejectOnline(r.Context(), principal(r), r.PathValue("ref"), in.Version, in.Items)
	h.answer(w, r, d, err)
}

func (h *API) answer(w http.ResponseWriter, r *http.Request, d *Dossier, err error) {
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, d)
}
