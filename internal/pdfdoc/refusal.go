package pdfdoc

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Refusal is the content of Mẫu số 03, Phiếu từ chối tiếp nhận giải quyết
// hồ sơ (TT 01/2018/TT-VPCP Đ9; 2025 BM.03). It gives the reasons a dossier
// is not accepted (ND 118/2025/NĐ-CP Đ17.1c) or, after appraisal, not
// granted (Đ19.3).
type Refusal struct {
	Header Header
	// ReceivingUnit names the refusing desk; empty uses Header.Agency.
	ReceivingUnit string
	DossierCode   string // if one was issued
	Applicant     Person
	ProcedureName string
	ReceivedAt    time.Time // optional
	// Reasons are printed numbered; at least one is required.
	Reasons []string
	// Officer signs (default title "Người tiếp nhận hồ sơ").
	Officer Signer
}

// WriteRefusal renders Mẫu số 03 on A5 paper and writes the PDF to w. It
// returns an apperr invalid error if no reason is given.
func WriteRefusal(w io.Writer, r Refusal) error {
	var v apperr.Validation
	v.Check(len(r.Reasons) > 0, "reasons", "Phiếu từ chối phải nêu rõ lý do")
	for i, s := range r.Reasons {
		v.Check(s != "", fmt.Sprintf("reasons[%d]", i), "Lý do từ chối đang để trống")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return render(w, pageA5, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", r.Header.Date, func(d *doc) error {
		d.formNumber("Mẫu số 03")
		d.nationalHeader(r.Header)
		d.title("Phiếu từ chối tiếp nhận giải quyết hồ sơ", codeLine(r.DossierCode))
		unit := orBlank(firstNonEmpty(r.ReceivingUnit, r.Header.Agency))
		d.line(plain(unit+" tiếp nhận hồ sơ của: "), bold(orBlank(r.Applicant.Name)))
		if r.Applicant.IDNumber != "" {
			d.field("Số định danh cá nhân/tổ chức", r.Applicant.IDNumber)
		}
		if r.Applicant.Address != "" {
			d.field("Địa chỉ", r.Applicant.Address)
		}
		if !r.ReceivedAt.IsZero() {
			d.line(plain("Thời gian nộp hồ sơ: "), bold(clockDate(r.ReceivedAt)))
		}
		d.field("Nội dung yêu cầu giải quyết", r.ProcedureName)
		d.para(fmt.Sprintf("Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", unit), "J")
		for i, reason := range r.Reasons {
			d.item(strconv.Itoa(i+1)+".", plain(reason))
		}
		d.para("Xin thông báo để Ông/Bà biết và thực hiện./.", "J")
		d.signatures(signBlock{titleOr(r.Officer.Title, "Người tiếp nhận hồ sơ"), "(Ký và ghi rõ họ tên)", r.Officer.Name})
		return nil
	})
}
