package notify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/store"
)

// OnlineQueuePath is the one-stop's page of online dossiers waiting for
// acceptance and of online supplements waiting for confirmation (mounted by
// the citizen module); staff alerts link to it.
const OnlineQueuePath = "/can-bo/truc-tuyen"

func (s *Service) staffLink() string { return s.opt.BaseURL() + OnlineQueuePath }

// StaffAlert tells the receiving one-stop that an online dossier or
// supplement waits for it.
type StaffAlert struct {
	// Event is EventStaffOnlineSubmitted, EventStaffOnlineResubmitted or
	// EventStaffSupplementSubmitted.
	Event Event
	// Key identifies the logical alert, e.g. "NTT-…:staff_online_submitted:1";
	// each recipient's user id is appended, so enqueuing the same alert
	// again stores nothing.
	Key string
	// DossierCode files the alerts in the dossier's message log.
	DossierCode string
	// AgencyID is the receiving agency, whose officers are alerted.
	AgencyID int64
	// Vars fill the template; Link defaults to the staff page of online
	// dossiers (OnlineQueuePath) and RecipientName is set per recipient.
	Vars Vars
}

// AlertStaff enqueues, in tx (the transaction of the submission), one e-mail
// per staff user who must act on an online dossier received by a.AgencyID,
// and returns them. ND 118/2025 Đ17.2: within 2 hours of receiving an online
// dossier the system notifies the receiving officer, who accepts it or asks
// for changes within 8 working hours; the outbox delivers the alert within
// seconds after the commit (and the dossier is in the queue page at once).
//
// Who is alerted: the active one-stop officers (công chức Một cửa) with an
// e-mail address whose scope covers the receiving agency, at the nearest
// level — the officers of the receiving agency itself when it has any, not
// also those of the agencies above it, whose scope covers it too
// (account.NearestWithRole). When no officer can be reached, the
// supervisors in scope at the nearest level are alerted instead (for a
// commune's one-stop, the Phó Chủ tịch who directs it, ND 118 Đ7), so that
// someone who can assign the work hears of it. Nobody reachable: nothing is
// enqueued and a warning is logged; the dossier still waits in the queue,
// where the overdue worker flags it after 8 working hours.
func (s *Service) AlertStaff(ctx context.Context, tx *store.Tx, a StaffAlert) ([]account.Reachable, error) {
	if !a.Event.Staff() {
		return nil, fmt.Errorf("notify: %q is not a staff alert", a.Event)
	}
	to, err := account.NearestWithRole(ctx, tx, a.AgencyID, account.RoleOneStopOfficer)
	if err != nil {
		return nil, err
	}
	if len(to) == 0 {
		if to, err = account.NearestWithRole(ctx, tx, a.AgencyID, account.RoleSupervisor); err != nil {
			return nil, err
		}
	}
	if len(to) == 0 {
		s.log.Warn("notify: nobody to alert of an online dossier (no one-stop officer or supervisor with an e-mail address in scope)",
			"event", a.Event, "dossier", a.DossierCode, "agency_id", a.AgencyID)
		return nil, nil
	}
	if a.Vars.Link == "" {
		a.Vars.Link = s.staffLink()
	}
	for _, r := range to {
		v := a.Vars
		v.RecipientName = r.FullName
		if err := s.Enqueue(ctx, tx, Message{Event: a.Event, Key: a.Key + ":u" + strconv.FormatInt(r.UserID, 10),
			DossierCode: a.DossierCode, To: Recipient{Email: r.Email}, Channel: ChannelEmail, Vars: v}); err != nil {
			return nil, err
		}
	}
	return to, nil
}
