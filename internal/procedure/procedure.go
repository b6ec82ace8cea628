package procedure

import (
	"time"
)

// Level is the level of government that carries out a procedure (cấp thực hiện).
type Level string

// Levels. Since 01/7/2025 there are two levels of local government
// (NQ 202/2025/QH15); there is no district level.
const (
	LevelProvince Level = "province" // cấp tỉnh
	LevelCommune  Level = "commune"  // cấp xã
	LevelBoth     Level = "both"     // cấp tỉnh và cấp xã
)

// Levels lists every level in display order.
var Levels = []Level{LevelProvince, LevelCommune, LevelBoth}

// Label is the Vietnamese name of the level.
func (l Level) Label() string {
	switch l {
	case LevelProvince:
		return "Cấp tỉnh"
	case LevelCommune:
		return "Cấp xã"
	case LevelBoth:
		return "Cấp tỉnh, cấp xã"
	}
	return string(l)
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == LevelProvince || l == LevelCommune || l == LevelBoth }

// OnlineLevel is the level of online public service (ND 42/2022/NĐ-CP Đ11).
type OnlineLevel string

// Online levels.
const (
	OnlineFull    OnlineLevel = "full"    // dịch vụ công trực tuyến toàn trình
	OnlinePartial OnlineLevel = "partial" // dịch vụ công trực tuyến một phần
	OnlineNone    OnlineLevel = "none"    // only at the counter or by post
)

// OnlineLevels lists every online level in display order.
var OnlineLevels = []OnlineLevel{OnlineFull, OnlinePartial, OnlineNone}

// Label is the Vietnamese name of the online level.
func (o OnlineLevel) Label() string {
	switch o {
	case OnlineFull:
		return "Toàn trình"
	case OnlinePartial:
		return "Một phần"
	case OnlineNone:
		return "Không có dịch vụ trực tuyến"
	}
	return string(o)
}

// Valid reports whether o is a known online level.
func (o OnlineLevel) Valid() bool { return o == OnlineFull || o == OnlinePartial || o == OnlineNone }

// FeeKind tells a charge (lệ phí, paid to the budget) from a fee (phí, for a
// service) — Luật Phí và lệ phí 2015 Đ3.
type FeeKind string

// Fee kinds.
const (
	FeeCharge FeeKind = "le_phi" // lệ phí
	FeeFee    FeeKind = "phi"    // phí
)

// FeeKinds lists the fee kinds in display order.
var FeeKinds = []FeeKind{FeeCharge, FeeFee}

// Label is the Vietnamese name of the kind.
func (k FeeKind) Label() string {
	switch k {
	case FeeCharge:
		return "Lệ phí"
	case FeeFee:
		return "Phí"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k FeeKind) Valid() bool { return k == FeeCharge || k == FeeFee }

// Requirement says whether a document is always needed or only in a case.
type Requirement string

// Requirements.
const (
	Mandatory   Requirement = "mandatory"   // bắt buộc
	Conditional Requirement = "conditional" // trong trường hợp … (Condition says when)
)

// Requirements lists the requirements in display order.
var Requirements = []Requirement{Mandatory, Conditional}

// Label is the Vietnamese name of the requirement.
func (r Requirement) Label() string {
	switch r {
	case Mandatory:
		return "Bắt buộc"
	case Conditional:
		return "Có điều kiện"
	}
	return string(r)
}

// Valid reports whether r is a known requirement.
func (r Requirement) Valid() bool { return r == Mandatory || r == Conditional }

// Receiving-agency and handling-agency tokens that stand for a kind of agency
// rather than one agency (internal/demo/data/README.md).
const (
	// AtCommune as the handling agency: the UBND cấp xã of the commune where
	// the dossier is received (or that the citizen chooses).
	AtCommune = "@commune"
	// AtCommuneCenter as a receiving agency: any commune public-service centre.
	// ND 118/2025 Đ14.2 makes receipt independent of the place of residence
	// within the province.
	AtCommuneCenter = "@commune_center"
	// AtCenter as a receiving agency: the provincial public-service centre.
	AtCenter = "@center"
)

// Field is a sector (lĩnh vực) that groups procedures, e.g. HT Hộ tịch.
type Field struct {
	Code string `json:"code"`
	Name string `json:"name"`

	ID    int64 `json:"-"`
	Count int   `json:"-"` // procedures in force (filled by Fields)
}

// Fee is one fee or charge, with the case it applies to. The first fee is the
// usual case; the others are variants or exemptions.
type Fee struct {
	Kind   FeeKind `json:"kind"`
	Name   string  `json:"name"`
	Amount int64   `json:"amount"` // VND; 0 = free or exempt
	Case   string  `json:"case"`
}

// Document is one item of the dossier (thành phần hồ sơ): what to bring, how
// many originals (bản chính; a document only shown counts as 1 original) and
// copies (bản sao), and whether it is always needed.
type Document struct {
	Name      string      `json:"name"`
	Originals int         `json:"originals"`
	Copies    int         `json:"copies"`
	Required  Requirement `json:"required"`
	Condition string      `json:"condition"` // non-empty exactly when Required is Conditional
	Form      string      `json:"form"`      // the form's reference (mẫu đơn, tờ khai), "" = none
	FormFile  *FormFile   `json:"form_file,omitempty"`

	// ID identifies this document of this version (a dossier's checklist
	// refers to it); 0 until stored.
	ID int64 `json:"-"`
}

// FormFile is a blank form attached to a document, stored by its SHA-256 in
// the FileStore and served publicly at /bieu-mau/{sha256}.
type FormFile struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"` // file name offered on download

	Type string `json:"-"` // content type detected at upload
	Size int64  `json:"-"`
}

// Result is the paper (or electronic document) the citizen receives.
type Result struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Procedure is one version of an administrative procedure. The fields with
// JSON names are its content and form the catalog file format
// (docs/catalog-format.md); the others describe the stored version.
type Procedure struct {
	Code              string      `json:"code"`
	Name              string      `json:"name"`
	Field             string      `json:"field"` // Field.Code
	Level             Level       `json:"level"`
	HandlingAgency    string      `json:"handling_agency"`    // agency code or AtCommune
	ReceivingAgencies []string    `json:"receiving_agencies"` // agency codes, AtCommuneCenter, AtCenter
	TimeLimit         TimeLimit   `json:"time_limit"`
	Immediate         bool        `json:"immediate"`  // result the same day (trả kết quả trong ngày)
	Cutoff15h         bool        `json:"cutoff_15h"` // after 15:00 the clock starts the next working day
	Fees              []Fee       `json:"fees"`
	Documents         []Document  `json:"documents"`
	Result            Result      `json:"result"`
	OnlineLevel       OnlineLevel `json:"online_level"`
	LegalBasis        []string    `json:"legal_basis"`
	Applicants        string      `json:"applicants"` // who may apply (đối tượng thực hiện)
	Where             string      `json:"where"`      // where and how to submit
	StepsNote         string      `json:"steps_note"`
	EffectiveFrom     string      `json:"effective_from"` // YYYY-MM-DD

	ID             int64     `json:"-"` // the procedure (stable across versions)
	VersionID      int64     `json:"-"` // this version; dossiers store it
	Version        int       `json:"-"` // 1, 2, …
	EffectiveUntil string    `json:"-"` // YYYY-MM-DD, exclusive; "" = open-ended
	FieldName      string    `json:"-"`
	Note           string    `json:"-"` // why this version was made
	CreatedAt      time.Time `json:"-"`
	CreatedBy      string    `json:"-"`
}

// InForceOn reports whether this version applies on date (YYYY-MM-DD).
func (p *Procedure) InForceOn(date string) bool {
	return p.EffectiveFrom <= date && (p.EffectiveUntil == "" || date < p.EffectiveUntil)
}

// EndedBy reports whether this version stopped applying on or before date
// (it was replaced or the procedure was retired).
func (p *Procedure) EndedBy(date string) bool {
	return p.EffectiveUntil != "" && p.EffectiveUntil <= date
}

// MandatoryDocuments returns the documents every applicant must bring.
func (p *Procedure) MandatoryDocuments() []Document {
	var out []Document
	for _, d := range p.Documents {
		if d.Required == Mandatory {
			out = append(out, d)
		}
	}
	return out
}

// DateLayout is the layout of effective dates.
const DateLayout = "2006-01-02"

// Zone is the time zone in which a catalog date is a day (Asia/Ho_Chi_Minh).
var Zone = mustLoc()

func mustLoc() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}

// DateOf returns the catalog date (YYYY-MM-DD in Asia/Ho_Chi_Minh) of an instant.
func DateOf(t time.Time) string { return t.In(Zone).Format(DateLayout) }

// ValidDate reports whether s is a real date in YYYY-MM-DD form.
func ValidDate(s string) bool {
	t, err := time.Parse(DateLayout, s)
	return err == nil && t.Format(DateLayout) == s
}
