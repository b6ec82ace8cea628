package pdfdoc

import (
	"io"
	"strconv"
	"time"
)

// Receipt is the content of Mẫu số 01, Giấy tiếp nhận hồ sơ và hẹn trả kết
// quả (TT 01/2018/TT-VPCP Đ9; fields as in the 2025 BM.01). It is issued when
// a complete, valid dossier is received (ND 118/2025/NĐ-CP Đ17.1c); the
// processing time counts from the receipt time printed on it (Đ17.3).
type Receipt struct {
	Header Header
	// ReceivingUnit names the receiving desk in the sentence "… tiếp nhận
	// hồ sơ của"; empty uses Header.Agency.
	ReceivingUnit string
	// DossierCode is the mã số hồ sơ (TT 01/2018 Đ19, ND 118 Đ28).
	DossierCode string
	Applicant   Person
	// Representative is the person submitting on the applicant's behalf
	// (người được ủy quyền), if any; they then sign as the submitter.
	Representative *Person
	ProcedureName  string
	ProcedureCode  string // national TTHC code, e.g. "1.001193"
	Documents      []ReceiptDocument
	Sets           int    // số lượng bộ hồ sơ; 0 prints a blank
	TimeLimit      string // thời gian giải quyết theo quy định, e.g. "05 ngày làm việc"
	ReceivedAt     time.Time
	// AfterCutoff prints a note that the dossier was received after 15:00
	// and its time counts from the next working day. Whether the rule
	// applies is the procedure's business (legal-reference §7).
	AfterCutoff bool
	DueAt       time.Time // appointment to return the result
	// ResultDelivery is where or how the result will be collected, e.g.
	// "Bộ phận Một cửa UBND xã Đông Dư" or "Qua dịch vụ bưu chính công ích:
	// số 5 ngõ 12 phố Huế, Hà Nội".
	ResultDelivery string
	BookVolume     string // Sổ theo dõi hồ sơ: Quyển số
	BookSeq        int    // Sổ theo dõi hồ sơ: Số thứ tự
	// Fee is the amount of phí and lệ phí collected, in đồng, and
	// FeeReceiptNo the number of the biên lai. Neither set: no fee line.
	Fee          int64
	FeeReceiptNo string
	// TrackingURL is the public tracking page of this dossier, printed as a
	// QR code with the caption "Quét mã để tra cứu". Empty: no QR code.
	TrackingURL string
	// Officer is the receiving officer (default title "Người tiếp nhận hồ sơ").
	Officer Signer
}

// ReceiptDocument is one line of the thành phần hồ sơ table.
type ReceiptDocument struct {
	Name      string
	Originals int // bản chính
	Copies    int // bản sao
}

// WriteReceipt renders Mẫu số 01 on A5 paper and writes the PDF to w.
func WriteReceipt(w io.Writer, r Receipt) error {
	return render(w, pageA5, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", r.Header.Date, func(d *doc) error {
		return drawReceipt(d, &r)
	})
}

const qrSize = 22.0 // mm

func drawReceipt(d *doc, r *Receipt) error {
	p := d.p
	d.formNumber("Mẫu số 01")
	d.nationalHeader(r.Header)
	d.title("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Mã hồ sơ: "+orBlank(r.DossierCode))

	// The QR code sits at the right of the applicant's details; those lines
	// wrap short of it until they pass its bottom edge.
	qrBottom := p.GetY()
	if r.TrackingURL != "" {
		x, y := d.pageW-d.right-qrSize, p.GetY()
		if err := d.qr(x, y, qrSize, r.TrackingURL); err != nil {
			return err
		}
		p.SetXY(x-3, y+qrSize+0.5)
		d.font("I", sizeSmall-1)
		p.CellFormat(qrSize+6, lineHeight(sizeSmall-1), "Quét mã để tra cứu", "", 0, "C", false, 0, "")
		qrBottom = y + qrSize + lineHeight(sizeSmall-1) + 1
		p.SetXY(d.left, y)
		d.font("", sizeBody)
		p.SetRightMargin(d.right + qrSize + 3)
	}
	beside := func() {
		if p.GetY() >= qrBottom {
			p.SetRightMargin(d.right)
		}
	}

	unit := r.ReceivingUnit
	if unit == "" {
		unit = orBlank(r.Header.Agency)
	}
	d.line(plain(unit+" tiếp nhận hồ sơ của: "), bold(orBlank(r.Applicant.Name)))
	beside()
	d.field("Số định danh cá nhân/tổ chức", r.Applicant.IDNumber)
	beside()
	d.field("Địa chỉ", r.Applicant.Address)
	beside()
	d.line(plain("Số điện thoại: "), bold(orBlank(r.Applicant.Phone)))
	beside()
	d.line(plain("Email: "), bold(orBlank(r.Applicant.Email)))
	beside()
	if rep := r.Representative; rep != nil {
		d.line(plain("Người được ủy quyền: "), bold(orBlank(rep.Name)),
			plain("; số định danh: "), bold(orBlank(rep.IDNumber)),
			plain("; số điện thoại: "), bold(orBlank(rep.Phone)))
		beside()
	}
	proc := orBlank(r.ProcedureName)
	if r.ProcedureCode != "" {
		proc += " (mã thủ tục: " + r.ProcedureCode + ")"
	}
	d.line(plain("Nội dung yêu cầu giải quyết: "), bold(proc))
	for p.GetY() < qrBottom { // short body: keep the table clear of the code
		p.Ln(1)
	}
	p.SetRightMargin(d.right)

	d.line(plain("1. Thành phần hồ sơ nộp gồm:"))
	t := newTable(d, sizeBody-1,
		column{title: "TT", width: 8, align: "C"},
		column{title: "Tên giấy tờ"},
		column{title: "Bản chính", width: 17, align: "C"},
		column{title: "Bản sao", width: 15, align: "C"},
	)
	t.start()
	for i, doc := range r.Documents {
		t.row(strconv.Itoa(i+1), doc.Name, count(doc.Originals), count(doc.Copies))
	}
	for i := len(r.Documents); i < 2; i++ { // room to add documents by hand
		t.row("", "", "", "")
	}
	d.font("", sizeBody)
	p.Ln(1)

	sets := ""
	if r.Sets > 0 {
		sets = twoDigits(r.Sets) + " bộ"
	}
	d.line(plain("2. Số lượng hồ sơ: "), bold(orBlank(sets)))
	d.line(plain("3. Thời gian giải quyết hồ sơ theo quy định: "), bold(orBlank(r.TimeLimit)))
	d.line(plain("4. Thời gian nhận hồ sơ: "), bold(clockDate(r.ReceivedAt)))
	if r.AfterCutoff {
		d.line(ital("(Hồ sơ được tiếp nhận sau 15 giờ 00; thời gian giải quyết được tính từ ngày làm việc tiếp theo.)"))
	}
	d.line(plain("5. Thời gian trả kết quả giải quyết hồ sơ: "), bold(clockDate(r.DueAt)))
	d.line(plain("6. Đăng ký nhận kết quả tại: "), bold(orBlank(r.ResultDelivery)))
	if r.Fee != 0 || r.FeeReceiptNo != "" {
		d.line(plain("7. Phí, lệ phí đã thu: "), bold(Money(r.Fee)),
			plain(" (biên lai số: "), bold(orBlank(r.FeeReceiptNo)), plain(")"))
	}
	seq := ""
	if r.BookSeq > 0 {
		seq = strconv.Itoa(r.BookSeq)
	}
	d.line(plain("Vào Sổ theo dõi hồ sơ, Quyển số: "), bold(orBlank(r.BookVolume)),
		plain(", Số thứ tự: "), bold(orBlank(seq)))

	submitter := r.Applicant.Name
	if r.Representative != nil {
		submitter = r.Representative.Name
	}
	d.signatures(
		signBlock{"Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", submitter},
		signBlock{titleOr(r.Officer.Title, "Người tiếp nhận hồ sơ"), "(Ký và ghi rõ họ tên)", r.Officer.Name},
	)
	return nil
}

// count prints a document count, leaving zero blank.
func count(n int) string {
	if n <= 0 {
		return ""
	}
	return twoDigits(n)
}

func titleOr(title, def string) string {
	if title == "" {
		return def
	}
	return title
}
