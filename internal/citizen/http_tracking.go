package citizen

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// limit applies the per-client tracking limit; false when it answered 429.
func (h *Web) limit(w http.ResponseWriter, r *http.Request) bool {
	l := h.limiter.Load()
	if l == nil {
		return true
	}
	ok, wait := l.Allow(h.Server.ClientAddr(r))
	if ok {
		return true
	}
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	h.Server.Error(w, r, apperr.TooMany("Ông/bà tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %d giây.", secs))
	return false
}

type trackData struct {
	Code  string
	View  *TrackingView
	Asked bool
}

// handleTrackPage is the public tracking page: /tra-cuu?ma=CODE (the QR
// code on the receipt) or /tra-cuu/CODE (links in notifications).
func (h *Web) handleTrackPage(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.URL.Query().Get("ma"))
	if pc := r.PathValue("code"); pc != "" {
		code = strings.TrimSpace(pc)
	}
	d := trackData{Code: code, Asked: code != ""}
	if code == "" {
		h.render(w, r, http.StatusOK, "track", "Tra cứu hồ sơ", h.currentCitizen(r), d, nil, nil)
		return
	}
	if !h.limit(w, r) {
		return
	}
	v, err := h.Tracking.Lookup(r.Context(), code)
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, web.Status(apperr.Code(err)), "track", "Tra cứu hồ sơ", h.currentCitizen(r), d, nil, err)
		return
	}
	d.View = v
	h.render(w, r, http.StatusOK, "track", "Tra cứu hồ sơ "+v.Code, h.currentCitizen(r), d, nil, nil)
}

// handleTrackAPI is GET /api/v1/tracking/{code}.
func (h *Web) handleTrackAPI(w http.ResponseWriter, r *http.Request) {
	if !h.limit(w, r) {
		return
	}
	v, err := h.Tracking.Lookup(r.Context(), r.PathValue("code"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, v)
}
