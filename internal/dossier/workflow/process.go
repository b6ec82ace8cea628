package workflow

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
)

// StepKind says what happens at a step of the internal process and so which
// actions it offers.
type StepKind string

// Step kinds.
const (
	KindReceive  StepKind = "receive"  // one-stop: check, receive, transfer (ND 118 Đ17–18)
	KindAssign   StepKind = "assign"   // division head assigns a specialist (ND 118 Đ19.1)
	KindAppraise StepKind = "appraise" // specialist appraises, proposes, may consult or ask for a supplement
	KindReview   StepKind = "review"   // division head reviews and approves
	KindSign     StepKind = "sign"     // agency leader signs, result goes back to the one-stop
	KindConsult  StepKind = "consult"  // another agency gives its opinion (liên thông, ND 118 Đ20)
	KindReturn   StepKind = "return"   // one-stop returns the result (ND 118 Đ22)
	KindTask     StepKind = "task"     // any other handling step (forward when done)
)

// StepKinds lists every kind.
var StepKinds = []StepKind{KindReceive, KindAssign, KindAppraise, KindReview, KindSign, KindConsult, KindReturn, KindTask}

// Valid reports whether k is known.
func (k StepKind) Valid() bool {
	for _, x := range StepKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Handling reports whether steps of kind k belong to the handling agency's
// own work (where supplements, consultations and refusals start).
func (k StepKind) Handling() bool {
	switch k {
	case KindAssign, KindAppraise, KindReview, KindSign, KindTask:
		return true
	}
	return false
}

// Label is the Vietnamese name of the kind.
func (k StepKind) Label() string {
	switch k {
	case KindReceive:
		return "Tiếp nhận, chuyển hồ sơ"
	case KindAssign:
		return "Phân công"
	case KindAppraise:
		return "Thẩm định"
	case KindReview:
		return "Xem xét, trình ký"
	case KindSign:
		return "Ký duyệt"
	case KindConsult:
		return "Lấy ý kiến"
	case KindReturn:
		return "Trả kết quả"
	case KindTask:
		return "Xử lý"
	}
	return string(k)
}

// Agency tokens in a process definition.
const (
	AgencyHandling  = "@handling"  // the dossier's handling agency (cơ quan giải quyết)
	AgencyReceiving = "@receiving" // the one-stop that received the dossier
)

// Roles a step can wait on (account.Role values).
var StepRoles = []string{"one_stop_officer", "specialist", "division_head", "agency_leader"}

// Time units.
const (
	UnitWorkingHours = "working_hours"
	UnitWorkingDays  = "working_days"
	UnitDays         = "days"
	UnitMonths       = "months"
)

// HoursPerWorkingDay converts working days to working hours for sums
// (8 hours a day, BLLĐ 2019 Đ105; the office hours in the calendar decide
// when those hours fall).
const HoursPerWorkingDay = 8

// Duration is the time allowed for a step: working hours or working days.
type Duration struct {
	Value int    `json:"value"`
	Unit  string `json:"unit"` // working_hours | working_days
}

// Hours returns d in working hours.
func (d Duration) Hours() int {
	if d.Unit == UnitWorkingDays {
		return d.Value * HoursPerWorkingDay
	}
	return d.Value
}

// Hours returns a duration of n working hours, in whole working days when n
// divides evenly.
func Hours(n int) Duration {
	if n > 0 && n%HoursPerWorkingDay == 0 {
		return Duration{Value: n / HoursPerWorkingDay, Unit: UnitWorkingDays}
	}
	return Duration{Value: n, Unit: UnitWorkingHours}
}

// String is "3 ngày làm việc" / "4 giờ làm việc".
func (d Duration) String() string {
	if d.Unit == UnitWorkingDays {
		return fmt.Sprintf("%d ngày làm việc", d.Value)
	}
	return fmt.Sprintf("%d giờ làm việc", d.Value)
}

// Limit is a procedure's legal time limit (thời hạn giải quyết), counted
// from complete and valid receipt (ND 118 Đ17.3).
type Limit struct {
	Value int    `json:"value"`
	Unit  string `json:"unit"` // working_hours | working_days | days | months
}

// Text is the limit as interface text: a format and the value.
func (l Limit) Text() apperr.Text {
	switch l.Unit {
	case UnitWorkingHours:
		return apperr.Text{Format: "%d giờ làm việc", Args: []any{l.Value}}
	case UnitWorkingDays:
		return apperr.Text{Format: "%d ngày làm việc", Args: []any{l.Value}}
	case UnitDays:
		return apperr.Text{Format: "%d ngày", Args: []any{l.Value}}
	case UnitMonths:
		return apperr.Text{Format: "%d tháng", Args: []any{l.Value}}
	}
	return apperr.Text{Format: "%d %s", Args: []any{l.Value, l.Unit}}
}

// String is the Vietnamese form of the limit.
func (l Limit) String() string {
	switch l.Unit {
	case UnitWorkingHours:
		return fmt.Sprintf("%d giờ làm việc", l.Value)
	case UnitWorkingDays:
		return fmt.Sprintf("%d ngày làm việc", l.Value)
	case UnitDays:
		return fmt.Sprintf("%d ngày", l.Value)
	case UnitMonths:
		return fmt.Sprintf("%d tháng", l.Value)
	}
	return fmt.Sprintf("%d %s", l.Value, l.Unit)
}

// budget returns the working hours the steps of a process must add up to,
// and whether the sum must be exact. Limits in working time must be matched
// exactly. Calendar days and months contain a varying number of working
// days, so the steps may use at most the working days such a period always
// contains (5 of every 7 days, 22 per month); the due time of every step is
// also capped at the dossier's legal due time.
func (l Limit) budget() (hours int, exact bool) {
	switch l.Unit {
	case UnitWorkingHours:
		return l.Value, true
	case UnitWorkingDays:
		return l.Value * HoursPerWorkingDay, true
	case UnitDays:
		return l.Value * 5 / 7 * HoursPerWorkingDay, false
	case UnitMonths:
		return l.Value * 22 * HoursPerWorkingDay, false
	}
	return 0, true
}

// StepDef is one step of an internal process (quy trình nội bộ).
type StepDef struct {
	Name   string   `json:"name"`
	Kind   StepKind `json:"kind"`
	Agency string   `json:"agency"` // "@handling", "@receiving" or an agency code
	Role   string   `json:"role"`
	Time   Duration `json:"time"`
	// Group puts consecutive consultation steps in parallel: steps with the
	// same non-empty group start together and the process moves on when all
	// have replied (ND 118 Đ20.2: electronic dossiers go to all bodies at
	// once). Steps without a group run in sequence.
	Group string `json:"group,omitempty"`
}

// Process is the ordered list of steps of a procedure version.
type Process struct {
	Steps []StepDef `json:"steps"`
}

// Hours is the sum of the steps' time in working hours. Parallel
// consultation steps of one group count once, with the longest of them.
func (p Process) Hours() int {
	total := 0
	for i := 0; i < len(p.Steps); {
		s := p.Steps[i]
		if s.Group == "" {
			total += s.Time.Hours()
			i++
			continue
		}
		longest := 0
		j := i
		for ; j < len(p.Steps) && p.Steps[j].Group == s.Group; j++ {
			longest = max(longest, p.Steps[j].Time.Hours())
		}
		total += longest
		i = j
	}
	return total
}

// Validate checks a process against the procedure's legal limit and returns
// every problem at once as field errors ("steps.2.role"). isAgency reports
// whether an agency code exists (nil skips that check).
func (p Process) Validate(limit Limit, immediate bool, isAgency func(code string) bool) error {
	var v apperr.Validation
	n := len(p.Steps)
	if n == 0 {
		v.Add("steps", "Quy trình phải có ít nhất một bước.")
		return v.Err()
	}
	if n > 40 {
		v.Add("steps", "Quy trình có quá nhiều bước (tối đa 40).")
	}
	validRole := func(r string) bool {
		for _, x := range StepRoles {
			if x == r {
				return true
			}
		}
		return false
	}
	seenGroups := map[string]int{}
	for i, s := range p.Steps {
		f := fmt.Sprintf("steps.%d.", i)
		v.Check(strings.TrimSpace(s.Name) != "", f+"name", "Vui lòng nhập tên bước.")
		v.Check(len([]rune(s.Name)) <= 200, f+"name", "Tên bước quá dài (tối đa 200 ký tự).")
		v.Check(s.Kind.Valid(), f+"kind", "Loại bước không hợp lệ.")
		v.Check(validRole(s.Role), f+"role", "Vai trò không hợp lệ (one_stop_officer, specialist, division_head, agency_leader).")
		v.Check(s.Time.Unit == UnitWorkingHours || s.Time.Unit == UnitWorkingDays, f+"time", "Thời gian của bước phải tính bằng giờ làm việc hoặc ngày làm việc.")
		v.Check(s.Time.Value >= 0 && s.Time.Value <= 10000, f+"time", "Thời gian của bước không hợp lệ.")
		switch {
		case s.Agency == AgencyHandling || s.Agency == AgencyReceiving:
		case s.Agency == "":
			v.Add(f+"agency", "Vui lòng chọn cơ quan thực hiện (@handling, @receiving hoặc mã cơ quan).")
		case isAgency != nil && !isAgency(s.Agency):
			v.Addf(f+"agency", "Không tìm thấy cơ quan %s.", s.Agency)
		}
		if s.Kind == KindReceive || s.Kind == KindReturn {
			v.Check(s.Agency == AgencyReceiving, f+"agency", "Bước tiếp nhận và trả kết quả do Bộ phận Một cửa nơi tiếp nhận thực hiện (@receiving).")
			v.Check(s.Role == "one_stop_officer", f+"role", "Bước tiếp nhận và trả kết quả do công chức Một cửa thực hiện.")
		}
		if s.Kind == KindConsult {
			v.Check(s.Agency != AgencyReceiving, f+"agency", "Bước lấy ý kiến phải do cơ quan phối hợp thực hiện.")
		} else if s.Group != "" {
			v.Add(f+"group", "Chỉ các bước lấy ý kiến mới chạy song song.")
		}
		if s.Group != "" {
			if last, ok := seenGroups[s.Group]; ok && last != i-1 {
				v.Add(f+"group", "Các bước song song cùng nhóm phải liền nhau.")
			}
			seenGroups[s.Group] = i
		}
	}
	last := p.Steps[n-1]
	v.Check(last.Kind == KindReturn, fmt.Sprintf("steps.%d.kind", n-1), "Bước cuối cùng phải là trả kết quả.")
	if n > 1 {
		v.Check(p.Steps[0].Kind == KindReceive, "steps.0.kind", "Bước đầu tiên phải là tiếp nhận hồ sơ.")
	}
	for i, s := range p.Steps[:n-1] {
		if s.Kind == KindReturn {
			v.Add(fmt.Sprintf("steps.%d.kind", i), "Chỉ bước cuối cùng là trả kết quả.")
		}
		if i > 0 && s.Kind == KindReceive {
			v.Add(fmt.Sprintf("steps.%d.kind", i), "Chỉ bước đầu tiên là tiếp nhận.")
		}
	}
	budget, exact := limit.budget()
	if immediate {
		budget, exact = 0, true
	}
	sum := p.Hours()
	switch {
	case exact && sum != budget:
		v.Addf("steps", "Tổng thời gian các bước (%d giờ làm việc) phải bằng thời hạn giải quyết theo quy định (%s = %d giờ làm việc).", sum, limitText(limit, immediate), budget)
	case !exact && sum > budget:
		v.Addf("steps", "Tổng thời gian các bước (%d giờ làm việc) vượt thời hạn giải quyết theo quy định (%s, tối đa %d giờ làm việc).", sum, limitText(limit, immediate), budget)
	}
	return v.Err()
}

// limitText is the legal time limit as interface text (translated with the
// message it fills).
func limitText(l Limit, immediate bool) apperr.Translatable {
	if immediate {
		return apperr.Phrase("trả kết quả ngay")
	}
	return l.Text()
}

// Default step weights (tenths of the legal time): receive 1, assign 1,
// appraise 5, review 1, sign 1, return 1.
var defaultWeights = []int{1, 1, 5, 1, 1, 1}

// DefaultProcess is the process used for a procedure without one of its own
// (docs/dossier.md "Default process"):
//
//	1 Tiếp nhận, chuyển hồ sơ   @receiving one_stop_officer  10%
//	2 Phân công xử lý            @handling  division_head     10%
//	3 Thẩm định hồ sơ            @handling  specialist        50% (+ rounding remainder)
//	4 Xem xét, trình ký          @handling  division_head     10%
//	5 Ký duyệt kết quả           @handling  agency_leader     10%
//	6 Trả kết quả                @receiving one_stop_officer  10%
//
// The legal limit is converted to working hours (1 working day = 8) and each
// step gets the floor of its share; the hours lost to rounding go to the
// appraisal. For limits in days or months the budget is the working days the
// period always contains (Limit.budget). An immediate-result procedure
// (ND 118 Đ17.4) has one step: the one-stop receives, settles and returns at
// once.
func DefaultProcess(limit Limit, immediate bool) Process {
	if immediate || limit.Value == 0 {
		return Process{Steps: []StepDef{{Name: "Tiếp nhận, giải quyết và trả kết quả ngay", Kind: KindReturn, Agency: AgencyReceiving,
			Role: "one_stop_officer", Time: Hours(0)}}}
	}
	total, _ := limit.budget()
	names := []string{"Tiếp nhận, chuyển hồ sơ", "Phân công xử lý", "Thẩm định hồ sơ", "Xem xét, trình ký", "Ký duyệt kết quả", "Trả kết quả"}
	kinds := []StepKind{KindReceive, KindAssign, KindAppraise, KindReview, KindSign, KindReturn}
	agencies := []string{AgencyReceiving, AgencyHandling, AgencyHandling, AgencyHandling, AgencyHandling, AgencyReceiving}
	roles := []string{"one_stop_officer", "division_head", "specialist", "division_head", "agency_leader", "one_stop_officer"}
	hours := make([]int, len(defaultWeights))
	used := 0
	for i, w := range defaultWeights {
		hours[i] = total * w / 10
		used += hours[i]
	}
	hours[2] += total - used
	p := Process{}
	for i := range names {
		p.Steps = append(p.Steps, StepDef{Name: names[i], Kind: kinds[i], Agency: agencies[i], Role: roles[i], Time: Hours(hours[i])})
	}
	return p
}
