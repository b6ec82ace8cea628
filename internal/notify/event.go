package notify

// Event is what happened, and selects the template of a message.
type Event string

// Events of a dossier and of a citizen account. The law requires several of
// these notices: the online acceptance or request for correction
// (ND 118/2025 Đ17.2), the apology with a new date (Đ19.6), the advance
// notice of an early return (Đ22.5); the others keep the citizen from having
// to call to ask (product.md E).
const (
	EventReceived               Event = "received"                 // tiếp nhận, with the appointment date
	EventSupplementRequested    Event = "supplement_requested"     // yêu cầu bổ sung, hoàn thiện (Mẫu 02, Đ19.5)
	EventSupplementReceived     Event = "supplement_received"      // đã nhận bổ sung, clock restarts
	EventRefused                Event = "refused"                  // từ chối (Mẫu 03), with the reason
	EventConsulting             Event = "consulting"               // lấy ý kiến cơ quan liên quan (liên thông)
	EventFieldVerification      Event = "field_verification"       // thẩm tra, xác minh thực tế
	EventApologyNewDate         Event = "apology_new_date"         // xin lỗi và hẹn lại (Mẫu 04, Đ19.6)
	EventResultReady            Event = "result_ready"             // có kết quả
	EventEarlyReturn            Event = "early_return"             // trả trước hạn, notified in advance (Đ22.5)
	EventReturned               Event = "returned"                 // đã trả kết quả
	EventClosed                 Event = "closed"                   // kết thúc (e.g. supplement never came)
	EventStopped                Event = "stopped"                  // dừng giải quyết (Đ21)
	EventOnlineAccepted         Event = "online_accepted"          // hồ sơ trực tuyến được tiếp nhận (Đ17.2)
	EventOnlineChangesRequested Event = "online_changes_requested" // hồ sơ trực tuyến cần bổ sung (Đ17.2)
	EventOTP                    Event = "otp"                      // mã xác thực một lần
	EventConsent                Event = "consent"                  // mã đồng ý cho cán bộ nộp hồ sơ thay (assisted filing)

	// Alerts to the receiving one-stop's officers, not to the citizen (see
	// Service.AlertStaff): an online dossier or supplement waits for them.
	// ND 118/2025 Đ17.2: within 2 hours the system notifies the receiving
	// officer, who accepts or asks for changes within 8 working hours.
	EventStaffOnlineSubmitted     Event = "staff_online_submitted"     // hồ sơ trực tuyến mới chờ tiếp nhận
	EventStaffOnlineResubmitted   Event = "staff_online_resubmitted"   // hồ sơ trực tuyến đã được bổ sung, chờ tiếp nhận lại
	EventStaffSupplementSubmitted Event = "staff_supplement_submitted" // bổ sung trực tuyến chờ xác nhận (Đ19.5)
)

// Events lists every event in display order.
var Events = []Event{
	EventReceived, EventOnlineAccepted, EventOnlineChangesRequested, EventSupplementRequested,
	EventSupplementReceived, EventRefused, EventConsulting, EventFieldVerification, EventApologyNewDate,
	EventResultReady, EventEarlyReturn, EventReturned, EventClosed, EventStopped, EventOTP, EventConsent,
	EventStaffOnlineSubmitted, EventStaffOnlineResubmitted, EventStaffSupplementSubmitted,
}

// Valid reports whether e is a known event.
func (e Event) Valid() bool {
	for _, x := range Events {
		if x == e {
			return true
		}
	}
	return false
}

// Label is the Vietnamese name of the event.
func (e Event) Label() string {
	switch e {
	case EventReceived:
		return "Đã tiếp nhận hồ sơ"
	case EventSupplementRequested:
		return "Đã yêu cầu bổ sung hồ sơ"
	case EventSupplementReceived:
		return "Đã nhận hồ sơ bổ sung"
	case EventRefused:
		return "Từ chối giải quyết hồ sơ"
	case EventConsulting:
		return "Đang lấy ý kiến cơ quan liên quan"
	case EventFieldVerification:
		return "Thẩm tra, xác minh thực tế"
	case EventApologyNewDate:
		return "Xin lỗi và hẹn lại ngày trả kết quả"
	case EventResultReady:
		return "Đã có kết quả"
	case EventEarlyReturn:
		return "Trả kết quả trước hạn"
	case EventReturned:
		return "Đã trả kết quả"
	case EventClosed:
		return "Kết thúc hồ sơ"
	case EventStopped:
		return "Dừng giải quyết hồ sơ"
	case EventOnlineAccepted:
		return "Tiếp nhận hồ sơ trực tuyến"
	case EventOnlineChangesRequested:
		return "Đã yêu cầu bổ sung hồ sơ trực tuyến"
	case EventOTP:
		return "Mã xác thực một lần"
	case EventConsent:
		return "Mã đồng ý cho cán bộ nộp hồ sơ thay"
	case EventStaffOnlineSubmitted:
		return "Báo cán bộ: hồ sơ trực tuyến mới chờ tiếp nhận"
	case EventStaffOnlineResubmitted:
		return "Báo cán bộ: hồ sơ trực tuyến đã bổ sung, chờ tiếp nhận"
	case EventStaffSupplementSubmitted:
		return "Báo cán bộ: hồ sơ bổ sung trực tuyến chờ xác nhận"
	}
	return string(e)
}

// Staff reports whether the event alerts staff (the receiving one-stop's
// officers) rather than a citizen.
func (e Event) Staff() bool {
	return e == EventStaffOnlineSubmitted || e == EventStaffOnlineResubmitted || e == EventStaffSupplementSubmitted
}

// Channels lists the channels the event is sent on, hence the templates the
// administrator edits: staff alerts go by e-mail only (staff have no
// notification preferences and no SMS budget); citizens' messages by both.
func (e Event) Channels() []Channel {
	if e.Staff() {
		return []Channel{ChannelEmail}
	}
	return Channels
}

// Sends reports whether the event is sent on channel c.
func (e Event) Sends(c Channel) bool {
	for _, x := range e.Channels() {
		if x == c {
			return true
		}
	}
	return false
}

// Sensitive reports whether messages of the event carry a secret (a one-time
// code): their text is erased once delivery has ended.
func (e Event) Sensitive() bool { return e == EventOTP || e == EventConsent }

// Channel is how a message travels.
type Channel string

// Channels.
const (
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
)

// Channels lists every channel.
var Channels = []Channel{ChannelEmail, ChannelSMS}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c == ChannelEmail || c == ChannelSMS }

// Label is the Vietnamese name of the channel.
func (c Channel) Label() string {
	switch c {
	case ChannelEmail:
		return "Thư điện tử"
	case ChannelSMS:
		return "Tin nhắn SMS"
	}
	return string(c)
}

// Status of a stored message.
type Status string

// Statuses. A message moves queued → sending → sent, or back to queued for a
// retry, or to failed when it cannot be delivered in time or was refused.
const (
	StatusQueued  Status = "queued"
	StatusSending Status = "sending"
	StatusSent    Status = "sent"
	StatusFailed  Status = "failed"
)

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusQueued:
		return "Đang chờ gửi"
	case StatusSending:
		return "Đang gửi"
	case StatusSent:
		return "Đã gửi"
	case StatusFailed:
		return "Gửi không thành công"
	}
	return string(s)
}

// Badge is the CSS badge class of the status (the label is always shown too).
func (s Status) Badge() string {
	switch s {
	case StatusSent:
		return "ok"
	case StatusFailed:
		return "bad"
	}
	return "warn"
}
