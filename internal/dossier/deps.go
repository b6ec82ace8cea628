package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
)

// Catalog is what the dossier module needs from the procedure catalog. The
// app adapts internal/procedure to it.
type Catalog interface {
	// InForce returns the version of procedure code in force at the instant
	// (its date in Vietnam). Errors: not_found for an unknown code or no
	// version in force.
	InForce(ctx context.Context, code string, at time.Time) (*ProcedureInfo, error)
}

// ProcedureInfo is the part of a procedure version a dossier keeps (a copy is
// stored with the dossier: "a dossier keeps the version in force when it was
// received", product.md A).
type ProcedureInfo struct {
	Code              string         `json:"code"`
	Name              string         `json:"name"`
	Field             string         `json:"field,omitempty"`
	VersionID         int64          `json:"version_id,omitempty"`
	Version           int            `json:"version,omitempty"`
	Limit             workflow.Limit `json:"time_limit"`
	Immediate         bool           `json:"immediate"`
	Cutoff15h         bool           `json:"cutoff_15h"`
	HandlingAgency    string         `json:"handling_agency"`              // agency code or "@commune"
	ReceivingAgencies []string       `json:"receiving_agencies,omitempty"` // codes, "@commune_center", "@center"
	Documents         []DocumentReq  `json:"documents,omitempty"`          // at intake only; a dossier keeps its own checklist
	Fees              []FeeInfo      `json:"fees,omitempty"`
	ResultCode        string         `json:"result_code,omitempty"`
	ResultName        string         `json:"result_name,omitempty"`
	OnlineLevel       string         `json:"online_level,omitempty"`
}

// kept is the part of the version a dossier stores: the checklist is
// copied into the dossier's own documents, and the catalog keeps every
// version (VersionID) for the rest.
func (p *ProcedureInfo) kept() ProcedureInfo {
	k := *p
	k.Documents, k.Fees, k.ReceivingAgencies = nil, nil, nil
	return k
}

// VersionKey identifies the procedure version a process is defined for.
func (p *ProcedureInfo) VersionKey() string {
	if p.Version == 0 {
		return ""
	}
	return itoa(int64(p.Version))
}

// DocumentReq is one item of the checklist (thành phần hồ sơ).
type DocumentReq struct {
	ID        int64  `json:"id,omitempty"`
	Name      string `json:"name"`
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	Mandatory bool   `json:"mandatory"`
	Condition string `json:"condition,omitempty"`
}

// FeeInfo is a fee of the procedure.
type FeeInfo struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Amount int64  `json:"amount"`
	Case   string `json:"case,omitempty"`
}

// Calendars returns the working-time calendar for office hours text ("" =
// the default office hours). The app wires the calendar module's service.
type Calendars interface {
	For(ctx context.Context, officeHours string) (*calendar.Calendar, error)
}

// CalendarsFunc adapts a function to Calendars.
type CalendarsFunc func(ctx context.Context, officeHours string) (*calendar.Calendar, error)

// For calls f.
func (f CalendarsFunc) For(ctx context.Context, officeHours string) (*calendar.Calendar, error) {
	return f(ctx, officeHours)
}

// Notifier enqueues a citizen notification, or a staff alert, inside the
// transaction of the change that causes it (outbox). The app wires
// internal/notify; NopNotifier drops them.
type Notifier interface {
	Enqueue(ctx context.Context, tx *store.Tx, ev Event) error
}

// Event kinds sent to the Notifier (the same names as notify.Event).
const (
	EventReceived               = "received"
	EventSupplementRequested    = "supplement_requested"
	EventSupplementReceived     = "supplement_received"
	EventRefused                = "refused"
	EventConsulting             = "consulting"
	EventApologyNewDate         = "apology_new_date"
	EventResultReady            = "result_ready"
	EventEarlyReturn            = "early_return"
	EventReturned               = "returned"
	EventClosed                 = "closed"
	EventStopped                = "stopped"
	EventOnlineAccepted         = "online_accepted"
	EventOnlineChangesRequested = "online_changes_requested"

	// Alerts to the receiving one-stop's officers, not to the citizen: an
	// online dossier waits for acceptance (ND 118/2025 Đ17.2: within 2 hours
	// the system notifies the receiving officer, who accepts or asks for
	// changes within 8 working hours, AcceptBy). The Notifier chooses the
	// officers of AgencyID.
	EventStaffOnlineSubmitted   = "staff_online_submitted"
	EventStaffOnlineResubmitted = "staff_online_resubmitted"
)

// Event is a change a citizen cares about, or (EventStaff…) one the
// receiving one-stop must act on.
type Event struct {
	Kind          string
	DossierID     int64
	Version       int64 // the dossier version after the change (unique per change: a key for the outbox)
	DossierCode   string
	ProcedureCode string
	ProcedureName string
	Status        workflow.State
	StatusText    string
	At            time.Time
	DueAt         time.Time // the appointment (new one after an apology)
	Reason        string    // refusal, supplement items, apology reason, stop reason
	AgencyName    string    // the receiving one-stop
	AgencyID      int64     // the receiving one-stop (staff alerts go to its officers)
	AcceptBy      time.Time // online submissions: accept or ask for changes by then (8 working hours)
	CitizenID     int64     // online submissions: the citizen account (0 = none)
	Name          string    // applicant
	Phone         string
	Email         string
	TrackingURL   string
}

// NopNotifier drops every event.
type NopNotifier struct{}

// Enqueue does nothing.
func (NopNotifier) Enqueue(context.Context, *store.Tx, Event) error { return nil }
