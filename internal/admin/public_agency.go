package admin

import (
	"context"
	"net/http"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/textfold"
)

// Officer is what the public sees of an officer on duty: name, title and
// phone (ND 118/2025 Đ9.8). Nothing else about users is published.
type Officer struct {
	FullName string `json:"full_name"`
	Title    string `json:"title"`
	Phone    string `json:"phone"`
}

// Tel is the phone number for a tel: link (digits and a leading +).
func (o Officer) Tel() string { return telDigits(o.Phone) }

func telDigits(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type publicAgency struct {
	*agency.Agency
	KindLabel  string
	Hours      []string
	ParentName string
}

// Tel is the agency's phone number for a tel: link.
func (p publicAgency) Tel() string { return telDigits(p.Phone) }

type publicListData struct {
	Rows  []publicAgency
	Query string
}

type publicShowData struct {
	publicAgency
	ParentCode string // empty when the parent is not public (inactive)
	Children   []publicAgency
	Officers   []Officer
	OneStop    bool
}

// activeAgencies returns every active agency in tree order.
func (h *Handler) activeAgencies(ctx context.Context) ([]*agency.Agency, error) {
	all, err := h.agencies().List(ctx)
	if err != nil {
		return nil, err
	}
	var out []*agency.Agency
	for _, a := range all {
		if a.Active {
			out = append(out, a)
		}
	}
	return out, nil
}

// officersOnDuty returns the active users of the agency flagged on duty.
func (h *Handler) officersOnDuty(ctx context.Context, a *agency.Agency) ([]Officer, error) {
	users, err := h.accounts.List(ctx, account.UserFilter{AgencyID: a.ID, OnDuty: true})
	if err != nil {
		return nil, err
	}
	out := []Officer{}
	for _, u := range users {
		out = append(out, Officer{FullName: u.FullName, Title: u.Title, Phone: u.Phone})
	}
	return out, nil
}

// publicAgencyByCode returns an active agency, or not_found.
func (h *Handler) publicAgencyByCode(ctx context.Context, code string) (*agency.Agency, error) {
	a, err := h.agencies().ByCode(ctx, strings.ToUpper(code))
	if err != nil || !a.Active {
		return nil, errNotFound
	}
	return a, nil
}

func toPublic(a *agency.Agency, lang string, names map[string]string) publicAgency {
	return publicAgency{Agency: a, KindLabel: a.Kind.Label(), Hours: FormatOfficeHours(a.OfficeHours, lang), ParentName: names[a.ParentCode]}
}

func (h *Handler) handlePublicAgencyList(w http.ResponseWriter, r *http.Request) {
	list, err := h.activeAgencies(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	fq := textfold.Fold(q)
	names := map[string]string{}
	for _, a := range list {
		names[a.Code] = a.Name
	}
	d := publicListData{Query: q}
	for _, a := range list {
		if fq != "" && !strings.Contains(textfold.Fold(a.Name+" "+a.ShortName+" "+a.Address+" "+a.Code), fq) {
			continue
		}
		d.Rows = append(d.Rows, toPublic(a, lang, names))
	}
	h.render(w, r, page{name: "public_agency_list", title: "Cơ quan, đơn vị", data: d})
}

func (h *Handler) handlePublicAgencyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.publicAgencyByCode(ctx, r.PathValue("code"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	list, err := h.activeAgencies(ctx)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	names := map[string]string{}
	for _, x := range list {
		names[x.Code] = x.Name
	}
	d := publicShowData{publicAgency: toPublic(a, lang, names), OneStop: a.Kind.IsOneStop()}
	if _, ok := names[a.ParentCode]; ok {
		d.ParentCode = a.ParentCode
	}
	for _, x := range list {
		if x.ParentID == a.ID {
			d.Children = append(d.Children, toPublic(x, lang, names))
		}
	}
	if d.Officers, err = h.officersOnDuty(ctx, a); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, page{name: "public_agency_show", title: a.Name, data: d})
}
