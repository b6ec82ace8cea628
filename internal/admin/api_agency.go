package admin

import (
	"net/http"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/web"
)

// APIAgency is an agency in the public API. OfficeHours is the
// machine-readable text ("Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30")
// with the system default filled in.
type APIAgency struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	ShortName   string `json:"short_name"`
	Kind        string `json:"kind"`
	Parent      string `json:"parent"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	OfficeHours string `json:"office_hours"`
}

// APIAgencyList is the body of GET /api/v1/agencies.
type APIAgencyList struct {
	Items []APIAgency `json:"items"`
}

// APIAgencyDetail is the body of GET /api/v1/agencies/{code}.
type APIAgencyDetail struct {
	APIAgency
	OfficersOnDuty []Officer `json:"officers_on_duty"`
}

func toAPI(a *agency.Agency) APIAgency {
	return APIAgency{Code: a.Code, Name: a.Name, ShortName: a.ShortName, Kind: string(a.Kind), Parent: a.ParentCode,
		Address: a.Address, Phone: a.Phone, Email: a.Email, OfficeHours: effectiveHours(a.OfficeHours)}
}

// handleAPIAgencyList lists every active agency in tree order (public).
func (h *Handler) handleAPIAgencyList(w http.ResponseWriter, r *http.Request) {
	list, err := h.activeAgencies(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	out := APIAgencyList{Items: []APIAgency{}}
	for _, a := range list {
		out.Items = append(out.Items, toAPI(a))
	}
	web.JSON(w, http.StatusOK, out)
}

// handleAPIAgencyShow returns one active agency with its officers on duty
// (public; an inactive or unknown code is 404).
func (h *Handler) handleAPIAgencyShow(w http.ResponseWriter, r *http.Request) {
	a, err := h.publicAgencyByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	officers, err := h.officersOnDuty(r.Context(), a)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, APIAgencyDetail{APIAgency: toAPI(a), OfficersOnDuty: officers})
}
