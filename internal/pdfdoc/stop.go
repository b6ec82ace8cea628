package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// StopNotice is the content of the Thông báo dừng giải quyết hồ sơ. An
// applicant may ask to stop a dossier from the Giấy tiếp nhận until the
// decision or result notice is issued (ND 118/2025/NĐ-CP Đ21); the one-stop
// checks that no decision exists yet and issues this notice (TT 03/2025/TT-VPCP
// Đ7). TT 01/2018 has no such form, so it carries no "Mẫu số"; the number of
// the form in TT 03/2025 is unverified (legal-reference §2.1).
type StopNotice struct {
	Header Header
	// Addressee follows "Kính gửi:"; empty uses "Ông/Bà " + Applicant.Name.
	Addressee string
	Applicant Person
	// Agency is the body stopping the dossier; empty uses Header.Agency.
	Agency        string
	DossierCode   string
	ProcedureName string
	ReceivedAt    time.Time
	RequestedAt   time.Time // when the applicant asked to stop
	Reason        string    // the applicant's reason, if given
	StoppedAt     time.Time // effective date; zero uses Header.Date
	// Refund says how paper documents and fees are returned (ND 118 Đ21:
	// per the sector law), e.g. "Hoàn trả 01 bộ hồ sơ giấy và 50.000 đồng
	// lệ phí tại Bộ phận Một cửa". Empty prints the general rule.
	Refund string
	// Signer signs (default title "Thủ trưởng cơ quan").
	Signer Signer
}

// WriteStopNotice renders the stop notice on A5 paper and writes the PDF to w.
func WriteStopNotice(w io.Writer, n StopNotice) error {
	const title = "Thông báo dừng giải quyết hồ sơ"
	return render(w, pageA5, title, n.Header.Date, func(d *doc) error {
		d.nationalHeader(n.Header)
		d.title(title, codeLine(n.DossierCode))
		addressee := n.Addressee
		if addressee == "" && n.Applicant.Name != "" {
			addressee = "Ông/Bà " + n.Applicant.Name
		}
		d.line(plain("Kính gửi: "), bold(orBlank(addressee)))
		d.p.Ln(1)
		agency := orBlank(firstNonEmpty(n.Agency, n.Header.Agency))
		d.para(fmt.Sprintf("Ngày %s, %s nhận được đề nghị dừng giải quyết hồ sơ của Ông/Bà %s, cụ thể:",
			dateShort(n.RequestedAt), agency, orBlank(n.Applicant.Name)), "J")
		d.item("-", plain("Tên thủ tục hành chính: "), bold(orBlank(n.ProcedureName)))
		d.item("-", plain("Mã hồ sơ: "), bold(orBlank(n.DossierCode)))
		if n.Applicant.IDNumber != "" {
			d.item("-", plain("Số định danh cá nhân/tổ chức: "), bold(n.Applicant.IDNumber))
		}
		d.item("-", plain("Thời gian tiếp nhận hồ sơ: "), bold(clockDate(n.ReceivedAt)))
		if n.Reason != "" {
			d.item("-", plain("Lý do đề nghị dừng: "), ital(n.Reason))
		}
		stopped := n.StoppedAt
		if stopped.IsZero() {
			stopped = n.Header.Date
		}
		d.para(fmt.Sprintf("Hồ sơ chưa có quyết định giải quyết hoặc thông báo kết quả. %s thông báo dừng giải quyết "+
			"hồ sơ nêu trên kể từ ngày %s.", agency, dateShort(stopped)), "J")
		refund := "Việc hoàn trả hồ sơ giấy và phí, lệ phí (nếu có) thực hiện theo quy định của pháp luật chuyên ngành."
		if n.Refund != "" {
			refund = "Việc hoàn trả hồ sơ giấy và phí, lệ phí: " + strings.TrimRight(n.Refund, ". ") + "."
		}
		d.para(refund, "J")
		d.para("Xin thông báo để Ông/Bà biết./.", "J")
		d.signatures(signBlock{titleOr(n.Signer.Title, "Thủ trưởng cơ quan"), "(Ký, ghi rõ họ tên và đóng dấu)", n.Signer.Name})
		return nil
	})
}
