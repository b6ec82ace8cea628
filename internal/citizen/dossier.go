package citizen

import (
	"sort"
	"time"
)

// Item is one itemised request (what to supplement and why).
type Item struct {
	Content string
	Reason  string
}

// DossierDetail is one of the citizen's dossiers as their pages show it.
type DossierDetail struct {
	ID            int64 // internal id (ratings keep it)
	AgencyID      int64 // receiving agency (ratings are counted per agency)
	Code          string
	IntakeRef     string
	ProcedureCode string
	ProcedureName string
	Status        string
	StatusText    string
	Version       int64
	Channel       string
	Agency        string // receiving one-stop
	Handling      string // deciding agency
	Applicant     Applicant
	Delivery      string

	SubmittedAt   time.Time
	AcceptBy      time.Time
	ReceivedAt    time.Time
	DueAt         time.Time
	OriginalDueAt time.Time
	FinishedAt    time.Time
	ReturnedAt    time.Time
	Late          bool

	Documents     []DetailDocument
	OnlineChanges *ChangeRequest // before acceptance (ND 118 Đ17.2)
	Supplement    *ChangeRequest // during processing (ND 118 Đ19.5)
	Apology       *Apology
	Refusal       []Item
	StopReason    string
	Result        *Result
	Steps         []TrackStep
	Forms         []string // form numbers: 01, 02, 03, 04, 05, dung
	Files         []DetailFile
}

// DetailDocument is a checklist item of the dossier.
type DetailDocument struct {
	Index     int
	Name      string
	Mandatory bool
	Files     []string
}

// DetailFile is a file attached to the dossier.
type DetailFile struct {
	SHA256   string
	Kind     string // document | supplement | result | attachment
	DocIndex int
	Name     string
}

// ChangeRequest is a request to supplement or complete the dossier.
type ChangeRequest struct {
	Items       []Item
	At          time.Time
	CloseAt     time.Time // supplement: closed if not received by then (15 days)
	ReceivedAt  time.Time
	PausedSince time.Time
}

// Apology is the apology with a new date (Mẫu 04, ND 118 Đ19.6).
type Apology struct {
	Reason   string
	OldDueAt time.Time
	NewDueAt time.Time
	At       time.Time
}

// Result is the result of the dossier.
type Result struct {
	DocumentCode string
	Files        []string
}

// FormTitle names a one-stop form by number.
func FormTitle(n string) string {
	switch n {
	case "01":
		return "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)"
	case "02":
		return "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"
	case "03":
		return "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)"
	case "04":
		return "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"
	case "05":
		return "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)"
	case "dung":
		return "Thông báo dừng giải quyết hồ sơ"
	}
	return "Mẫu " + n
}

// TimelineEvent is one line of the citizen's timeline, in plain Vietnamese.
type TimelineEvent struct {
	At    time.Time
	Title string
	Text  string
	Now   bool // the current situation
	Done  bool
}

// Timeline tells the citizen what happened and what is happening, newest
// last: submitted, received (where, due when), asked to supplement (clock
// paused), supplemented (time restarts), apology and new date, result,
// returned.
func Timeline(d *DossierDetail) []TimelineEvent {
	var ev []TimelineEvent
	add := func(at time.Time, title, text string) {
		if !at.IsZero() {
			ev = append(ev, TimelineEvent{At: at, Title: title, Text: text, Done: true})
		}
	}
	add(d.SubmittedAt, "Đã nộp hồ sơ trực tuyến", "Hồ sơ đã được gửi tới "+d.Agency+". Bộ phận Một cửa kiểm tra và trả lời trong 8 giờ làm việc.")
	if c := d.OnlineChanges; c != nil {
		add(c.At, "Cần bổ sung hồ sơ trực tuyến", "Bộ phận Một cửa đề nghị bổ sung, hoàn thiện: "+itemsText(c.Items)+".")
	}
	if !d.ReceivedAt.IsZero() {
		t := "Hồ sơ đã được " + d.Agency + " tiếp nhận"
		if !d.OriginalDueAt.IsZero() {
			t += ", hẹn trả kết quả ngày " + d.OriginalDueAt.In(vnLoc).Format("02/01/2006")
		} else if !d.DueAt.IsZero() {
			t += ", hẹn trả kết quả ngày " + d.DueAt.In(vnLoc).Format("02/01/2006")
		}
		add(d.ReceivedAt, "Đã tiếp nhận", t+".")
	}
	if s := d.Supplement; s != nil {
		add(s.At, "Cần bổ sung hồ sơ", "Cơ quan giải quyết đề nghị bổ sung: "+itemsText(s.Items)+
			". Thời gian chờ bổ sung không tính vào thời hạn giải quyết.")
		add(s.ReceivedAt, "Đã nhận hồ sơ bổ sung", "Thời hạn giải quyết được tính lại từ đầu.")
	}
	if a := d.Apology; a != nil {
		add(a.At, "Thư xin lỗi và hẹn lại ngày trả kết quả", "Lý do: "+a.Reason+". Ngày hẹn trả mới: "+a.NewDueAt.In(vnLoc).Format("02/01/2006")+".")
	}
	switch d.Status {
	case "refused", "rejected":
		add(d.FinishedAt, "Đã từ chối", "Lý do: "+itemsText(d.Refusal)+".")
	case "stopped":
		add(d.FinishedAt, "Đã dừng giải quyết", d.StopReason)
	case "closed":
		add(d.FinishedAt, "Đã đóng hồ sơ", "Hồ sơ không được bổ sung trong 15 ngày nên đã đóng.")
	}
	if d.Result != nil && d.Status != "returned" && !d.FinishedAt.IsZero() {
		add(d.FinishedAt, "Đã có kết quả", "Kết quả đang chờ trả theo hình thức ông/bà đã chọn.")
	}
	add(d.ReturnedAt, "Đã trả kết quả", "Hồ sơ đã hoàn thành.")
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].At.Before(ev[j].At) })
	if now := nowText(d); now != "" {
		ev = append(ev, TimelineEvent{Title: "Hiện tại", Text: now, Now: true})
	}
	return ev
}

// nowText says what is happening now and what is expected of the citizen.
func nowText(d *DossierDetail) string {
	due := ""
	if !d.DueAt.IsZero() {
		due = " Ngày hẹn trả kết quả: " + d.DueAt.In(vnLoc).Format("02/01/2006") + "."
	}
	switch d.Status {
	case "submitted":
		return "Bộ phận Một cửa đang kiểm tra hồ sơ (hạn trả lời: " + d.AcceptBy.In(vnLoc).Format("15:04 02/01/2006") + ")."
	case "changes_requested":
		return "Ông/bà cần bổ sung, hoàn thiện hồ sơ theo yêu cầu trên rồi gửi lại."
	case "received", "processing", "supplemented":
		step := currentStep(d)
		if step != "" {
			return "Hồ sơ đang được giải quyết: " + step + "." + due
		}
		return "Hồ sơ đang được giải quyết." + due
	case "consulting":
		return "Cơ quan giải quyết đang lấy ý kiến cơ quan liên quan." + due
	case "awaiting_supplement":
		return "Đang chờ ông/bà bổ sung hồ sơ. Thời hạn giải quyết tạm dừng trong thời gian này."
	case "approved", "result_ready":
		return "Đã có kết quả, đang chờ trả."
	}
	return ""
}

func currentStep(d *DossierDetail) string {
	for _, s := range d.Steps {
		if s.State == "open" {
			return s.Name + " (" + s.Agency + ")"
		}
	}
	return ""
}

func itemsText(items []Item) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += "; "
		}
		s += it.Content
		if it.Reason != "" {
			s += " (" + it.Reason + ")"
		}
	}
	return s
}
