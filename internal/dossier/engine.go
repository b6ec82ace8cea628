package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier/workflow"
)

// instantiate copies the process into steps of the dossier (all pending).
func (s *Service) instantiate(ctx context.Context, d *Dossier, pr *workflow.Process, receiving, handling *agencyInfo) error {
	d.Steps = d.Steps[:0]
	for i, def := range pr.Steps {
		var ag *agencyInfo
		switch def.Agency {
		case workflow.AgencyReceiving:
			ag = receiving
		case workflow.AgencyHandling:
			ag = handling
		default:
			a, err := s.agencyByCode(ctx, def.Agency)
			if err != nil {
				return err
			}
			ag = a
		}
		d.Steps = append(d.Steps, Step{Seq: i + 1, Name: def.Name, Kind: def.Kind, Agency: ag.ref(), Role: def.Role, Group: def.Group,
			Time: def.Time, Status: workflow.StepPending, isNew: true})
	}
	return nil
}

// openAfter opens the main-line step(s) that follow seq (0 = the first) at
// now and returns the state the dossier is then in. Consecutive
// consultation steps with the same group open together. With no step left,
// it returns "" (the caller decides).
func (s *Service) openAfter(ctx context.Context, d *Dossier, seq int, now time.Time) (workflow.State, *Step, error) {
	next := -1
	for i := range d.Steps {
		st := &d.Steps[i]
		if st.ParentID == 0 && st.Seq > seq && st.Status == workflow.StepPending && (next < 0 || st.Seq < d.Steps[next].Seq) {
			next = i
		}
	}
	if next < 0 {
		return "", nil, nil
	}
	first := &d.Steps[next]
	toOpen := []*Step{first}
	if first.Group != "" {
		for i := range d.Steps {
			st := &d.Steps[i]
			if st != first && st.ParentID == 0 && st.Group == first.Group && st.Status == workflow.StepPending {
				toOpen = append(toOpen, st)
			}
		}
	}
	for _, st := range toOpen {
		if err := s.open(ctx, d, st, now); err != nil {
			return "", nil, err
		}
	}
	switch first.Kind {
	case workflow.KindConsult:
		return workflow.Consulting, first, nil
	case workflow.KindReturn:
		return workflow.ResultReady, first, nil
	case workflow.KindReceive:
		return workflow.Received, first, nil
	}
	return workflow.Processing, first, nil
}

// open starts a step at now with its due time. An unassigned step whose
// role already acted on this dossier goes back to the same person (the
// division head who assigned reviews the proposal).
func (s *Service) open(ctx context.Context, d *Dossier, st *Step, now time.Time) error {
	ag, err := s.agency(ctx, st.Agency.ID)
	if err != nil {
		return err
	}
	cal, err := s.calendarFor(ctx, ag)
	if err != nil {
		return err
	}
	due, err := stepDue(cal, now, st.Time, d.capDue())
	if err != nil {
		return err
	}
	st.Status, st.StartedAt, st.DueAt, st.FinishedAt, st.FinishedBy, st.Verdict = workflow.StepOpen, now, due, time.Time{}, 0, ""
	st.dirty = true
	if st.AssigneeID == 0 && st.Kind != workflow.KindConsult && st.Kind != workflow.KindReceive && st.Kind != workflow.KindReturn {
		for i := range d.Steps {
			o := &d.Steps[i]
			if o != st && o.Status == workflow.StepDone && o.Role == st.Role && o.Agency.ID == st.Agency.ID && o.FinishedBy != 0 {
				st.AssigneeID = o.FinishedBy
			}
		}
	}
	return nil
}

// finish closes a step at now with its verdict (calendar.Judge: early, on
// time or late against the step's own due time).
func finish(st *Step, by actorInfo, now time.Time, status workflow.StepStatus) {
	st.Status, st.FinishedAt, st.dirty = status, now, true
	if by.Kind == "staff" || by.Kind == "citizen" {
		st.FinishedBy = by.ID
		st.FinishedName = by.display()
	}
	if status == workflow.StepDone && !st.DueAt.IsZero() {
		st.Verdict = string(calendar.Judge(now, st.DueAt))
	}
}

// cancelOpen cancels every open and pending step (the dossier ended).
func cancelOpen(d *Dossier, by actorInfo, now time.Time) {
	for i := range d.Steps {
		st := &d.Steps[i]
		switch st.Status {
		case workflow.StepOpen:
			finish(st, by, now, workflow.StepCancelled)
		case workflow.StepPending:
			st.Status, st.dirty = workflow.StepSkipped, true
		}
	}
}

// rules builds the view the pure rules need.
func (d *Dossier) rules() *workflow.Dossier {
	w := &workflow.Dossier{State: d.Status, Immediate: d.Procedure.Immediate, DueAt: d.DueAt, ReceivedAt: d.ReceivedAt,
		ReceivingPath: d.ReceivingAgency.Path, HandlingPath: d.HandlingAgency.Path, SupplementDeadline: d.SupplementDeadline,
		SupplementCount: d.SupplementCount, ApologyCount: d.ApologyCount, EarlyNotified: !d.EarlyNotifiedAt.IsZero(),
		HasResult: d.Result != nil && (d.Result.DocumentCode != "" || len(d.Result.Files) > 0)}
	w.Steps = make([]workflow.Step, len(d.Steps))
	for i, st := range d.Steps {
		w.Steps[i] = workflow.Step{ID: st.ID, Seq: st.Seq, ParentID: st.ParentID, Kind: st.Kind, AgencyPath: st.Agency.Path,
			Role: st.Role, AssigneeID: st.AssigneeID, Status: st.Status, Signed: !st.SignedAt.IsZero()}
	}
	return w
}

// visibleTo reports whether the staff actor may see the dossier: one of its
// agencies is in their subtree, or an open step waits on them.
func visibleTo(d *Dossier, agencyPaths []string, a workflow.Actor) bool {
	for _, p := range agencyPaths {
		if a.Covers(p) {
			return true
		}
	}
	for _, st := range d.rules().Steps {
		if st.WaitsOn(a) {
			return true
		}
	}
	return false
}
