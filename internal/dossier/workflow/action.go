package workflow

// Action is something a user (or the system) does to a dossier.
type Action string

// Actions on a received dossier (POST /api/v1/dossiers/{code}/actions).
const (
	ActForward            Action = "forward"             // finish the current step, go to the next (chuyển xử lý)
	ActAssign             Action = "assign"              // assign the next (or current) step to a user (phân công)
	ActConsult            Action = "consult"             // ask other agencies for an opinion, with a deadline (ND 118 Đ19.4)
	ActReplyConsultation  Action = "reply_consultation"  // record a consulted agency's reply
	ActRequestSupplement  Action = "request_supplement"  // Phiếu yêu cầu bổ sung (ND 118 Đ19.5): once, ≤ 3 working days after receipt
	ActSupplementReceived Action = "supplement_received" // complete supplement received: legal time restarts from zero
	ActRefuse             Action = "refuse"              // refuse after appraisal, with reason, within the deadline (ND 118 Đ19.3)
	ActApology            Action = "apology"             // Phiếu xin lỗi và hẹn lại (Mẫu 04, ND 118 Đ19.6): once, ≥ 1 day before due
	ActStop               Action = "stop"                // stop at the applicant's request (Thông báo dừng, ND 118 Đ21)
	ActAttachResult       Action = "attach_result"       // attach the result document (file and/or document code)
	ActApprove            Action = "approve"             // division head approves the proposal
	ActSendBack           Action = "send_back"           // send back to the previous step
	ActSign               Action = "sign"                // agency leader signs the result
	ActReturnToOneStop    Action = "return_to_onestop"   // handling agency hands the result to the one-stop (ND 118 Đ20.1)
	ActNotifyEarlyReturn  Action = "notify_early_return" // tell the applicant the result is ready early (ND 118 Đ22.5)
	ActReturn             Action = "return"              // return the result to the applicant (ND 118 Đ22)
	ActCorrectResult      Action = "correct_result"      // correct an erroneous result within 3 working days (ND 118 Đ23)
	ActClose              Action = "close"               // system: no supplement within 15 days (ND 118 Đ19.5)
)

// Actions lists the actions users can take, in the order they are offered.
var Actions = []Action{ActForward, ActAssign, ActAttachResult, ActApprove, ActSign, ActReturnToOneStop, ActNotifyEarlyReturn,
	ActReturn, ActConsult, ActReplyConsultation, ActRequestSupplement, ActSupplementReceived, ActSendBack, ActRefuse, ActApology,
	ActStop, ActCorrectResult}

// Valid reports whether a is an action users can request.
func (a Action) Valid() bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}

// Label is the Vietnamese name of the action.
func (a Action) Label() string {
	switch a {
	case ActForward:
		return "Chuyển bước tiếp theo"
	case ActAssign:
		return "Phân công xử lý"
	case ActConsult:
		return "Lấy ý kiến cơ quan liên quan"
	case ActReplyConsultation:
		return "Ghi nhận ý kiến trả lời"
	case ActRequestSupplement:
		return "Yêu cầu bổ sung hồ sơ"
	case ActSupplementReceived:
		return "Nhận hồ sơ bổ sung"
	case ActRefuse:
		return "Từ chối giải quyết"
	case ActApology:
		return "Xin lỗi và hẹn lại ngày trả"
	case ActStop:
		return "Dừng giải quyết theo đề nghị"
	case ActAttachResult:
		return "Đính kèm kết quả"
	case ActApprove:
		return "Duyệt, trình ký"
	case ActSendBack:
		return "Trả lại bước trước"
	case ActSign:
		return "Ký duyệt kết quả"
	case ActReturnToOneStop:
		return "Chuyển kết quả về Bộ phận Một cửa"
	case ActNotifyEarlyReturn:
		return "Thông báo trả kết quả sớm"
	case ActReturn:
		return "Trả kết quả"
	case ActCorrectResult:
		return "Đính chính kết quả sai sót"
	case ActClose:
		return "Đóng hồ sơ"
	}
	return string(a)
}
