package dossierui

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
)

// bookPage is the tracking-book page (Mẫu 06).
type bookPage struct {
	Agencies []option // one-stop agencies in scope
	Agency   string
	Year     int
	Years    []int
	Endpoint string
}

func (h *Handler) handleBook(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	ags, err := h.agencies.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := &bookPage{Year: h.srv.DB.Now().In(loc()).Year(), Agency: p.AgencyCode, Endpoint: bookEndpoint}
	for _, a := range ags {
		if a.Active && p.InScope(a.Path) && (a.Kind == agency.KindCenter || a.Kind == agency.KindCommuneCenter) {
			page.Agencies = append(page.Agencies, option{a.Code, a.Name})
		}
	}
	if len(page.Agencies) > 0 && findOption(page.Agencies, page.Agency) == "" {
		page.Agency = page.Agencies[0].Value
	}
	for y := page.Year; y >= page.Year-5; y-- {
		page.Years = append(page.Years, y)
	}
	h.render(w, r, http.StatusOK, "book", "Sổ theo dõi hồ sơ", page, nil, nil)
}

// findOption returns the label of the option with value v, or "".
func findOption(os []option, v string) string {
	for _, o := range os {
		if o.Value == v {
			return o.Label
		}
	}
	return ""
}

// Itoa is for templates.
func (p *bookPage) Itoa(n int) string { return strconv.Itoa(n) }

// bookEndpoint is the dossier module's download of the book
// (?agency=&year=&format=pdf|xlsx).
const bookEndpoint = "/api/v1/tracking-book"
