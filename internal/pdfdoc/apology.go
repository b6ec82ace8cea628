package pdfdoc

import (
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Apology is the content of Mẫu số 04, Phiếu xin lỗi và hẹn lại ngày trả
// kết quả (TT 01/2018/TT-VPCP Đ9; 2025 BM.04 "Phiếu xin lỗi và đề nghị gia
// hạn thời gian giải quyết"). When a dossier is going to be late the
// handling agency sends it to the applicant at the latest one day before the
// due date, with the reason and the new date; the date may be moved only
// once (ND 118/2025/NĐ-CP Đ19.6, Đ12.5). Enforcing "only once" and "one day
// before" is the dossier module's job; this type only prints.
type Apology struct {
	Header Header
	// Addressee follows "Kính gửi:"; empty uses "Ông/Bà " + Applicant.Name.
	Addressee string
	Applicant Person
	// HandlingAgency is the agency apologising; empty uses Header.Agency.
	HandlingAgency string
	ReceivedAt     time.Time
	ProcedureName  string
	DossierCode    string
	OriginalDueAt  time.Time
	Reason         string    // why the dossier is late; required
	NewDueAt       time.Time // the new appointment; required, after OriginalDueAt
	// Extension selects the ND 118 title and wording ("đề nghị gia hạn thời
	// gian giải quyết") instead of the TT 01/2018 one ("hẹn lại ngày trả
	// kết quả").
	Extension bool
	// Head is the head of the handling agency, who signs (default title
	// "Thủ trưởng cơ quan").
	Head Signer
}

// WriteApology renders Mẫu số 04 on A5 paper and writes the PDF to w. It
// returns an apperr invalid error without a reason or a new date, or when
// the new date is not after the original one.
func WriteApology(w io.Writer, a Apology) error {
	var v apperr.Validation
	v.Check(a.Reason != "", "reason", "Phải nêu lý do chậm trả kết quả")
	v.Check(!a.NewDueAt.IsZero(), "new_due_at", "Phải nêu ngày hẹn trả kết quả mới")
	if !a.NewDueAt.IsZero() && !a.OriginalDueAt.IsZero() {
		v.Check(a.NewDueAt.After(a.OriginalDueAt), "new_due_at", "Ngày hẹn mới phải sau ngày hẹn trả ban đầu")
	}
	if err := v.Err(); err != nil {
		return err
	}
	title := "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
	if a.Extension {
		title = "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"
	}
	return render(w, pageA5, title, a.Header.Date, func(d *doc) error {
		d.formNumber("Mẫu số 04")
		d.nationalHeader(a.Header)
		d.title(title)
		addressee := a.Addressee
		if addressee == "" && a.Applicant.Name != "" {
			addressee = "Ông/Bà " + a.Applicant.Name
		}
		d.p.SetX(d.left)
		d.line(plain("Kính gửi: "), bold(orBlank(addressee)))
		d.p.Ln(1)
		agency := orBlank(firstNonEmpty(a.HandlingAgency, a.Header.Agency))
		d.para(fmt.Sprintf("Ngày %s, %s tiếp nhận giải quyết hồ sơ đề nghị %s của Ông/Bà %s.",
			dateShort(a.ReceivedAt), agency, orBlank(a.ProcedureName), orBlank(a.Applicant.Name)), "J")
		d.field("Số định danh cá nhân/tổ chức", a.Applicant.IDNumber)
		d.field("Mã số hồ sơ", a.DossierCode)
		d.line(plain("Thời gian hẹn trả kết quả giải quyết hồ sơ: "), bold(clockDate(a.OriginalDueAt)))
		d.line(plain(fmt.Sprintf("Tuy nhiên đến nay, %s chưa trả kết quả giải quyết hồ sơ cho Ông/Bà, lý do: ", agency)),
			ital(a.Reason))
		promise := "hẹn lại ngày trả kết quả giải quyết hồ sơ vào"
		if a.Extension {
			promise = "đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả giải quyết hồ sơ vào"
		}
		d.line(plain(fmt.Sprintf("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. "+
			"%s xin lỗi Ông/Bà và %s ", agency, promise)), bold(clockDate(a.NewDueAt)), plain("."))
		d.para("Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.", "J")
		d.signatures(signBlock{titleOr(a.Head.Title, "Thủ trưởng cơ quan"), "(Ký, ghi rõ họ tên và đóng dấu)", a.Head.Name})
		return nil
	})
}
