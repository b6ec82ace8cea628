package dossier_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
)

// ict is Vietnam time; test instants are written in it.
var ict = time.FixedZone("ICT", 7*3600)

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ict) }

// fixture is a database with the demo province and catalog, the official
// calendar, a controllable clock and a notifier that records what committed.
type fixture struct {
	t     testing.TB
	db    *store.DB
	svc   *dossier.Service
	mu    sync.Mutex
	now   time.Time
	sent  []dossier.Event
	users map[string]*account.Principal
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: db, now: at(2026, 11, 16, 9, 0), users: map[string]*account.Principal{}} // Monday
	db.Now = func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.now
	}
	if _, err := demo.SeedAgenciesAndUsers(ctx, db, "Motcua@2026", nil); err != nil {
		t.Fatalf("seed agencies: %v", err)
	}
	ps := &procedure.Service{DB: db}
	raw, err := demo.Files.ReadFile("data/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := procedure.DecodeJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := ps.Import(ctx, audit.System, b, procedure.ImportOptions{Source: "catalog.json"}); err != nil {
		t.Fatalf("import catalog: %v %v", err, rep.Errors)
	}
	cal := calendarsvc.New(db)
	if _, err := cal.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	f.svc = dossier.New(db, testCatalog{ps}, cal, recorder{f}, func() string { return "https://motcua.example" }, nil)
	return f
}

func (f *fixture) setNow(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

func (f *fixture) user(name string) *account.Principal {
	f.t.Helper()
	if p := f.users[name]; p != nil {
		return p
	}
	u, err := (&account.Service{DB: f.db}).ByUsername(context.Background(), name)
	if err != nil {
		f.t.Fatalf("user %s: %v", name, err)
	}
	f.users[name] = u.Principal()
	return f.users[name]
}

func (f *fixture) events(kind string) []dossier.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []dossier.Event
	for _, e := range f.sent {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// recorder keeps the events whose transaction committed.
type recorder struct{ f *fixture }

func (r recorder) Enqueue(_ context.Context, tx *store.Tx, ev dossier.Event) error {
	tx.AfterCommit(func() {
		r.f.mu.Lock()
		defer r.f.mu.Unlock()
		r.f.sent = append(r.f.sent, ev)
	})
	return nil
}

// testCatalog adapts the catalog as internal/app does.
type testCatalog struct{ p *procedure.Service }

func (c testCatalog) InForce(ctx context.Context, code string, at time.Time) (*dossier.ProcedureInfo, error) {
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
	return out, nil
}

// Demo procedures used by the tests.
const (
	procReregBirth = "1.004884" // Đăng ký lại khai sinh: 5 working days, no cut-off; mandatory 0,1,2
	procMarital    = "1.004873" // Xác nhận tình trạng hôn nhân: 3 working days, 15:00 cut-off
	procCertify    = "2.000815" // Chứng thực bản sao: immediate
)

// intakeInput is a complete counter dossier for proc (every checklist item ticked).
func (f *fixture) intakeInput(proc string) dossier.IntakeInput {
	p, err := testCatalog{&procedure.Service{DB: f.db}}.InForce(context.Background(), proc, f.db.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	in := dossier.IntakeInput{ProcedureCode: proc, Channel: dossier.ChannelCounter, Decision: dossier.DecisionReceive,
		Applicant: dossier.Applicant{Kind: dossier.KindPerson, Name: "Nguyễn Thị Hoa", IDNumber: "042190001234", BirthDate: "1990-05-12",
			Phone: "0912345678", Email: "hoa@example.vn", Address: "Số 5, phường Thành Sen, Hà Tĩnh"},
		Delivery: dossier.Delivery{Method: "counter"}, Fees: &dossier.Fees{Amount: 10000, Method: "cash", ReceiptNumber: "BL-0001"}}
	for i := range p.Documents {
		in.Documents = append(in.Documents, dossier.DocumentInput{Index: i, Ticked: true})
	}
	return in
}

func (f *fixture) receive(proc, officer string) *dossier.Dossier {
	f.t.Helper()
	res, err := f.svc.Intake(context.Background(), f.user(officer), f.intakeInput(proc), "")
	if err != nil {
		f.t.Fatalf("intake: %v %v", err, apperr.FieldsOf(err))
	}
	return res.Dossier
}

func (f *fixture) act(user string, d *dossier.Dossier, in dossier.ActionInput) *dossier.Dossier {
	f.t.Helper()
	in.Version = d.Version
	out, err := f.svc.Act(context.Background(), f.user(user), d.Code, in)
	if err != nil {
		f.t.Fatalf("%s %s by %s: %v %v", in.Action, d.Code, user, err, apperr.FieldsOf(err))
	}
	return out
}

func (f *fixture) actErr(user string, d *dossier.Dossier, in dossier.ActionInput) error {
	f.t.Helper()
	if in.Version == 0 {
		in.Version = d.Version
	}
	_, err := f.svc.Act(context.Background(), f.user(user), d.Code, in)
	return err
}

// counts returns the number of rows of the tables a failed request must not touch.
func (f *fixture) counts() map[string]int {
	f.t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"dossiers", "dossier_steps", "dossier_events", "dossier_agencies", "dossier_counters", "audit_log", "dossier_idempotency", "dossier_files"} {
		var n int
		if err := f.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			f.t.Fatal(err)
		}
		out[tbl] = n
	}
	var sum int64
	f.db.QueryRow(context.Background(), `SELECT COALESCE(SUM(n), 0) FROM dossier_counters`).Scan(&sum)
	out["counter_sum"] = int(sum)
	var v int64
	f.db.QueryRow(context.Background(), `SELECT COALESCE(SUM(version), 0) FROM dossiers`).Scan(&v)
	out["versions"] = int(v)
	return out
}

// Thành Sen (phường) users.
const (
	officerTS    = "motcua.phuong.thanhsen1"
	officerTS2   = "motcua.phuong.thanhsen2"
	headTS       = "tp.phuong.thanhsen"
	specialistTS = "cv.tuphap.phuong.thanhsen"
	leaderTS     = "ld.phuong.thanhsen"
	officerHHT   = "motcua.phuong.hahuytap1" // another commune
	specHHT      = "cv.tuphap.phuong.hahuytap"
	leaderHHT    = "ld.phuong.hahuytap"
)
