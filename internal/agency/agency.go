// Package agency manages the tree of agencies (cơ quan, đơn vị): the province
// People's Committee, the provincial public-service centre (TTPVHCC), the
// departments (sở) and their divisions (phòng), the communes / wards / special
// zones (xã, phường, đặc khu) and their centres. The tree has any depth; the
// two-level local government in force since 01/7/2025 (legal-reference §8)
// is the default, and nothing assumes a district level.
package agency

import (
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// Kind of agency.
type Kind string

// Agency kinds.
const (
	KindProvince      Kind = "province"       // UBND tỉnh
	KindCenter        Kind = "center"         // Trung tâm Phục vụ hành chính công tỉnh
	KindDepartment    Kind = "department"     // Sở, ban, ngành
	KindDivision      Kind = "division"       // Phòng thuộc sở
	KindCommune       Kind = "commune"        // UBND xã / phường / đặc khu
	KindCommuneCenter Kind = "commune_center" // Trung tâm Phục vụ hành chính công cấp xã
	KindOther         Kind = "other"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindProvince, KindCenter, KindDepartment, KindDivision, KindCommune, KindCommuneCenter, KindOther}

// Label is the Vietnamese name of a kind.
func (k Kind) Label() string {
	switch k {
	case KindProvince:
		return "UBND cấp tỉnh"
	case KindCenter:
		return "Trung tâm Phục vụ hành chính công tỉnh"
	case KindDepartment:
		return "Sở, ban, ngành"
	case KindDivision:
		return "Phòng chuyên môn"
	case KindCommune:
		return "UBND cấp xã"
	case KindCommuneCenter:
		return "Trung tâm Phục vụ hành chính công cấp xã"
	case KindOther:
		return "Đơn vị khác"
	}
	return string(k)
}

// IsOneStop reports whether agencies of this kind receive dossiers.
func (k Kind) IsOneStop() bool { return k == KindCenter || k == KindCommuneCenter }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Agency is a node of the tree.
type Agency struct {
	ID          int64
	Code        string // mã định danh điện tử (TT 10/2016/TT-BTTTT style), used in dossier codes
	Name        string
	ShortName   string
	Kind        Kind
	ParentID    int64 // 0 for a root
	ParentCode  string
	Path        string // "/1/4/9/"
	Address     string
	Phone       string
	Email       string
	OfficeHours string // "" = default office hours
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Depth       int // filled by List: 0 for roots
}

// Contains reports whether other is a (non-strict) descendant of a.
func (a *Agency) Contains(otherPath string) bool { return strings.HasPrefix(otherPath, a.Path) }

// codeRE accepts e-identifiers such as "000.00.01.H27" or "H27.45.12": dot-
// separated groups of letters and digits.
var codeRE = regexp.MustCompile(`^[A-Za-z0-9]+(\.[A-Za-z0-9]+){1,5}$`)

var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
var phoneRE = regexp.MustCompile(`^[0-9 .()+-]{6,20}$`)

// Normalize trims and NFC-normalises the text fields.
func (a *Agency) Normalize() {
	a.Code = strings.ToUpper(textfold.NFC(a.Code))
	a.Name = textfold.NFC(a.Name)
	a.ShortName = textfold.NFC(a.ShortName)
	a.Address = textfold.NFC(a.Address)
	a.Phone = textfold.NFC(a.Phone)
	a.Email = strings.ToLower(textfold.NFC(a.Email))
	a.OfficeHours = textfold.NFC(a.OfficeHours)
	a.ParentCode = strings.ToUpper(textfold.NFC(a.ParentCode))
}

// Validate checks the fields and returns all field errors at once.
// OfficeHoursCheck, when set, validates the office-hours text.
func (a *Agency) Validate(officeHoursCheck func(string) error) error {
	var v apperr.Validation
	v.Check(codeRE.MatchString(a.Code), "code", "Mã định danh phải gồm các nhóm chữ/số cách nhau bởi dấu chấm, ví dụ 000.00.01.H27.")
	v.Check(a.Name != "", "name", "Vui lòng nhập tên cơ quan.")
	v.Check(len([]rune(a.Name)) <= 250, "name", "Tên cơ quan quá dài (tối đa 250 ký tự).")
	v.Check(a.Kind.Valid(), "kind", "Loại cơ quan không hợp lệ.")
	v.Check(a.Email == "" || emailRE.MatchString(a.Email), "email", "Địa chỉ thư điện tử không hợp lệ.")
	v.Check(a.Phone == "" || phoneRE.MatchString(a.Phone), "phone", "Số điện thoại không hợp lệ.")
	if a.OfficeHours != "" && officeHoursCheck != nil {
		if err := officeHoursCheck(a.OfficeHours); err != nil {
			v.Addf("office_hours", "Giờ làm việc không hợp lệ: %s", apperr.TextOf(err))
		}
	}
	return v.Err()
}
