package pdfdoc

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// SupplementRequest is the content of Mẫu số 02, Phiếu yêu cầu bổ sung,
// hoàn thiện hồ sơ (TT 01/2018/TT-VPCP Đ9; 2025 BM.02). The request must
// list everything at once: an officer may ask for a supplement only once,
// with complete guidance (ND 118/2025/NĐ-CP Đ11.2c, Đ16.3, Đ17.1c).
type SupplementRequest struct {
	Header Header
	// ReceivingUnit names the desk that received the dossier; empty uses
	// Header.Agency.
	ReceivingUnit string
	DossierCode   string // may be empty at the counter, before a code is issued
	Applicant     Person
	ProcedureName string
	ReceivedAt    time.Time
	// Items lists what must be supplemented or corrected and why; every
	// item is printed, numbered. At least one is required.
	Items []SupplementItem
	// CloseAfterDays, when positive, prints that the dossier is closed if
	// not completed within that many days (ND 118 Đ19.5: 15 days unless a
	// sector law sets another limit).
	CloseAfterDays int
	// Officer is the guiding officer (default title "Người hướng dẫn") and
	// Contact how to reach them, e.g. "0229 3871 234, motcua@ninhbinh.gov.vn".
	Officer Signer
	Contact string
}

// SupplementItem is one thing to supplement or correct.
type SupplementItem struct {
	Content string // what must be added or corrected
	Reason  string // why
}

// WriteSupplementRequest renders Mẫu số 02 on A5 paper and writes the PDF to
// w. It returns an apperr invalid error if there are no items.
func WriteSupplementRequest(w io.Writer, r SupplementRequest) error {
	var v apperr.Validation
	if len(r.Items) == 0 {
		v.Add("items", "Phiếu yêu cầu bổ sung phải nêu ít nhất một nội dung cần bổ sung, hoàn thiện")
	}
	for i, it := range r.Items {
		if it.Content == "" {
			v.Add(fmt.Sprintf("items[%d].content", i), "Chưa nêu nội dung cần bổ sung, hoàn thiện")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return render(w, pageA5, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", r.Header.Date, func(d *doc) error {
		d.formNumber("Mẫu số 02")
		d.nationalHeader(r.Header)
		d.title("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", codeLine(r.DossierCode))
		d.field("Hồ sơ của", r.Applicant.Name)
		if r.Applicant.IDNumber != "" {
			d.field("Số định danh cá nhân/tổ chức", r.Applicant.IDNumber)
		}
		d.field("Nội dung yêu cầu giải quyết", r.ProcedureName)
		unit := orBlank(firstNonEmpty(r.ReceivingUnit, r.Header.Agency))
		d.para(fmt.Sprintf("Ngày %s, %s đã tiếp nhận hồ sơ của Ông/Bà %s. "+
			"Qua xem xét, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
			dateShort(r.ReceivedAt), unit, orBlank(r.Applicant.Name)), "J")
		for i, it := range r.Items {
			d.item(strconv.Itoa(i+1)+".", plain(it.Content))
			if it.Reason != "" {
				d.item("", plain("Lý do: "), ital(it.Reason))
			}
		}
		d.p.Ln(1)
		d.para("Các nội dung cần bổ sung, hoàn thiện nêu trên được hướng dẫn đầy đủ, một lần.", "J")
		if r.CloseAfterDays > 0 {
			d.para(fmt.Sprintf("Quá %s ngày kể từ ngày nhận Phiếu này mà hồ sơ chưa được bổ sung, hoàn thiện "+
				"thì hồ sơ sẽ bị đóng trên hệ thống.", twoDigits(r.CloseAfterDays)), "J")
		}
		d.para(fmt.Sprintf("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với %s, %s để được hướng dẫn.",
			orBlank(r.Officer.Name), orBlank(r.Contact)), "J")
		d.signatures(signBlock{titleOr(r.Officer.Title, "Người hướng dẫn"), "(Ký và ghi rõ họ tên)", r.Officer.Name})
		return nil
	})
}

// codeLine is the "Mã hồ sơ" line under a title, empty without a code.
func codeLine(code string) string {
	if code == "" {
		return ""
	}
	return "Mã hồ sơ: " + code
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
