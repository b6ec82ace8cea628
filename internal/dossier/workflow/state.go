package workflow

// State is where a dossier is in its lifecycle.
type State string

// States (product.md "The dossier, in one picture"). Terminal states are
// Returned, Refused, IntakeSupplement, Rejected, Stopped and Closed.
const (
	Draft              State = "draft"               // online, being filled in by the citizen
	Submitted          State = "submitted"           // online, waiting for the one-stop to accept (ND 118 Đ17.2: ≤ 8 working hours)
	ChangesRequested   State = "changes_requested"   // online, the citizen was asked once to complete it (ND 118 Đ17.2)
	Received           State = "received"            // tiếp nhận: code issued, clock running, at the one-stop
	Processing         State = "processing"          // đang giải quyết at the handling agency
	Consulting         State = "consulting"          // waiting for other agencies' opinions (liên thông, ND 118 Đ19.4, Đ20)
	AwaitingSupplement State = "awaiting_supplement" // clock stopped until the applicant supplements (ND 118 Đ19.5)
	Supplemented       State = "supplemented"        // supplement received, legal time restarted from zero
	Approved           State = "approved"            // result signed, not yet handed back to the one-stop
	ResultReady        State = "result_ready"        // result at the one-stop, waiting to be returned
	Returned           State = "returned"            // result returned to the applicant (ND 118 Đ22)
	IntakeSupplement   State = "intake_supplement"   // at the counter: Phiếu yêu cầu bổ sung (Mẫu 02) issued, no dossier code
	Refused            State = "refused"             // refused at intake (Mẫu 03), no dossier code
	Rejected           State = "rejected"            // refused after appraisal, with reason (ND 118 Đ19.3)
	Stopped            State = "stopped"             // stopped / withdrawn at the applicant's request (ND 118 Đ21)
	Closed             State = "closed"              // closed: supplement not received within 15 days (ND 118 Đ19.5)
)

// States lists every state in lifecycle order.
var States = []State{Draft, Submitted, ChangesRequested, Received, Processing, Consulting, AwaitingSupplement,
	Supplemented, Approved, ResultReady, Returned, IntakeSupplement, Refused, Rejected, Stopped, Closed}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Terminal reports whether nothing more happens to a dossier in state s
// (except a correction of a returned result, ND 118 Đ23).
func (s State) Terminal() bool {
	switch s {
	case Returned, IntakeSupplement, Refused, Rejected, Stopped, Closed:
		return true
	}
	return false
}

// Open reports whether the dossier is being handled: received and not yet
// finished. Open dossiers have a due time and count as in progress.
func (s State) Open() bool {
	switch s {
	case Received, Processing, Consulting, AwaitingSupplement, Supplemented, Approved, ResultReady:
		return true
	}
	return false
}

// Online reports whether s is a state of an online submission not yet accepted.
func (s State) Online() bool { return s == Draft || s == Submitted || s == ChangesRequested }

// Label is the Vietnamese name of the state, as shown to staff and citizens.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Hồ sơ nháp"
	case Submitted:
		return "Đã nộp trực tuyến, chờ tiếp nhận"
	case ChangesRequested:
		return "Yêu cầu bổ sung hồ sơ trực tuyến"
	case Received:
		return "Đã tiếp nhận"
	case Processing:
		return "Đang giải quyết"
	case Consulting:
		return "Đang lấy ý kiến cơ quan liên quan"
	case AwaitingSupplement:
		return "Chờ bổ sung hồ sơ"
	case Supplemented:
		return "Đã bổ sung hồ sơ"
	case Approved:
		return "Đã ký duyệt kết quả"
	case ResultReady:
		return "Có kết quả, chờ trả"
	case Returned:
		return "Đã trả kết quả"
	case IntakeSupplement:
		return "Yêu cầu bổ sung khi tiếp nhận"
	case Refused:
		return "Đã từ chối tiếp nhận"
	case Rejected:
		return "Đã từ chối giải quyết"
	case Stopped:
		return "Đã dừng giải quyết"
	case Closed:
		return "Đã đóng hồ sơ (không bổ sung)"
	}
	return string(s)
}

// DVCQG status codes (Cổng Dịch vụ công quốc gia), product.md.
const (
	DVCQGLienThong  = 0  // liên thông: waiting on other agencies
	DVCQGReceiving  = 1  // chờ tiếp nhận (online, not yet accepted)
	DVCQGNew        = 2  // mới tiếp nhận
	DVCQGDenied     = 3  // không được tiếp nhận / từ chối
	DVCQGProcessing = 4  // đang xử lý
	DVCQGWaiting    = 5  // chờ bổ sung
	DVCQGPaying     = 6  // chờ thực hiện nghĩa vụ tài chính
	DVCQGCancelled  = 7  // rút / dừng theo đề nghị
	DVCQGUnresolved = 8  // dừng xử lý, không giải quyết
	DVCQGReleasing  = 9  // đã xử lý xong, chờ trả
	DVCQGDone       = 10 // đã trả kết quả
)

// DVCQG returns the national portal status code (0–10) of s. Every state
// maps to exactly one code (the sync to DVCQG, ND 118 Đ27.2d, sends it on
// every change):
//
//	draft, submitted                 → 1 receiving (an online dossier before acceptance; drafts are not sent)
//	received                         → 2 new
//	refused (at intake)              → 3 denied
//	processing, supplemented         → 4 processing
//	awaiting_supplement, intake_supplement, changes_requested → 5 waiting (for the applicant)
//	stopped (applicant's request)    → 7 cancelled
//	rejected (after appraisal), closed (no supplement in 15 days) → 8 unresolved
//	approved, result_ready           → 9 releasing (result issued, not yet returned)
//	returned                         → 10 done
//	consulting                       → 0 liên thông
//
// 6 (paying) is not produced: fees are taken at intake (ND 118 Đ24.2).
func (s State) DVCQG() int {
	switch s {
	case Draft, Submitted:
		return DVCQGReceiving
	case Received:
		return DVCQGNew
	case Refused:
		return DVCQGDenied
	case Processing, Supplemented:
		return DVCQGProcessing
	case AwaitingSupplement, IntakeSupplement, ChangesRequested:
		return DVCQGWaiting
	case Stopped:
		return DVCQGCancelled
	case Rejected, Closed:
		return DVCQGUnresolved
	case Approved, ResultReady:
		return DVCQGReleasing
	case Returned:
		return DVCQGDone
	case Consulting:
		return DVCQGLienThong
	}
	return DVCQGProcessing
}
