package dossierui

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

// intakePage is the data of the counter intake page.
type intakePage struct {
	Query          string
	Results        *procedure.Results
	Proc           *procedure.Procedure
	Idem           string
	FocusChecklist bool
	// Communes lists the UBND cấp xã to choose from when the procedure is
	// settled by "the commune" and the receiving centre is not a commune's.
	Communes []option
	// Uploaded holds the scans already stored for each checklist item (kept
	// across a re-rendered form, since browsers do not keep file inputs).
	Uploaded map[int][]uploaded
	// Store, when set, reports the checklist items available from the
	// citizen's e-data store (none until the citizen module provides it).
	Store map[int]bool
}

// uploaded is a scan stored before the form was shown again.
type uploaded struct {
	SHA256, Name string
}

// Intake choices with their Vietnamese labels.
var (
	feeMethods      = []option{{"cash", "Tiền mặt"}, {"transfer", "Chuyển khoản"}, {"online", "Thanh toán trực tuyến"}, {"post", "Bưu chính thu hộ"}}
	deliveryMethods = []option{{"counter", "Tại Bộ phận Một cửa"}, {"post", "Qua dịch vụ bưu chính công ích"}, {"online", "Trực tuyến"}}
)

// FeeMethods lists the ways fees are paid.
func (p *intakePage) FeeMethods() []option { return feeMethods }

// DeliveryMethods lists the ways a result is returned.
func (p *intakePage) DeliveryMethods() []option { return deliveryMethods }

// ExtraItems numbers the free rows of the supplement request.
func (p *intakePage) ExtraItems() []int { return []int{0, 1, 2} }

// Delivery is the chosen delivery method (counter by default).
func (p *intakePage) Delivery(v *web.View) string {
	if m := v.Val("delivery"); m != "" {
		return m
	}
	return "counter"
}

// FeeValue is the fee amount typed, or the procedure's usual fee.
func (p *intakePage) FeeValue(v *web.View) string {
	if v.Form != nil {
		return v.Val("fee_amount")
	}
	if p.Proc != nil && len(p.Proc.Fees) > 0 {
		return strconv.FormatInt(p.Proc.Fees[0].Amount, 10)
	}
	return "0"
}

// Ticked reports whether checklist item i is ticked in the submitted form.
func (p *intakePage) Ticked(v *web.View, i int) bool {
	return v.Val(fmt.Sprintf("d%d_ticked", i)) != ""
}

// InStore reports whether item i is in the citizen's e-data store.
func (p *intakePage) InStore(i int) bool { return p.Store[i] }

// StoreTicked reports whether "in the data store" was ticked for item i.
func (p *intakePage) StoreTicked(v *web.View, i int) bool {
	return v.Val(fmt.Sprintf("d%d_store", i)) != ""
}

// Count is the originals or copies count typed for item i, or the
// procedure's number.
func (p *intakePage) Count(v *web.View, i int, kind string, def int) string {
	if v.Form != nil {
		return v.Val(fmt.Sprintf("d%d_%s", i, kind))
	}
	return strconv.Itoa(def)
}

// DocErr returns the error of checklist item i, if any.
func (p *intakePage) DocErr(v *web.View, i int) string {
	for _, f := range []string{"", ".originals", ".files", ".index"} {
		if e := v.Err(fmt.Sprintf("documents.%d%s", i, f)); e != "" {
			return e
		}
	}
	return ""
}

// Scans returns the scans already uploaded for item i.
func (p *intakePage) Scans(i int) []uploaded { return p.Uploaded[i] }

// newIdem returns a fresh idempotency key for one rendering of the form.
func newIdem() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (h *Handler) handleIntakeForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := &intakePage{Query: trim(q.Get("q")), Idem: newIdem()}
	if code := trim(q.Get("thu_tuc")); code != "" {
		proc, err := h.procs.InForce(r.Context(), code, h.srv.DB.Now())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		page.Proc, page.FocusChecklist = proc, true
		if err := h.fillCommunes(r, page); err != nil {
			h.fail(w, r, err)
			return
		}
	} else if page.Query != "" {
		res, err := h.procs.Search(r.Context(), procedure.Query{Text: page.Query, PerPage: 20})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		// A code or a single hit goes straight to its checklist.
		if len(res.Items) == 1 {
			http.Redirect(w, r, "/can-bo/tiep-nhan?thu_tuc="+url.QueryEscape(res.Items[0].Code), http.StatusSeeOther)
			return
		}
		page.Results = res
	}
	h.render(w, r, http.StatusOK, "intake", "Tiếp nhận hồ sơ", page, nil, nil)
}

// fillCommunes offers the communes when the procedure is settled by "the
// commune" and the officer's centre is not a commune's own.
func (h *Handler) fillCommunes(r *http.Request, page *intakePage) error {
	if page.Proc.HandlingAgency != procedure.AtCommune {
		return nil
	}
	p := account.PrincipalFrom(r.Context())
	own, err := h.agencies.ByID(r.Context(), p.AgencyID)
	if err != nil {
		return err
	}
	if own.Kind == "commune_center" {
		return nil
	}
	all, err := h.agencies.List(r.Context())
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Kind == "commune" && a.Active {
			page.Communes = append(page.Communes, option{a.Code, a.Name})
		}
	}
	return nil
}

// errorLink points at a field with an error, for the summary at the top of
// the form (keyboard users jump to it from there).
type errorLink struct {
	Anchor, Message string
}

// ErrorLinks lists the field errors in the order of the form.
func (p *intakePage) ErrorLinks(v *web.View) []errorLink {
	if len(v.Errors) == 0 {
		return nil
	}
	var out []errorLink
	add := func(field, anchor string) {
		if m := v.Err(field); m != "" {
			out = append(out, errorLink{Anchor: anchor, Message: m})
		}
	}
	add("handling_agency", "f-handling_agency")
	if p.Proc != nil {
		for i := range p.Proc.Documents {
			if m := p.DocErr(v, i); m != "" {
				out = append(out, errorLink{Anchor: fmt.Sprintf("d%d-ticked", i), Message: m})
			}
		}
	}
	for _, f := range []string{"applicant_kind", "applicant_id", "applicant_tax", "applicant_name", "applicant_birth_date", "applicant_phone",
		"applicant_email", "applicant_address", "rep_name", "rep_id", "rep_phone", "fee_amount", "fee_method", "fee_receipt", "delivery",
		"delivery_address", "post_slip", "post_record", "post_signed_at", "post_fees", "post_fee_receipt"} {
		add(f, "f-"+f)
	}
	add("items", "bo-sung")
	add("refuse_reason", "f-refuse_reason")
	return out
}
