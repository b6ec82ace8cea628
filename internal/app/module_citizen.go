package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/citizen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/procedure/catalogui"
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
	ps, ok := a.Service("procedures").(*procedure.Service)
	if !ok {
		ps = &procedure.Service{DB: a.DB} // reads only
	}
	s.Procedures = &citizenProcedures{p: ps, agencies: a.Agencies}
	ds, _ := a.Service("dossiers").(*dossier.Service)
	fs, _ := a.Service("files").(files.Store)
	if fs == nil {
		disk, err := files.NewDisk(a.FilesDir())
		if err != nil {
			return err
		}
		fs = disk
	}
	if ds != nil {
		s.Dossiers = &citizenDossiers{d: ds, files: fs}
		s.Files = &citizenFiles{st: fs, d: ds}
	} else {
		a.Log.Warn("citizen: dossier module not mounted; online submission is unavailable")
	}
	o := &citizen.OIDC{Service: s, BaseURL: func() string { return a.Server.Opt.BaseURL }}
	h := citizen.NewWeb(s, o, a.Server)
	h.Tracking = &citizen.Tracking{DB: a.DB, StatusText: statusText}
	if ds != nil {
		h.Staff = &citizenStaff{d: ds}
		if cals, ok := a.Service("calendar").(dossier.Calendars); ok {
			h.WorkingLeft = func(ctx context.Context, hours string, now, due time.Time) (time.Duration, error) {
				cal, err := cals.For(ctx, hours)
				if err != nil {
					return 0, err
				}
				if due.Before(now) {
					d, err := cal.Elapsed(due, now, nil)
					return -d, err
				}
				return cal.Elapsed(now, due, nil)
			}
		}
		a.AddWorker(Worker{Name: "citizen-intake-overdue", Run: func(ctx context.Context) {
			t := time.NewTicker(time.Minute)
			defer t.Stop()
			for {
				if n, err := s.FlagOverdue(ctx); err != nil && ctx.Err() == nil {
					a.Log.Warn("citizen: flag overdue online dossiers", "err", err)
				} else if n > 0 {
					a.Log.Info("online dossiers not accepted within 8 working hours flagged", "count", n)
				}
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}})
	}
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
	// The "Nộp trực tuyến" button on the public procedure page.
	if cw, ok := a.Service("catalog.web").(*catalogui.Handler); ok {
		cw.AddProcedureLink(func(r *http.Request, p *procedure.Procedure) *catalogui.Link {
			if p.OnlineLevel == procedure.OnlineNone {
				return nil
			}
			return &catalogui.Link{Label: "Nộp trực tuyến", Href: "/nop-truc-tuyen/" + url.PathEscape(p.Code)}
		})
	}
	a.Provide("citizen", s)
	a.Provide("citizen.web", h)
	a.Server.AddNav(
		web.NavItem{Label: "Tra cứu hồ sơ", Href: "/tra-cuu", Order: 20},
		web.NavItem{Label: "Công dân", Href: "/ca-nhan", Order: 30},
		web.NavItem{Label: "Hồ sơ trực tuyến chờ tiếp nhận", Href: "/can-bo/truc-tuyen", Staff: true,
			Roles: []account.Role{account.RoleOneStopOfficer, account.RoleSupervisor}, Order: 25,
			Count: s.QueueCount, CountLabel: "%d hồ sơ đang chờ"},
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
		return "Đã từ chối tiếp nhận"
	case "rejected":
		return "Đã từ chối giải quyết"
	case "stopped":
		return "Đã dừng giải quyết"
	case "closed":
		return "Đã đóng hồ sơ (không bổ sung)"
	}
	return status
}

// citizenNotifier hands the citizen package's messages to the outbox.
type citizenNotifier struct{ n *notify.Service }

func (c citizenNotifier) Enqueue(ctx context.Context, tx *store.Tx, m citizen.Outbound) error {
	ev := notify.Event(m.Event)
	if ev.Staff() {
		// The receiving one-stop's officers, not the citizen.
		_, err := c.n.AlertStaff(ctx, tx, notify.StaffAlert{Event: ev, Key: m.Key, DossierCode: m.DossierCode, AgencyID: m.AgencyID,
			Vars: notify.Vars{DossierCode: m.DossierCode, ProcedureName: m.ProcedureName, ApplicantName: m.ApplicantName,
				AgencyName: m.AgencyName, Reason: m.Reason}})
		return err
	}
	if m.Purpose == citizen.PurposeConsent && notify.Event("consent").Valid() {
		ev = notify.Event("consent")
	}
	msg := notify.Message{Event: ev, Key: m.Key, DossierCode: m.DossierCode, To: notify.Recipient{CitizenID: m.CitizenID},
		Channel: notify.Channel(m.Channel), ValidFor: m.ValidFor,
		Vars: notify.Vars{DossierCode: m.DossierCode, ProcedureName: m.ProcedureName, AgencyName: m.AgencyName, ExpectedDate: m.ExpectedDate,
			Reason: m.Reason, Code: m.Code, Purpose: purposeText(m.Purpose), ValidMinutes: int(m.ValidFor.Minutes())}}
	switch m.Channel {
	case citizen.ChannelEmail:
		msg.To.Email = m.To
	case citizen.ChannelSMS:
		msg.To.Phone = m.To
	}
	return c.n.Enqueue(ctx, tx, msg)
}

// purposeText is the phrase a one-time code message uses ("Mã xác thực để
// đăng nhập …").
func purposeText(p string) string {
	switch p {
	case citizen.PurposeSignIn:
		return "đăng nhập"
	case citizen.PurposeContact:
		return "xác thực thông tin liên hệ"
	case citizen.PurposeConsent:
		return "đồng ý cho cán bộ hỗ trợ"
	}
	return ""
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

// citizenFiles stores citizens' uploads in the file store and records them
// as the citizen's (so the dossier module lets the citizen attach them).
type citizenFiles struct {
	st files.Store
	d  *dossier.Service
}

func (f *citizenFiles) Put(ctx context.Context, citizenID int64, name string, r io.Reader) (citizen.FileInfo, error) {
	b, err := f.st.Put(ctx, r, citizen.MaxUpload)
	if err != nil {
		return citizen.FileInfo{}, err
	}
	if err := f.d.RegisterUpload(ctx, dossier.OwnerCitizen, citizenID, b); err != nil {
		return citizen.FileInfo{}, err
	}
	return citizen.FileInfo{SHA256: b.SHA256, Size: b.Size, ContentType: b.MIME, Name: name}, nil
}

func (f *citizenFiles) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	return f.st.Open(ctx, sha)
}

// citizenDossiers adapts the dossier service to the citizen package.
type citizenDossiers struct {
	d     *dossier.Service
	files files.Store
}

func (x *citizenDossiers) ForCitizen(ctx context.Context, citizenID int64, limit int) ([]citizen.DossierSummary, error) {
	list, err := x.d.ForCitizen(ctx, citizenID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]citizen.DossierSummary, 0, len(list))
	for _, c := range list {
		out = append(out, citizen.DossierSummary{Code: c.Code, ProcedureName: c.ProcedureName, Status: string(c.Status),
			StatusText: statusText(string(c.Status)), AgencyName: c.AgencyName, SubmittedAt: c.SubmittedAt, ReceivedAt: c.ReceivedAt, DueAt: c.DueAt})
	}
	return out, nil
}

func (x *citizenDossiers) Results(ctx context.Context, citizenID int64, idNumber string, verified bool) ([]citizen.IssuedResult, error) {
	rs, err := x.d.Results(ctx, citizenID, idNumber, verified)
	if err != nil {
		return nil, err
	}
	out := make([]citizen.IssuedResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, citizen.IssuedResult{DossierCode: r.DossierCode, TypeCode: r.TypeCode, Title: r.Title, DocumentNo: r.DocumentNo, Files: r.Files})
	}
	return out, nil
}

func (f *citizenFiles) Adopt(ctx context.Context, citizenID int64, sha string) (citizen.FileInfo, error) {
	fi, err := blobOf(ctx, f.st, sha)
	if err != nil {
		return fi, err
	}
	err = f.d.RegisterUpload(ctx, dossier.OwnerCitizen, citizenID, files.Blob{SHA256: fi.SHA256, Size: fi.Size, MIME: fi.ContentType})
	return fi, err
}

// blobOf reads a stored file's type and size from its content.
func blobOf(ctx context.Context, st files.Store, sha string) (citizen.FileInfo, error) {
	rc, err := st.Open(ctx, sha)
	if err != nil {
		return citizen.FileInfo{}, err
	}
	defer rc.Close()
	var head [512]byte
	n, _ := io.ReadFull(rc, head[:])
	rest, err := io.Copy(io.Discard, rc)
	if err != nil {
		return citizen.FileInfo{}, err
	}
	return citizen.FileInfo{SHA256: sha, Size: int64(n) + rest, ContentType: files.Sniff(head[:n])}, nil
}

func extOf(mime string) string {
	switch mime {
	case files.PDF:
		return ".pdf"
	case files.JPEG:
		return ".jpg"
	case files.PNG:
		return ".png"
	}
	return ""
}

func (x *citizenDossiers) SubmitOnline(ctx context.Context, in citizen.OnlineSubmission) (string, error) {
	ap := in.Applicant
	oi := dossier.OnlineInput{ProcedureCode: in.ProcedureCode, ReceivingAgency: in.AgencyCode,
		Applicant: dossier.Applicant{Kind: dossier.KindPerson, Name: ap.Name, IDNumber: ap.IDNumber, BirthDate: ap.BirthDate,
			Phone: ap.Phone, Email: ap.Email, Address: ap.Address},
		Delivery: dossier.Delivery{Method: in.Delivery, Address: in.DeliveryAddress}, Note: in.Note, AssistedBy: in.AssistedBy}
	for idx, fs := range in.Documents {
		di := dossier.DocumentInput{Index: idx, Ticked: true}
		for _, f := range fs {
			di.Files = append(di.Files, f.SHA256)
		}
		oi.Documents = append(oi.Documents, di)
	}
	sort.Slice(oi.Documents, func(i, j int) bool { return oi.Documents[i].Index < oi.Documents[j].Index })
	d, err := x.d.SubmitOnline(ctx, in.CitizenID, oi, in.Key)
	if err != nil {
		return "", err
	}
	return d.Code, nil
}

func (x *citizenDossiers) Detail(ctx context.Context, citizenID int64, code string) (*citizen.DossierDetail, error) {
	d, err := x.d.CitizenDossier(ctx, citizenID, code)
	if err != nil {
		return nil, err
	}
	out := &citizen.DossierDetail{ID: d.ID, AgencyID: d.ReceivingAgency.ID, Code: d.Code, IntakeRef: d.IntakeRef, ProcedureCode: d.Procedure.Code,
		ProcedureName: d.Procedure.Name, Status: string(d.Status), StatusText: statusText(string(d.Status)), Version: d.Version, Channel: d.Channel,
		Agency: d.ReceivingAgency.Name, Handling: d.HandlingAgency.Name, Delivery: d.Delivery.Method,
		Applicant: citizen.Applicant{Name: d.Applicant.Name, IDNumber: d.Applicant.IDNumber, BirthDate: d.Applicant.BirthDate,
			Address: d.Applicant.Address, Phone: d.Applicant.Phone, Email: d.Applicant.Email},
		SubmittedAt: d.SubmittedAt, AcceptBy: d.AcceptBy, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, OriginalDueAt: d.OriginalDueAt,
		FinishedAt: d.FinishedAt, ReturnedAt: d.ReturnedAt, Late: d.Late, Forms: dossier.FormsOf(d)}
	for _, doc := range d.Documents {
		out.Documents = append(out.Documents, citizen.DetailDocument{Index: doc.Index, Name: doc.Name, Mandatory: doc.Mandatory, Files: doc.Files})
	}
	items := func(is []dossier.Item) []citizen.Item {
		var o []citizen.Item
		for _, it := range is {
			o = append(o, citizen.Item{Content: it.Content, Reason: it.Reason})
		}
		return o
	}
	if c := d.OnlineChanges; c != nil {
		out.OnlineChanges = &citizen.ChangeRequest{Items: items(c.Items), At: c.At}
	}
	if s := d.Supplement; s != nil {
		out.Supplement = &citizen.ChangeRequest{Items: items(s.Items), At: s.RequestedAt, CloseAt: s.CloseAt, ReceivedAt: s.ReceivedAt}
		if !s.ReceivedAt.IsZero() {
			out.Supplement.CloseAt = time.Time{}
		}
	}
	if a := d.Apology; a != nil {
		out.Apology = &citizen.Apology{Reason: a.Reason, OldDueAt: a.OldDueAt, NewDueAt: a.NewDueAt, At: a.At}
	}
	out.Refusal = items(d.Reasons)
	if d.Stop != nil {
		out.StopReason = d.Stop.Reason
	}
	if r := d.Result; r != nil {
		out.Result = &citizen.Result{DocumentCode: r.DocumentCode, Files: r.Files}
	}
	for _, st := range d.Steps {
		if st.Status == workflow.StepCancelled {
			continue
		}
		ts := citizen.TrackStep{Name: st.Name, Agency: st.Agency.Name, State: string(st.Status)}
		if !st.DueAt.IsZero() {
			ts.DueAt = &st.DueAt
		}
		if !st.FinishedAt.IsZero() {
			ts.FinishedAt = &st.FinishedAt
		}
		out.Steps = append(out.Steps, ts)
	}
	for _, f := range d.Files {
		out.Files = append(out.Files, citizen.DetailFile{SHA256: f.SHA256, Kind: f.Kind, DocIndex: f.DocIndex, Name: f.Name})
	}
	return out, nil
}

func (x *citizenDossiers) WriteForm(ctx context.Context, citizenID int64, code, form string, w io.Writer) error {
	return x.d.CitizenWriteForm(ctx, citizenID, code, form, w)
}

func (x *citizenDossiers) OpenFile(ctx context.Context, citizenID int64, sha string) (io.ReadCloser, citizen.FileInfo, error) {
	b, err := x.d.CitizenFileInfo(ctx, citizenID, sha)
	if err != nil {
		return nil, citizen.FileInfo{}, err
	}
	rc, err := x.files.Open(ctx, sha)
	if err != nil {
		return nil, citizen.FileInfo{}, err
	}
	return rc, citizen.FileInfo{SHA256: b.SHA256, Size: b.Size, ContentType: b.MIME, Name: "tep-" + sha[:12] + extOf(b.MIME)}, nil
}

func (x *citizenDossiers) Resubmit(ctx context.Context, citizenID int64, code string, version int64, docs map[int][]string, note string) error {
	var in []dossier.DocumentInput
	for idx, shas := range docs {
		in = append(in, dossier.DocumentInput{Index: idx, Ticked: true, Files: shas})
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Index < in[j].Index })
	_, err := x.d.ResubmitOnline(ctx, citizenID, code, version, in, note)
	return err
}

// citizenStaff gives the one-stop pages the dossier module's online intake.
type citizenStaff struct{ d *dossier.Service }

func (x *citizenStaff) Accept(ctx context.Context, p *account.Principal, ref string, version int64) (string, time.Time, error) {
	d, err := x.d.AcceptOnline(ctx, p, ref, version)
	if err != nil {
		return "", time.Time{}, err
	}
	return d.Code, d.DueAt, nil
}

func (x *citizenStaff) RequestChanges(ctx context.Context, p *account.Principal, ref string, version int64, items []citizen.Item) error {
	var is []dossier.Item
	for _, it := range items {
		is = append(is, dossier.Item{Content: it.Content, Reason: it.Reason})
	}
	_, err := x.d.RequestOnlineChanges(ctx, p, ref, version, is)
	return err
}

func (x *citizenStaff) RegisterForStaff(ctx context.Context, p *account.Principal, f citizen.FileInfo) error {
	return x.d.RegisterUpload(ctx, dossier.OwnerStaff, p.UserID, files.Blob{SHA256: f.SHA256, Size: f.Size, MIME: f.ContentType})
}

func (x *citizenStaff) ReceiveSupplement(ctx context.Context, p *account.Principal, code string, fs []citizen.FileInfo) error {
	d, err := x.d.Get(ctx, p, code)
	if err != nil {
		return err
	}
	var shas []string
	for _, f := range fs {
		// The one-stop receives the citizen's files (ND 118 Đ5.1e: supplements come in through it).
		if err := x.RegisterForStaff(ctx, p, f); err != nil {
			return err
		}
		shas = append(shas, f.SHA256)
	}
	_, err = x.d.Act(ctx, p, code, dossier.ActionInput{Action: workflow.ActSupplementReceived, Version: d.Version, Files: shas,
		Note: "Bổ sung trực tuyến của công dân"})
	return err
}
