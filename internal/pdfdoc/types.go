package pdfdoc

import "time"

// Header is the top of every form: the issuing agency block on the left and
// the national name, motto and place-and-date line on the right
// (ND 30/2020/NĐ-CP Phụ lục I). Agency names are printed in capitals
// whatever case they are given in.
type Header struct {
	// ParentAgency is the governing body (cơ quan chủ quản), e.g.
	// "UBND tỉnh Ninh Bình". Optional.
	ParentAgency string
	// Agency is the issuing body, e.g. "Trung tâm Phục vụ hành chính công";
	// printed bold with a short rule under it.
	Agency string
	// Number is the document number (số), e.g. "125/TTPVHCC"; the 2025
	// forms use the suffixes /TTPVHCC, /PBS, /PTC, /PXL and /PKS.
	// Empty prints a dotted blank.
	Number string
	// Place is the place name of the date line, e.g. "Ninh Bình".
	Place string
	// Date is the issue date, printed in Asia/Ho_Chi_Minh; the zero time
	// prints "ngày …… tháng …… năm ……" for completion by hand.
	Date time.Time
}

// Person is an applicant (người nộp hồ sơ), an organisation, or someone
// authorised to act for them.
type Person struct {
	Name string
	// IDNumber is the personal identification number (số định danh cá
	// nhân, 12 digits) or, for an organisation, its enterprise or tax code.
	IDNumber string
	Address  string
	Phone    string
	Email    string
}

// Signer is a person who signs a form.
type Signer struct {
	// Title is the signing capacity printed above the signature, e.g.
	// "Giám đốc"; each form has a default.
	Title string
	// Name is printed under the signature space.
	Name string
}

// Verdict is the outcome of one processing step on the process-control
// sheet (Mẫu 05): early, on time or late.
type Verdict int8

// Verdicts. VerdictNone leaves the cell empty (the step is still open).
const (
	VerdictNone Verdict = iota
	VerdictEarly
	VerdictOnTime
	VerdictLate
)

// String returns the Vietnamese label printed on the form.
func (v Verdict) String() string {
	switch v {
	case VerdictEarly:
		return "Trước hạn"
	case VerdictOnTime:
		return "Đúng hạn"
	case VerdictLate:
		return "Quá hạn"
	}
	return ""
}
