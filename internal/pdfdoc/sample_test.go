package pdfdoc_test

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/pdfdoc"
)

var ict = time.FixedZone("ICT", 7*60*60)

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, ict)
}

func sampleHeader(number string) pdfdoc.Header {
	return pdfdoc.Header{
		ParentAgency: "Ủy ban nhân dân tỉnh Ninh Bình",
		Agency:       "Trung tâm Phục vụ hành chính công",
		Number:       number,
		Place:        "Ninh Bình",
		Date:         at(2026, 1, 5, 8, 30),
	}
}

var sampleApplicant = pdfdoc.Person{
	Name:     "Nguyễn Thị Hường",
	IDNumber: "037185001234",
	Address:  "Thôn Đông Dư, xã Đông Dư, tỉnh Ninh Bình",
	Phone:    "0912 345 678",
	Email:    "huong.nt@example.vn",
}

const (
	sampleCode      = "000.00.12.H42-260105-0001"
	sampleProcedure = "Đăng ký khai sinh có yếu tố nước ngoài"
)

func sampleReceipt() pdfdoc.Receipt {
	return pdfdoc.Receipt{
		Header:        sampleHeader("125/TTPVHCC"),
		ReceivingUnit: "Trung tâm Phục vụ hành chính công tỉnh Ninh Bình",
		DossierCode:   sampleCode,
		Applicant:     sampleApplicant,
		Representative: &pdfdoc.Person{
			Name: "Trần Văn Đức", IDNumber: "037090004321", Phone: "0987 654 321",
		},
		ProcedureName: sampleProcedure,
		ProcedureCode: "1.001193",
		Documents: []pdfdoc.ReceiptDocument{
			{Name: "Tờ khai đăng ký khai sinh theo mẫu", Originals: 1},
			{Name: "Giấy chứng sinh do cơ sở y tế cấp", Originals: 1},
			{Name: "Văn bản ủy quyền được chứng thực theo quy định của pháp luật", Originals: 1, Copies: 1},
			{Name: "Giấy tờ tùy thân của người đi đăng ký (hộ chiếu, căn cước)", Copies: 2},
		},
		Sets:           1,
		TimeLimit:      "05 ngày làm việc",
		ReceivedAt:     at(2026, 1, 5, 15, 20),
		AfterCutoff:    true,
		DueAt:          at(2026, 1, 13, 10, 0),
		ResultDelivery: "Qua dịch vụ bưu chính công ích, địa chỉ: thôn Đông Dư, xã Đông Dư, tỉnh Ninh Bình",
		BookVolume:     "01",
		BookSeq:        125,
		Fee:            50000,
		FeeReceiptNo:   "0001234",
		TrackingURL:    "https://dichvucong.ninhbinh.gov.vn/tra-cuu/000.00.12.H42-260105-0001",
		Officer:        pdfdoc.Signer{Name: "Lê Thị Ngọc Ánh"},
	}
}

func sampleSupplement() pdfdoc.SupplementRequest {
	return pdfdoc.SupplementRequest{
		Header:        sampleHeader("12/PBS"),
		DossierCode:   sampleCode,
		Applicant:     sampleApplicant,
		ProcedureName: sampleProcedure,
		ReceivedAt:    at(2026, 1, 5, 15, 20),
		Items: []pdfdoc.SupplementItem{
			{Content: "Bổ sung bản sao giấy chứng nhận kết hôn của cha, mẹ", Reason: "Hồ sơ chưa có giấy tờ chứng minh quan hệ hôn nhân"},
			{Content: "Ký lại tờ khai đăng ký khai sinh", Reason: "Chữ ký trên tờ khai không khớp với giấy tờ tùy thân"},
			{Content: "Hợp pháp hóa lãnh sự giấy khai sinh do cơ quan nước ngoài cấp"},
		},
		CloseAfterDays: 15,
		Officer:        pdfdoc.Signer{Name: "Lê Thị Ngọc Ánh"},
		Contact:        "điện thoại 0229 3871 234, thư điện tử motcua@ninhbinh.gov.vn",
	}
}

func sampleRefusal() pdfdoc.Refusal {
	return pdfdoc.Refusal{
		Header:        sampleHeader("03/PTC"),
		Applicant:     sampleApplicant,
		ProcedureName: sampleProcedure,
		ReceivedAt:    at(2026, 1, 5, 9, 10),
		Reasons: []string{
			"Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã Đông Dư.",
			"Người nộp không có văn bản ủy quyền hợp lệ.",
		},
		Officer: pdfdoc.Signer{Name: "Lê Thị Ngọc Ánh"},
	}
}

func sampleApology() pdfdoc.Apology {
	return pdfdoc.Apology{
		Header:         sampleHeader("07/PXL"),
		Applicant:      sampleApplicant,
		HandlingAgency: "Sở Tư pháp tỉnh Ninh Bình",
		ReceivedAt:     at(2026, 1, 5, 15, 20),
		ProcedureName:  sampleProcedure,
		DossierCode:    sampleCode,
		OriginalDueAt:  at(2026, 1, 13, 10, 0),
		Reason:         "Cần xác minh thông tin hộ tịch tại cơ quan đại diện Việt Nam ở nước ngoài.",
		NewDueAt:       at(2026, 1, 20, 14, 0),
		Head:           pdfdoc.Signer{Title: "Giám đốc", Name: "Phạm Quốc Hưng"},
	}
}

func sampleControl(steps int) pdfdoc.ControlSheet {
	c := pdfdoc.ControlSheet{
		Header:               sampleHeader("125/PKS"),
		DossierCode:          sampleCode,
		ReceiptNumber:        "125/TTPVHCC",
		ProcedureName:        sampleProcedure,
		HandlingAgency:       "Sở Tư pháp tỉnh Ninh Bình",
		CoordinatingAgencies: []string{"Công an tỉnh Ninh Bình", "Ủy ban nhân dân xã Đông Dư"},
		ReceivedAt:           at(2026, 1, 5, 15, 20),
		DueAt:                at(2026, 1, 13, 10, 0),
	}
	names := []string{"Lê Thị Ngọc Ánh (Bộ phận Một cửa)", "Phòng Hành chính tư pháp", "Trần Quốc Việt (chuyên viên)", "Lãnh đạo Sở"}
	results := []pdfdoc.Verdict{pdfdoc.VerdictEarly, pdfdoc.VerdictOnTime, pdfdoc.VerdictLate}
	for i := range steps {
		t := at(2026, 1, 6+i/4, 8+i%4*2, 15)
		c.Steps = append(c.Steps, pdfdoc.HandOver{
			Step:   []string{"Chuyển hồ sơ", "Thẩm định hồ sơ", "Xác minh, lấy ý kiến phối hợp", "Trình ký kết quả"}[i%4],
			From:   names[i%4],
			FromAt: t,
			To:     names[(i+1)%4],
			ToAt:   t.Add(20 * time.Minute),
			DueAt:  t.Add(24 * time.Hour),
			Result: results[i%3],
			Note:   []string{"", "Đã bổ sung hồ sơ", "", "Ủy quyền ký"}[i%4],
		})
	}
	return c
}

func sampleStop() pdfdoc.StopNotice {
	return pdfdoc.StopNotice{
		Header:        sampleHeader("02/TB-TTPVHCC"),
		Applicant:     sampleApplicant,
		DossierCode:   sampleCode,
		ProcedureName: sampleProcedure,
		ReceivedAt:    at(2026, 1, 5, 15, 20),
		RequestedAt:   at(2026, 1, 7, 9, 0),
		Reason:        "Gia đình đã đăng ký khai sinh cho cháu tại cơ quan đại diện ở nước ngoài.",
		Refund:        "Hoàn trả 01 bộ hồ sơ giấy tại Bộ phận Một cửa; lệ phí đã nộp không được hoàn lại theo quy định",
		Signer:        pdfdoc.Signer{Title: "Giám đốc", Name: "Phạm Quốc Hưng"},
	}
}

func sampleBook() pdfdoc.TrackingBook {
	h := sampleHeader("")
	return pdfdoc.TrackingBook{Header: h, Volume: "01", Year: 2026}
}

func sampleEntries(n int) []pdfdoc.BookEntry {
	procs := []string{sampleProcedure, "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", "Đăng ký thường trú"}
	people := []string{"Nguyễn Thị Hường", "Trần Văn Đức", "Lê Thị Ngọc Ánh", "Phạm Quốc Hưng", "Đỗ Thị Thủy Tiên"}
	out := make([]pdfdoc.BookEntry, n)
	for i := range out {
		recv := at(2026, 1, 5+i/40, 8+(i%8), (i*7)%60)
		e := pdfdoc.BookEntry{
			DossierCode:    fmt.Sprintf("000.00.12.H42-2601%02d-%04d", 5+i/40, i%40+1),
			ProcedureName:  procs[i%len(procs)],
			ApplicantName:  people[i%len(people)],
			Address:        "Thôn Đông Dư, xã Đông Dư, tỉnh Ninh Bình",
			Phone:          "0912 345 678",
			LeadAgency:     "Ủy ban nhân dân xã Đông Dư",
			ReceivedAt:     recv,
			DueAt:          recv.Add(72 * time.Hour),
			DeliveryMethod: []string{"Trực tiếp", "Bưu chính công ích", "Trực tuyến"}[i%3],
		}
		if i%2 == 0 {
			e.ReturnedAt = recv.Add(48 * time.Hour)
		}
		if i%5 == 0 {
			e.Note = "Hồ sơ liên thông"
		}
		out[i] = e
	}
	return out
}
