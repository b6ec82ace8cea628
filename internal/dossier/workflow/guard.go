package workflow

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Loc is Vietnam's time zone (UTC+7, no daylight saving), in which dates
// such as "one day before the due date" are counted.
var Loc = time.FixedZone("ICT", 7*3600)

// Actor is who asks for an action, as the rules see them.
type Actor struct {
	UserID     int64
	Roles      []string
	AgencyPath string // "/1/4/9/": the actor's agency; scope is its subtree
	System     bool   // background jobs
}

// Has reports whether the actor holds any of roles.
func (a Actor) Has(roles ...string) bool {
	for _, r := range a.Roles {
		for _, w := range roles {
			if r == w {
				return true
			}
		}
	}
	return false
}

// Covers reports whether an agency (by path) is in the actor's subtree.
func (a Actor) Covers(path string) bool {
	return a.AgencyPath != "" && path != "" && strings.HasPrefix(path, a.AgencyPath)
}

// Within reports whether the actor works inside the agency (by path): the
// agency itself or one of its units.
func (a Actor) Within(path string) bool {
	return a.AgencyPath != "" && path != "" && strings.HasPrefix(a.AgencyPath, path)
}

// StepStatus is the status of a step instance.
type StepStatus string

// Step statuses.
const (
	StepPending   StepStatus = "pending"   // not reached yet
	StepOpen      StepStatus = "open"      // waiting on its owner
	StepDone      StepStatus = "done"      // finished (with a verdict)
	StepSkipped   StepStatus = "skipped"   // never needed (dossier ended early, immediate return)
	StepCancelled StepStatus = "cancelled" // dossier stopped, refused or closed while the step was open
)

// Label is the Vietnamese name of the status.
func (s StepStatus) Label() string {
	switch s {
	case StepPending:
		return "Chưa đến"
	case StepOpen:
		return "Đang xử lý"
	case StepDone:
		return "Đã xong"
	case StepSkipped:
		return "Bỏ qua"
	case StepCancelled:
		return "Đã hủy"
	}
	return string(s)
}

// Step is a step of a dossier as the rules see it.
type Step struct {
	ID         int64
	Seq        int // order in the process; ad-hoc consultations share their parent's Seq
	ParentID   int64
	Kind       StepKind
	AgencyPath string
	Role       string
	AssigneeID int64
	Status     StepStatus
	Signed     bool
}

// WaitsOn reports whether the open step waits on the actor: it is assigned
// to them, or unassigned and they hold its role in its agency or one of the
// agency's units.
func (s Step) WaitsOn(a Actor) bool {
	if s.Status != StepOpen || a.System {
		return false
	}
	if s.AssigneeID != 0 {
		return s.AssigneeID == a.UserID
	}
	return a.Has(s.Role) && a.Within(s.AgencyPath)
}

// Dossier is a dossier as the rules see it. The service fills in the facts
// that need the working calendar.
type Dossier struct {
	State         State
	Immediate     bool
	DueAt         time.Time // current due time (after any apology)
	ReceivedAt    time.Time
	ReceivingPath string
	HandlingPath  string
	// SupplementDeadline is the last instant a supplement may be requested:
	// 3 working days after receipt (ND 118 Đ19.5).
	SupplementDeadline time.Time
	SupplementCount    int
	ApologyCount       int
	HasResult          bool
	EarlyNotified      bool
	Steps              []Step
}

// Main returns the open step of the main line (not an ad-hoc or parallel
// consultation), or nil.
func (d *Dossier) Main() *Step {
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Status == StepOpen && s.Kind != KindConsult {
			return s
		}
	}
	return nil
}

// OpenConsultations returns the open consultation steps.
func (d *Dossier) OpenConsultations() []*Step {
	var out []*Step
	for i := range d.Steps {
		if s := &d.Steps[i]; s.Status == StepOpen && s.Kind == KindConsult {
			out = append(out, s)
		}
	}
	return out
}

// Previous returns the main-line step done before the current main step
// (for send back), or nil.
func (d *Dossier) Previous() *Step {
	m := d.Main()
	if m == nil {
		return nil
	}
	var prev *Step
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.ParentID == 0 && s.Seq < m.Seq && s.Kind != KindConsult && s.Status == StepDone && (prev == nil || s.Seq > prev.Seq) {
			prev = s
		}
	}
	return prev
}

// Errors of the rules. Forbidden means "not yours to do"; Unprocessable
// means "not allowed now" (a rule of law or of the state machine).
var (
	errNotYours = apperr.Forbidden("Bạn không thể thực hiện thao tác này: hồ sơ không ở bước do bạn xử lý.")
)

func notNow(format string, args ...any) error { return apperr.Unprocessable(format, args...) }

// Check reports whether the actor may take action a on dossier d at now.
// It returns nil, a forbidden error (the action is not theirs) or an
// unprocessable error naming the rule. Parameter checks (a reason given, a
// new date after the due date…) are the service's job.
func Check(d *Dossier, a Actor, act Action, now time.Time) error {
	main := d.Main()
	waits := main != nil && main.WaitsOn(a)
	handlingActive := d.State == Processing || d.State == Supplemented
	switch act {
	case ActForward:
		if main == nil || (main.Kind != KindReceive && main.Kind != KindAssign && main.Kind != KindAppraise && main.Kind != KindTask) {
			return notNow("Bước hiện tại không chuyển tiếp bằng thao tác này.")
		}
		if !waits {
			return errNotYours
		}
		if main.Kind == KindReceive && d.State != Received {
			return notNow("Hồ sơ không ở trạng thái đã tiếp nhận.")
		}
		if main.Kind != KindReceive && !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”, chưa thể chuyển bước.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActAssign:
		if main == nil || main.Kind == KindConsult || main.Kind == KindReturn || main.Kind == KindReceive {
			return notNow("Bước hiện tại không phân công được.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”, chưa thể phân công.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActAttachResult:
		if main == nil || !main.Kind.Handling() || main.Signed {
			return notNow("Chỉ đính kèm kết quả trong khi hồ sơ đang được giải quyết, trước khi ký.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActApprove:
		if main == nil || main.Kind != KindReview {
			return notNow("Bước hiện tại không phải bước xem xét, trình ký.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActSendBack:
		if main == nil || (main.Kind != KindReview && main.Kind != KindSign) || main.Signed || d.Previous() == nil {
			return notNow("Không có bước trước để trả lại.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActSign:
		if main == nil || main.Kind != KindSign || main.Signed {
			return notNow("Hồ sơ không ở bước ký duyệt.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		if !d.HasResult {
			return notNow("Chưa có kết quả giải quyết để ký: cần đính kèm tệp kết quả hoặc số, ký hiệu văn bản kết quả.")
		}
		return nil
	case ActReturnToOneStop:
		if d.State != Approved || main == nil || !main.Signed {
			return notNow("Kết quả chưa được ký duyệt.")
		}
		if !waits && !(a.Within(d.HandlingPath) || a.Covers(d.HandlingPath)) {
			return errNotYours
		}
		return nil
	case ActConsult:
		if main == nil || (main.Kind != KindAppraise && main.Kind != KindTask) {
			return notNow("Chỉ lấy ý kiến ở bước thẩm định, xử lý.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		return nil
	case ActReplyConsultation:
		if d.State != Consulting {
			return notNow("Hồ sơ không ở trạng thái lấy ý kiến.")
		}
		for _, s := range d.OpenConsultations() {
			if s.WaitsOn(a) {
				return nil
			}
		}
		// The lead officer may record a reply that arrived on paper.
		if main != nil && main.WaitsOn(a) && len(d.OpenConsultations()) > 0 {
			return nil
		}
		return errNotYours
	case ActRequestSupplement:
		if main == nil || !main.Kind.Handling() || main.Signed {
			return notNow("Chỉ yêu cầu bổ sung trong khi cơ quan giải quyết đang xem xét hồ sơ.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		// ND 118 Đ11.2c, Đ19.5: only one request to supplement per dossier.
		if d.SupplementCount > 0 {
			return notNow("Hồ sơ đã được yêu cầu bổ sung một lần; theo Nghị định 118/2025/NĐ-CP chỉ được yêu cầu bổ sung một lần.")
		}
		// ND 118 Đ19.5: no later than 3 working days after receipt.
		if !d.SupplementDeadline.IsZero() && now.After(d.SupplementDeadline) {
			return notNow("Đã quá 03 ngày làm việc kể từ ngày tiếp nhận (hạn %s); không được yêu cầu bổ sung (Điều 19 khoản 5 Nghị định 118/2025/NĐ-CP).",
				d.SupplementDeadline.In(Loc).Format("15:04 02/01/2006"))
		}
		return nil
	case ActSupplementReceived:
		if d.State != AwaitingSupplement {
			return notNow("Hồ sơ không ở trạng thái chờ bổ sung.")
		}
		// The supplement comes in through the one-stop (ND 118 Đ5.1e).
		if !(a.Has("one_stop_officer") && a.Covers(d.ReceivingPath)) {
			return errNotYours
		}
		return nil
	case ActRefuse:
		if main == nil || !main.Kind.Handling() || main.Signed {
			return notNow("Chỉ từ chối giải quyết sau khi thẩm định, trước khi ký kết quả.")
		}
		if !waits {
			return errNotYours
		}
		if !handlingActive {
			return notNow("Hồ sơ đang ở trạng thái “%s”.", apperr.Phrase(d.State.Label()))
		}
		// ND 118 Đ19.3: the refusal must be issued within the processing deadline.
		if !d.DueAt.IsZero() && now.After(d.DueAt) {
			return notNow("Đã quá hạn giải quyết (%s); việc từ chối phải thực hiện trong thời hạn giải quyết (Điều 19 khoản 3 Nghị định 118/2025/NĐ-CP).", d.DueAt.In(Loc).Format("15:04 02/01/2006"))
		}
		return nil
	case ActApology:
		switch d.State {
		case Received, Processing, Consulting, Supplemented:
		default:
			return notNow("Chỉ xin lỗi, hẹn lại khi hồ sơ đang được giải quyết.")
		}
		if !(a.Has("agency_leader", "division_head") && (a.Within(d.HandlingPath) || a.Covers(d.HandlingPath))) {
			return apperr.Forbidden("Phiếu xin lỗi và hẹn lại do lãnh đạo cơ quan giải quyết ký.")
		}
		// ND 118 Đ19.6: at most one re-appointment per dossier.
		if d.ApologyCount > 0 {
			return notNow("Hồ sơ đã được hẹn lại một lần; chỉ được hẹn lại ngày trả kết quả không quá một lần (Điều 19 khoản 6 Nghị định 118/2025/NĐ-CP).")
		}
		// ND 118 Đ19.6: at the latest one day before the due date.
		if !ApologyInTime(d.DueAt, now) {
			return notNow("Phiếu xin lỗi và hẹn lại phải gửi chậm nhất 01 ngày trước ngày hết hạn (%s) (Điều 19 khoản 6 Nghị định 118/2025/NĐ-CP).", d.DueAt.In(Loc).Format("02/01/2006"))
		}
		return nil
	case ActStop:
		switch d.State {
		case Received, Processing, Consulting, AwaitingSupplement, Supplemented:
		default:
			// ND 118 Đ21: until the decision or result is issued.
			return notNow("Chỉ dừng giải quyết trước khi có kết quả giải quyết.")
		}
		if !((a.Has("one_stop_officer") && a.Covers(d.ReceivingPath)) || (a.Has("agency_leader") && (a.Within(d.HandlingPath) || a.Covers(d.HandlingPath)))) {
			return apperr.Forbidden("Đề nghị dừng giải quyết do Bộ phận Một cửa nơi tiếp nhận hoặc lãnh đạo cơ quan giải quyết thực hiện.")
		}
		return nil
	case ActNotifyEarlyReturn:
		if !returnable(d, main) {
			return notNow("Hồ sơ chưa có kết quả để trả.")
		}
		if !waits {
			return errNotYours
		}
		if d.EarlyNotified {
			return notNow("Đã thông báo trả kết quả sớm.")
		}
		if !Early(d.DueAt, now) {
			return notNow("Chưa đến trước ngày hẹn trả nên không cần thông báo trả sớm.")
		}
		return nil
	case ActReturn:
		if !returnable(d, main) {
			return notNow("Hồ sơ chưa có kết quả để trả.")
		}
		if !waits {
			return errNotYours
		}
		// ND 118 Đ22.5: an early return must be notified in advance.
		if Early(d.DueAt, now) && !d.EarlyNotified && !d.Immediate {
			return notNow("Trả kết quả trước ngày hẹn phải thông báo trước cho người nộp hồ sơ (Điều 22 khoản 5 Nghị định 118/2025/NĐ-CP); hãy ghi nhận thông báo trước.")
		}
		return nil
	case ActCorrectResult:
		if d.State != Returned {
			return notNow("Chỉ đính chính kết quả đã trả.")
		}
		if !((a.Has("one_stop_officer") && a.Covers(d.ReceivingPath)) || (a.Has("agency_leader", "division_head") && (a.Within(d.HandlingPath) || a.Covers(d.HandlingPath)))) {
			return errNotYours
		}
		return nil
	case ActClose:
		if !a.System {
			return errNotYours
		}
		if d.State != AwaitingSupplement {
			return notNow("Hồ sơ không ở trạng thái chờ bổ sung.")
		}
		return nil
	}
	return apperr.Invalid("Thao tác %q không hợp lệ.", string(act))
}

// returnable: the result is at the one-stop, or the procedure is settled at
// once at the counter (ND 118 Đ17.4).
func returnable(d *Dossier, main *Step) bool {
	if main == nil || main.Kind != KindReturn {
		return false
	}
	return d.State == ResultReady || (d.State == Received && d.Immediate)
}

// Available lists the actions the actor may take now, in display order.
func Available(d *Dossier, a Actor, now time.Time) []Action {
	var out []Action
	for _, act := range Actions {
		if Check(d, a, act, now) == nil {
			out = append(out, act)
		}
	}
	return out
}

// ApologyInTime reports whether an apology with a new date may still be
// issued at now for a dossier due at due: at the latest one (calendar) day
// before the due date, counted in Vietnamese dates (ND 118 Đ19.6 "chậm nhất
// 01 ngày trước ngày hết hạn"). Due on 20/11: allowed on 19/11 at any hour,
// refused on 20/11.
func ApologyInTime(due, now time.Time) bool {
	if due.IsZero() {
		return false
	}
	return dateOf(now) <= dateOf(due)-1
}

// Early reports whether returning at now is before the appointment date
// (an early return, ND 118 Đ22.5).
func Early(due, now time.Time) bool {
	return !due.IsZero() && dateOf(now) < dateOf(due)
}

// dateOf is the day number of t in Vietnam.
func dateOf(t time.Time) int64 {
	y, m, d := t.In(Loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// LocalDate returns t's date in Vietnam as "2006-01-02".
func LocalDate(t time.Time) string { return t.In(Loc).Format("2006-01-02") }
