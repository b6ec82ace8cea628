package admin

import (
	"context"
	"net/http"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
)

// scopeAgencies returns the principal's agency and its subtree in tree
// order, with Depth relative to the principal's agency.
func (h *Handler) scopeAgencies(ctx context.Context, p *account.Principal) ([]*agency.Agency, error) {
	svc := h.agencies()
	own, err := svc.ByID(ctx, p.AgencyID)
	if err != nil {
		return nil, err
	}
	list, err := svc.Subtree(ctx, own)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		base := list[0].Depth
		for _, a := range list {
			a.Depth -= base
		}
	}
	return list, nil
}

// scopedAgency returns the agency with the code when it lies in the
// principal's subtree, else not_found.
func (h *Handler) scopedAgency(ctx context.Context, p *account.Principal, code string) (*agency.Agency, error) {
	a, err := h.agencies().ByCode(ctx, code)
	if err != nil || !p.InScope(a.Path) {
		return nil, errNotFound
	}
	return a, nil
}

type agencyRow struct {
	*agency.Agency
	KindLabel string
	Own       bool
	Indent    string // CSS class
}

type agencyListData struct {
	Rows []agencyRow
}

func (h *Handler) handleAgencyList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	list, err := h.scopeAgencies(r.Context(), p)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	d := agencyListData{}
	for _, a := range list {
		d.Rows = append(d.Rows, agencyRow{Agency: a, KindLabel: a.Kind.Label(), Own: a.ID == p.AgencyID, Indent: indentClass(a.Depth)})
	}
	h.render(w, r, page{name: "agency_list", title: "Quản lý cơ quan", data: d})
}
