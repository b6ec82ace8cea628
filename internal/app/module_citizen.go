package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

// mountCitizen mounts the citizen side (internal/citizen): accounts with
// one-time codes and OpenID Connect, profile, personal document store,
// online applications, the citizen's dossier pages, public tracking, the
// online-intake queue and assisted filing. It adapts the notify, procedure,
// file and dossier modules to the citizen package's small interfaces, and
// registers itself as the notify module's citizen directory.
//
// MOTCUA_TRACKING_RATE sets the per-client limit of public tracking
// ("60/min,20" = 60 a minute with bursts of 20, the default; "0" or "off"
// disables it, e.g. for the benchmark in docs/benchmarks.md).
func mountCitizen(a *App) error {
	s := &citizen.Service{DB: a.DB, Log: a.Log}
	if n, ok := a.Service("notify").(*notify.Service); ok {
		s.Notify = citizenNotifier{n}
		n.SetDirectory(citizenDirectory{})
	} else {
		a.Log.Warn("citizen: notify module not mounted; one-time codes cannot be sent")
	}
	if p, ok := a.Service("procedures").(*procedure.Service); ok {
		s.Procedures = &citizenProcedures{p: p, agencies: a.Agencies}
	}
	o := &citizen.OIDC{Service: s, BaseURL: func() string { return a.Server.Opt.BaseURL }}
	h := citizen.NewWeb(s, o, a.Server)
	h.Tracking = &citizen.Tracking{DB: a.DB, StatusText: statusText}
	rate := os.Getenv("MOTCUA_TRACKING_RATE")
	if rate == "" {
		rate = "60/min,20"
	}
	l, err := citizen.ParseRate(rate)
	if err != nil {
		return fmt.Errorf("MOTCUA_TRACKING_RATE: %w", err)
	}
	h.SetLimiter(l)
	h.Mount()
	a.Provide("citizen", s)
	a.Provide("citizen.web", h)
	a.Server.AddNav(
		web.NavItem{Label: "Tra cứu hồ sơ", Href: "/tra-cuu", Order: 20},
		web.NavItem{Label: "Công dân", Href: "/ca-nhan", Order: 30},
		web.NavItem{Label: "Hồ sơ trực tuyến chờ tiếp nhận", Href: "/can-bo/truc-tuyen", Staff: true,
			Roles: []account.Role{account.RoleOneStopOfficer, account.RoleSupervisor}, Order: 25},
		web.NavItem{Label: "Đăng nhập định danh (OIDC)", Href: "/quan-tri/dinh-danh", Staff: true, Roles: []account.Role{account.RoleAdministrator}, Order: 90},
	)
	a.AddWorker(Worker{Name: "citizen-purge", Run: func(ctx context.Context) {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if err := s.PurgeOTPs(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("citizen: purge one-time codes", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}})
	return nil
}

// statusText names a dossier status for citizens.
func statusText(status string) string {
	switch status {
	case "submitted":
		return "Đã nộp trực tuyến, chờ tiếp nhận"
	case "changes_requested":
		return "Cần bổ sung hồ sơ trực tuyến"
	case "received":
		return "Đã tiếp nhận"
	case "processing", "supplemented":
		return "Đang giải quyết"
	case "consulting":
		return "Đang lấy ý kiến cơ quan liên quan"
	case "awaiting_supplement":
		return "Chờ bổ sung hồ sơ"
	case "approved":
		return "Đã có kết quả, đang chuyển về Bộ phận Một cửa"
	case "result_ready":
		return "Có kết quả, chờ trả"
	case "returned":
		return "Đã trả kết quả"
	case "intake_supplement":
		return "Yêu cầu bổ sung khi tiếp nhận"
	case "refused":
		return "Từ chối tiếp nhận"
	case "rejected":
		return "Từ chối giải quyết"
	case "stopped":
		return "Dừng giải quyết"
	case "closed":
		return "Đã đóng hồ sơ (không bổ sung)"
	}
	return status
}

// citizenNotifier hands the citizen package's messages to the outbox.
type citizenNotifier struct{ n *notify.Service }

func (c citizenNotifier) Enqueue(ctx context.Context, tx *store.Tx, m citizen.Outbound) error {
	ev := notify.Event(m.Event)
	if m.Purpose == citizen.PurposeConsent && notify.Event("consent").Valid() {
		ev = notify.Event("consent")
	}
	msg := notify.Message{Event: ev, Key: m.Key, DossierCode: m.DossierCode, To: notify.Recipient{CitizenID: m.CitizenID},
		Channel: notify.Channel(m.Channel), ValidFor: m.ValidFor,
		Vars: notify.Vars{DossierCode: m.DossierCode, ProcedureName: m.ProcedureName, AgencyName: m.AgencyName, ExpectedDate: m.ExpectedDate,
			Reason: m.Reason, Code: m.Code, ValidMinutes: int(m.ValidFor.Minutes())}}
	switch m.Channel {
	case citizen.ChannelEmail:
		msg.To.Email = m.To
	case citizen.ChannelSMS:
		msg.To.Phone = m.To
	}
	return c.n.Enqueue(ctx, tx, msg)
}

// citizenDirectory gives the notify module a citizen's addresses and the
// channels they chose in their profile.
type citizenDirectory struct{}

func (citizenDirectory) Contact(ctx context.Context, tx *store.Tx, citizenID int64, ev notify.Event) (notify.Contact, error) {
	p, err := citizen.PreferencesTx(ctx, tx, citizenID)
	if err != nil {
		return notify.Contact{}, err
	}
	c := notify.Contact{Email: p.Email, Phone: p.Phone, Channels: []notify.Channel{}}
	if p.SMS {
		c.Channels = append(c.Channels, notify.ChannelSMS)
	}
	if p.Mail {
		c.Channels = append(c.Channels, notify.ChannelEmail)
	}
	if len(c.Channels) == 0 {
		c.Channels = nil // nothing chosen: every channel with an address
	}
	return c, nil
}

// citizenProcedures reads the catalog for online applications.
type citizenProcedures struct {
	p        *procedure.Service
	agencies *agency.Service
}

func (x *citizenProcedures) Online(ctx context.Context, code string) (*citizen.OnlineProcedure, error) {
	p, err := x.p.InForce(ctx, code, x.p.DB.Now())
	if err != nil {
		return nil, err
	}
	out := &citizen.OnlineProcedure{Code: p.Code, Name: p.Name, OnlineLevel: string(p.OnlineLevel), TimeWords: p.TimeWords("vi"),
		ResultCode: p.Result.Code, ResultName: p.Result.Name}
	for _, d := range p.Documents {
		doc := citizen.ProcedureDocument{Name: d.Name, Mandatory: d.Required == procedure.Mandatory, Condition: d.Condition,
			Originals: d.Originals, Copies: d.Copies, Form: d.Form}
		if d.FormFile != nil && d.FormFile.SHA256 != "" {
			doc.FormURL = "/bieu-mau/" + d.FormFile.SHA256
		}
		out.Documents = append(out.Documents, doc)
	}
	for _, f := range p.Fees {
		out.Fees = append(out.Fees, citizen.ProcedureFee{Name: f.Name, Amount: f.Amount, Case: f.Case})
	}
	all, err := x.agencies.List(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	add := func(a *agency.Agency) {
		if a.Active && !seen[a.Code] {
			seen[a.Code] = true
			out.Agencies = append(out.Agencies, citizen.AgencyOption{Code: a.Code, Name: a.Name})
		}
	}
	for _, tok := range p.ReceivingAgencies {
		for _, a := range all {
			switch {
			case tok == procedure.AtCenter && a.Kind == agency.KindCenter,
				tok == procedure.AtCommuneCenter && a.Kind == agency.KindCommuneCenter,
				strings.EqualFold(tok, a.Code):
				add(a)
			}
		}
	}
	return out, nil
}
