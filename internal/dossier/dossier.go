package dossier

import (
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/dossier/workflow"
)

// Channels of submission (ND 118 Đ15).
const (
	ChannelCounter = "counter" // trực tiếp
	ChannelPost    = "post"    // bưu chính công ích (QĐ 45/2016)
	ChannelOnline  = "online"  // trực tuyến (DVCQG)
)

// Applicant kinds.
const (
	KindPerson       = "person"
	KindOrganization = "organization"
)

// Intake decisions at the counter (ND 118 Đ17.1c).
const (
	DecisionReceive           = "receive"
	DecisionRequestSupplement = "request_supplement"
	DecisionRefuse            = "refuse"
)

// Dossier is a dossier (or an intake record without a code) as the service
// and the API show it.
type Dossier struct {
	ID          int64          `json:"-"`
	Code        string         `json:"code"`
	IntakeRef   string         `json:"intake_ref,omitempty"`
	Status      workflow.State `json:"status"`
	StatusText  string         `json:"status_text"`
	DVCQGStatus int            `json:"dvcqg_status"`
	Version     int64          `json:"version"`
	Channel     string         `json:"channel"`

	Procedure       ProcedureInfo `json:"procedure"`
	ReceivingAgency AgencyRef     `json:"receiving_agency"`
	HandlingAgency  AgencyRef     `json:"handling_agency"`
	CitizenID       int64         `json:"citizen_id,omitempty"`

	Applicant      Applicant      `json:"applicant"`
	Representative *Applicant     `json:"representative,omitempty"`
	Documents      []DocumentItem `json:"documents"`
	Fees           *Fees          `json:"fees,omitempty"`
	Delivery       Delivery       `json:"delivery"`
	Postal         *Postal        `json:"postal,omitempty"`
	Reasons        []Item         `json:"reasons,omitempty"` // intake supplement / refusal items
	Note           string         `json:"note,omitempty"`

	BookYear int   `json:"book_year,omitempty"`
	BookNo   int64 `json:"book_no,omitempty"` // Mẫu 06 số thứ tự

	SubmittedAt        time.Time `json:"submitted_at,omitzero"`
	AcceptBy           time.Time `json:"accept_by,omitzero"`
	ReceivedAt         time.Time `json:"received_at,omitzero"`
	ClockStartAt       time.Time `json:"clock_start_at,omitzero"`
	DueAt              time.Time `json:"due_at,omitzero"`
	OriginalDueAt      time.Time `json:"original_due_at,omitzero"`
	SupplementDeadline time.Time `json:"supplement_deadline,omitzero"`
	SupplementCount    int       `json:"supplement_count"`
	ApologyCount       int       `json:"apology_count"`
	EarlyNotifiedAt    time.Time `json:"early_notified_at,omitzero"`
	FinishedAt         time.Time `json:"finished_at,omitzero"`
	ReturnedAt         time.Time `json:"returned_at,omitzero"`

	Supplement    *Supplement       `json:"supplement,omitempty"`
	Apology       *Apology          `json:"apology,omitempty"`
	Stop          *Stop             `json:"stop,omitempty"`
	Result        *Result           `json:"result,omitempty"`
	Return        *ReturnInfo       `json:"return,omitempty"`
	EarlyNotice   *EarlyNotice      `json:"early_notice,omitempty"`
	Corrections   []Correction      `json:"corrections,omitempty"`
	OnlineChanges *OnlineChanges    `json:"online_changes,omitempty"`
	Steps         []Step            `json:"steps"`
	Files         []File            `json:"files,omitempty"`
	Late          bool              `json:"late"`     // open and past due, or finished after due
	NearDue       bool              `json:"near_due"` // open, not late, due within the near-due threshold
	Actions       []ActionOption    `json:"available_actions"`
	Forms         map[string]string `json:"forms,omitempty"` // form number → PDF URL
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`

	createdBy  int64
	detailJSON []byte // detail already encoded (intake prepares it outside the write transaction)
}

// AgencyRef names an agency.
type AgencyRef struct {
	ID   int64  `json:"-"`
	Code string `json:"code"`
	Name string `json:"name"`
	Path string `json:"-"`
}

// Applicant is the person or organisation the dossier is for (or their
// representative).
type Applicant struct {
	Kind      string `json:"kind"`                 // person | organization
	Name      string `json:"name"`                 // full name or organisation name
	IDNumber  string `json:"id_number,omitempty"`  // person: số định danh cá nhân, 12 digits
	TaxCode   string `json:"tax_code,omitempty"`   // organization: mã số thuế, 10 or 13 digits
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	Address   string `json:"address,omitempty"`
}

// Identifier returns the ID number or the tax code.
func (a Applicant) Identifier() string {
	if a.Kind == KindOrganization {
		return a.TaxCode
	}
	return a.IDNumber
}

// DocumentItem is the state of one checklist item of a dossier.
type DocumentItem struct {
	Index     int      `json:"index"` // position in the procedure's checklist
	Name      string   `json:"name"`
	Mandatory bool     `json:"mandatory"`
	Ticked    bool     `json:"ticked"`
	Originals int      `json:"originals"`
	Copies    int      `json:"copies"`
	Files     []string `json:"files,omitempty"` // SHA-256 of scans
}

// Fees paid at intake.
type Fees struct {
	Amount        int64  `json:"amount"`                   // VND
	Method        string `json:"method"`                   // cash | transfer | online | post
	ReceiptNumber string `json:"receipt_number,omitempty"` // biên lai
}

// Delivery is how the result is to be returned.
type Delivery struct {
	Method  string `json:"method"`            // counter | post | online
	Address string `json:"address,omitempty"` // post: where to send it
}

// Postal holds the postal channel's records (QĐ 45/2016 Đ6–7).
type Postal struct {
	SlipNumber     string    `json:"slip_number"`               // số Phiếu gửi
	HandoverRecord string    `json:"handover_record,omitempty"` // số Biên bản giao nhận
	SignedAt       time.Time `json:"signed_at"`                 // signing of the Biên bản = legal receipt time (Đ7)
	FeesCollected  int64     `json:"fees_collected,omitempty"`  // fees collected by the post
	FeeReceipt     string    `json:"fee_receipt,omitempty"`     // its receipt number
}

// Item is one itemised reason (what to supplement and why, or why refused).
type Item struct {
	Content string `json:"content"`
	Reason  string `json:"reason,omitempty"`
}

// Supplement is the request to supplement during processing (ND 118 Đ19.5).
type Supplement struct {
	Items       []Item    `json:"items"`
	RequestedAt time.Time `json:"requested_at"`
	RequestedBy string    `json:"requested_by"`
	CloseAt     time.Time `json:"close_at"` // closed if not supplemented by then (15 days)
	ReceivedAt  time.Time `json:"received_at,omitzero"`
	ReceivedBy  string    `json:"received_by,omitempty"`
	Files       []string  `json:"files,omitempty"`
	StepID      int64     `json:"step_id,omitempty"` // the step that asked; it resumes on receipt
}

// Apology is the Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).
type Apology struct {
	Reason   string    `json:"reason"`
	OldDueAt time.Time `json:"old_due_at"`
	NewDueAt time.Time `json:"new_due_at"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	ByTitle  string    `json:"by_title,omitempty"`
}

// Stop is a stop at the applicant's request (ND 118 Đ21).
type Stop struct {
	Reason      string    `json:"reason"`
	RequestedAt time.Time `json:"requested_at"`
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	Refund      string    `json:"refund,omitempty"`
}

// Result is the result document.
type Result struct {
	DocumentCode string    `json:"document_code,omitempty"` // số, ký hiệu / mã số giấy tờ
	Files        []string  `json:"files,omitempty"`
	AttachedAt   time.Time `json:"attached_at"`
	AttachedBy   string    `json:"attached_by"`
	SignedAt     time.Time `json:"signed_at,omitzero"`
	SignedBy     string    `json:"signed_by,omitempty"`
}

// ReturnInfo records how the result was handed over (ND 118 Đ22; QĐ 45/2016 Đ9–10).
type ReturnInfo struct {
	Method         string    `json:"method"` // counter | post | online
	At             time.Time `json:"at"`
	By             string    `json:"by"`                        // officer
	ReceivedBy     string    `json:"received_by,omitempty"`     // counter: who collected it
	SlipNumber     string    `json:"slip_number,omitempty"`     // post: Phiếu gửi
	HandoverRecord string    `json:"handover_record,omitempty"` // post: hand-over to the post
	Note           string    `json:"note,omitempty"`
}

// EarlyNotice records the advance notice of an early return (ND 118 Đ22.5).
type EarlyNotice struct {
	Channel string    `json:"channel"` // sms | email | phone | other
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Note    string    `json:"note,omitempty"`
}

// Correction is a correction of an erroneous result (ND 118 Đ23).
type Correction struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	DueAt  time.Time `json:"due_at"` // corrected result back within 3 working days
}

// OnlineChanges is the one-time request to complete an online submission
// (ND 118 Đ17.2).
type OnlineChanges struct {
	Items []Item    `json:"items"`
	At    time.Time `json:"at"`
	By    string    `json:"by"`
}

// Step is one step of a dossier's process (a row of the electronic Mẫu 05).
type Step struct {
	ID           int64               `json:"id"`
	Seq          int                 `json:"seq"`
	ParentID     int64               `json:"parent_id,omitempty"`
	Name         string              `json:"name"`
	Kind         workflow.StepKind   `json:"kind"`
	Agency       AgencyRef           `json:"agency"`
	Role         string              `json:"role"`
	AssigneeID   int64               `json:"assignee_id,omitempty"`
	AssigneeName string              `json:"assignee_name,omitempty"`
	Group        string              `json:"group,omitempty"`
	Time         workflow.Duration   `json:"time"`
	Status       workflow.StepStatus `json:"status"`
	StartedAt    time.Time           `json:"started_at,omitzero"`
	DueAt        time.Time           `json:"due_at,omitzero"`
	FinishedAt   time.Time           `json:"finished_at,omitzero"`
	FinishedBy   int64               `json:"finished_by,omitempty"`
	FinishedName string              `json:"finished_by_name,omitempty"`
	Verdict      string              `json:"verdict,omitempty"` // early | on_time | late
	SignedAt     time.Time           `json:"signed_at,omitzero"`
	Note         string              `json:"note,omitempty"`

	dirty bool // changed in this transaction
	isNew bool
}

// File is a file attached to a dossier.
type File struct {
	SHA256    string    `json:"sha256"`
	Kind      string    `json:"kind"` // document | supplement | result | attachment
	DocIndex  int       `json:"doc_index"`
	Name      string    `json:"name,omitempty"`
	Size      int64     `json:"size"`
	MIME      string    `json:"mime"`
	CreatedAt time.Time `json:"created_at"`
}

// ActionOption is an action the caller may take now.
type ActionOption struct {
	Action workflow.Action `json:"action"`
	Label  string          `json:"label"`
}

// HistoryEntry is one row of the dossier's append-only history.
type HistoryEntry struct {
	ID        int64          `json:"id"`
	At        time.Time      `json:"at"`
	ActorID   int64          `json:"actor_id"`
	Actor     string         `json:"actor"`
	ActorKind string         `json:"actor_kind"`
	Role      string         `json:"role,omitempty"`
	Agency    string         `json:"agency,omitempty"` // code
	Action    string         `json:"action"`
	From      workflow.State `json:"from"`
	To        workflow.State `json:"to"`
	StepID    int64          `json:"step_id,omitempty"`
	StepName  string         `json:"step_name,omitempty"`
	StepDue   time.Time      `json:"step_due,omitzero"`
	Verdict   string         `json:"verdict,omitempty"`
	Reason    string         `json:"reason,omitempty"`
	Detail    map[string]any `json:"detail,omitempty"`
}

// detail is what the dossiers.detail JSON column holds.
type detail struct {
	Procedure      ProcedureInfo  `json:"procedure"`
	Applicant      Applicant      `json:"applicant"`
	Representative *Applicant     `json:"representative,omitempty"`
	Documents      []DocumentItem `json:"documents"`
	Fees           *Fees          `json:"fees,omitempty"`
	Delivery       Delivery       `json:"delivery"`
	Postal         *Postal        `json:"postal,omitempty"`
	Reasons        []Item         `json:"reasons,omitempty"`
	Note           string         `json:"note,omitempty"`
	Supplement     *Supplement    `json:"supplement,omitempty"`
	Apology        *Apology       `json:"apology,omitempty"`
	Stop           *Stop          `json:"stop,omitempty"`
	Result         *Result        `json:"result,omitempty"`
	Return         *ReturnInfo    `json:"return,omitempty"`
	EarlyNotice    *EarlyNotice   `json:"early_notice,omitempty"`
	Corrections    []Correction   `json:"corrections,omitempty"`
	OnlineChanges  *OnlineChanges `json:"online_changes,omitempty"`
}

func (d *Dossier) detail() detail {
	return detail{Procedure: d.Procedure, Applicant: d.Applicant, Representative: d.Representative, Documents: d.Documents,
		Fees: d.Fees, Delivery: d.Delivery, Postal: d.Postal, Reasons: d.Reasons, Note: d.Note, Supplement: d.Supplement,
		Apology: d.Apology, Stop: d.Stop, Result: d.Result, Return: d.Return, EarlyNotice: d.EarlyNotice,
		Corrections: d.Corrections, OnlineChanges: d.OnlineChanges}
}

func (d *Dossier) setDetail(x detail) {
	d.Procedure, d.Applicant, d.Representative, d.Documents = x.Procedure, x.Applicant, x.Representative, x.Documents
	d.Fees, d.Delivery, d.Postal, d.Reasons, d.Note = x.Fees, x.Delivery, x.Postal, x.Reasons, x.Note
	d.Supplement, d.Apology, d.Stop, d.Result, d.Return = x.Supplement, x.Apology, x.Stop, x.Result, x.Return
	d.EarlyNotice, d.Corrections, d.OnlineChanges = x.EarlyNotice, x.Corrections, x.OnlineChanges
	if d.Documents == nil {
		d.Documents = []DocumentItem{}
	}
}

// Main returns the open main-line step, or nil.
func (d *Dossier) Main() *Step {
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Status == workflow.StepOpen && s.Kind != workflow.KindConsult {
			return s
		}
	}
	return nil
}

// OpenSteps returns the open steps (the main step and open consultations).
func (d *Dossier) OpenSteps() []*Step {
	var out []*Step
	for i := range d.Steps {
		if d.Steps[i].Status == workflow.StepOpen {
			out = append(out, &d.Steps[i])
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
