package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
)

// mountDossier mounts the dossier lifecycle (internal/dossier, docs/dossier.md):
// the service, provided as "dossiers" (the staff pages and the citizen module
// build on it), the content-addressed file store as "files", the JSON API,
// the notification log route, and the worker that closes dossiers not
// supplemented within 15 days. It adapts the catalog ("procedures"), the
// working calendar ("calendar") and the outbox ("notify") to the dossier
// package's small interfaces; without them it falls back to the catalog
// tables and the calendar data directly, and drops notifications.
//
// MOTCUA_DOSSIER_CODE_FORMAT ("tt01" or "tt04:AA") sets the dossier code
// format at start-up when given (it is stored in the settings table, where
// an administrator can also change it: PUT /api/v1/dossier-settings).
func mountDossier(a *App) error {
	fs, err := files.NewDisk(a.FilesDir())
	if err != nil {
		return err
	}
	var cat dossier.Catalog
	if ps, ok := a.Service("procedures").(*procedure.Service); ok {
		cat = catalogAdapter{ps}
	} else {
		cat = catalogAdapter{&procedure.Service{DB: a.DB}}
	}
	var cals dossier.Calendars
	if c, ok := a.Service("calendar").(dossier.Calendars); ok {
		cals = c
	} else {
		cals = calendarsvc.New(a.DB)
	}
	var n dossier.Notifier = dossier.NopNotifier{}
	ns, _ := a.Service("notify").(*notify.Service)
	if ns != nil {
		n = notifyAdapter{ns}
	}
	svc := dossier.New(a.DB, cat, cals, n, func() string { return a.Server.Opt.BaseURL }, a.Log)
	if f := os.Getenv("MOTCUA_DOSSIER_CODE_FORMAT"); f != "" {
		if _, err := dossier.ParseCodeFormat(f); err != nil {
			return fmt.Errorf("MOTCUA_DOSSIER_CODE_FORMAT: %w", err)
		}
		if err := a.setSetting(context.Background(), "dossier.code_format", f); err != nil {
			return err
		}
	}
	a.Provide("dossiers", svc)
	a.Provide("files", files.Store(fs))
	api := &dossier.API{Svc: svc, Files: fs, Srv: a.Server}
	api.Mount()
	if ns != nil {
		a.Server.Handle("GET /api/v1/dossiers/{code}/messages", a.Server.Staff(ns.LogHandler(a.Server, svc.MessageCodes)))
	}
	a.AddWorker(Worker{Name: "dossier-close-out", Run: func(ctx context.Context) { svc.RunCloseOut(ctx, time.Minute) }})
	return nil
}

// catalogAdapter gives the dossier module the procedure version in force.
type catalogAdapter struct{ p *procedure.Service }

func (c catalogAdapter) InForce(ctx context.Context, code string, at time.Time) (*dossier.ProcedureInfo, error) {
	p, err := c.p.InForce(ctx, code, at)
	if err != nil {
		return nil, err
	}
	out := &dossier.ProcedureInfo{Code: p.Code, Name: p.Name, Field: p.Field, VersionID: p.VersionID, Version: p.Version,
		Limit: workflow.Limit{Value: p.TimeLimit.Value, Unit: string(p.TimeLimit.Unit)}, Immediate: p.Immediate, Cutoff15h: p.Cutoff15h,
		HandlingAgency: p.HandlingAgency, ReceivingAgencies: p.ReceivingAgencies, ResultCode: p.Result.Code, ResultName: p.Result.Name,
		OnlineLevel: string(p.OnlineLevel)}
	for _, d := range p.Documents {
		out.Documents = append(out.Documents, dossier.DocumentReq{ID: d.ID, Name: d.Name, Originals: d.Originals, Copies: d.Copies,
			Mandatory: d.Required == procedure.Mandatory, Condition: d.Condition})
	}
	for _, f := range p.Fees {
		out.Fees = append(out.Fees, dossier.FeeInfo{Kind: string(f.Kind), Name: f.Name, Amount: f.Amount, Case: f.Case})
	}
	return out, nil
}

// notifyAdapter turns dossier events into outbox messages: for the citizen,
// or for the receiving one-stop's officers (staff events).
type notifyAdapter struct{ n *notify.Service }

func (x notifyAdapter) Enqueue(ctx context.Context, tx *store.Tx, ev dossier.Event) error {
	e := notify.Event(ev.Kind)
	if !e.Valid() {
		return nil
	}
	if e.Staff() {
		// The receiving one-stop's officers (ND 118/2025 Đ17.2).
		_, err := x.n.AlertStaff(ctx, tx, notify.StaffAlert{Event: e, Key: fmt.Sprintf("%s:%s:%d", ev.DossierCode, ev.Kind, ev.Version),
			DossierCode: ev.DossierCode, AgencyID: ev.AgencyID,
			Vars: notify.Vars{DossierCode: ev.DossierCode, ProcedureName: ev.ProcedureName, ApplicantName: ev.Name, AgencyName: ev.AgencyName,
				Deadline: ev.AcceptBy, Reason: ev.Reason}})
		return err
	}
	to := notify.Recipient{CitizenID: ev.CitizenID}
	if p, ok := notify.NormalizePhone(ev.Phone); ok {
		to.Phone = p
	}
	if m, ok := notify.NormalizeEmail(ev.Email); ok {
		to.Email = m
	}
	if to.CitizenID == 0 && to.Phone == "" && to.Email == "" {
		return nil // nobody to tell
	}
	return x.n.Enqueue(ctx, tx, notify.Message{Event: e, Key: fmt.Sprintf("%s:%s:%d", ev.DossierCode, ev.Kind, ev.Version),
		DossierCode: ev.DossierCode, To: to,
		Vars: notify.Vars{DossierCode: ev.DossierCode, ProcedureName: ev.ProcedureName, ApplicantName: ev.Name, AgencyName: ev.AgencyName,
			ExpectedDate: ev.DueAt, Link: ev.TrackingURL, Reason: ev.Reason}})
}
