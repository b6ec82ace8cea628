package pdfdoc

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// ControlSheet is the content of Mẫu số 05, Phiếu kiểm soát quá trình giải
// quyết hồ sơ (TT 01/2018/TT-VPCP Đ9; 2025 BM.05): one row per hand-over of
// the dossier between people or agencies, with the times, the step's due
// time and whether it finished early, on time or late. When the dossier is
// handled electronically the rows come from the system's own log (BM.05).
// The table runs over as many A5 pages as needed, repeating its header.
type ControlSheet struct {
	Header      Header
	DossierCode string
	// ReceiptNumber is the number of the Giấy tiếp nhận this sheet goes
	// with, if any.
	ReceiptNumber        string
	ProcedureName        string
	HandlingAgency       string   // cơ quan, đơn vị chủ trì giải quyết
	CoordinatingAgencies []string // cơ quan phối hợp giải quyết
	ReceivedAt           time.Time
	DueAt                time.Time // appointment to return the result
	Steps                []HandOver
	// SignatureSpace leaves room in each row for the giver's and receiver's
	// handwritten signatures, for a sheet that travels with a paper dossier.
	SignatureSpace bool
}

// HandOver is one row of the control sheet: who gave the dossier to whom
// and when, the step's due time, and its result.
type HandOver struct {
	Step   string    // what the step is, e.g. "Thẩm định hồ sơ"
	From   string    // giver: person and/or agency
	FromAt time.Time // time of giving
	To     string    // receiver: person and/or agency
	ToAt   time.Time // time of receiving
	DueAt  time.Time // due time of the step
	Result Verdict
	Note   string
}

// WriteControlSheet renders Mẫu số 05 on A5 paper and writes the PDF to w.
func WriteControlSheet(w io.Writer, c ControlSheet) error {
	return render(w, pageA5, "Phiếu kiểm soát quá trình giải quyết hồ sơ", c.Header.Date, func(d *doc) error {
		d.formNumber("Mẫu số 05")
		d.nationalHeader(c.Header)
		sub := ""
		if c.ReceiptNumber != "" {
			sub = "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số " + c.ReceiptNumber + ")"
		}
		d.title("Phiếu kiểm soát quá trình giải quyết hồ sơ", sub)
		d.field("Mã hồ sơ", c.DossierCode)
		if c.ProcedureName != "" {
			d.field("Tên thủ tục hành chính", c.ProcedureName)
		}
		d.field("Cơ quan, đơn vị chủ trì giải quyết", c.HandlingAgency)
		d.field("Cơ quan phối hợp giải quyết", strings.Join(c.CoordinatingAgencies, "; "))
		d.line(plain("Thời gian nhận hồ sơ: "), bold(clockDate(c.ReceivedAt)))
		d.line(plain("Thời gian hẹn trả kết quả: "), bold(clockDate(c.DueAt)))
		d.p.Ln(1)

		t := newTable(d, sizeSmall-0.5,
			column{title: "TT", width: 6, align: "C"},
			column{title: "Bước xử lý"},
			column{title: "Bên giao hồ sơ (người, cơ quan, thời gian)", width: 25},
			column{title: "Bên nhận hồ sơ (người, cơ quan, thời gian)", width: 25},
			column{title: "Hạn xử lý", width: 15, align: "C"},
			column{title: "Kết quả (trước hạn, đúng hạn, quá hạn)", width: 17, align: "C"},
			column{title: "Ghi chú", width: 15},
		)
		t.start()
		minLines := 1
		if c.SignatureSpace {
			minLines = 6
		}
		for i, s := range c.Steps {
			t.rowMin(minLines,
				strconv.Itoa(i+1),
				s.Step,
				party(s.From, s.FromAt),
				party(s.To, s.ToAt),
				dateTimeLines(s.DueAt),
				s.Result.String(),
				s.Note,
			)
		}
		if len(c.Steps) == 0 {
			for range 3 {
				t.rowMin(max(minLines, 3), "", "", "", "", "", "", "")
			}
		}
		return nil
	})
}

// party is the name and time of a giver or receiver, one per line.
func party(who string, at time.Time) string {
	switch {
	case at.IsZero():
		return who
	case who == "":
		return dateTimeShort(at)
	}
	return who + "\n" + dateTimeShort(at)
}

// dateTimeLines prints "08:30\n05/01/2026" for narrow date columns.
func dateTimeLines(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s := dateTimeShort(t) // "05/01/2026 08:30"
	date, clock, _ := strings.Cut(s, " ")
	return clock + "\n" + date
}
