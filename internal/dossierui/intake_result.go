package dossierui

import (
	"net/http"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
)

// resultPage is what the officer sees after deciding at the counter.
type resultPage struct {
	D     *dossier.Dossier
	Forms []formLink
}

// Print is the form the officer prints for the decision: the receipt
// (Mẫu 01), the supplement request (Mẫu 02) or the refusal (Mẫu 03).
func (p *resultPage) Print() *formLink {
	want := dossier.Form01
	switch p.D.Status {
	case workflow.IntakeSupplement:
		want = dossier.Form02
	case workflow.Refused:
		want = dossier.Form03
	}
	for i := range p.Forms {
		if p.Forms[i].Number == want {
			return &p.Forms[i]
		}
	}
	return nil
}

// formLink is a link to one of the dossier's PDF forms.
type formLink struct {
	Number, Label, URL string
}

// formLabels names the forms served by the dossier module.
var formLabels = map[string]string{
	dossier.Form01:   "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
	dossier.Form02:   "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
	dossier.Form03:   "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)",
	dossier.Form04:   "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)",
	dossier.Form05:   "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)",
	dossier.FormStop: "Thông báo dừng giải quyết hồ sơ",
}

// formsOf lists the dossier's forms in order with their labels.
func formsOf(d *dossier.Dossier) []formLink {
	var out []formLink
	for _, n := range dossier.FormsOf(d) {
		u := d.Forms[n]
		if u == "" {
			continue
		}
		out = append(out, formLink{Number: n, Label: formLabels[n], URL: u})
	}
	return out
}

func (h *Handler) handleIntakeResult(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	d, err := h.dossiers.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "intake_result", "Kết quả tiếp nhận", &resultPage{D: d, Forms: formsOf(d)}, nil, nil)
}
