package workflow_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier/workflow"
)

var ict = workflow.Loc

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ict) }

// Every state maps to one DVCQG status code in 0–10 (product.md).
func TestDVCQGMapping(t *testing.T) {
	want := map[workflow.State]int{
		workflow.Draft: 1, workflow.Submitted: 1, workflow.ChangesRequested: 5, workflow.Received: 2, workflow.Processing: 4,
		workflow.Consulting: 0, workflow.AwaitingSupplement: 5, workflow.Supplemented: 4, workflow.Approved: 9,
		workflow.ResultReady: 9, workflow.Returned: 10, workflow.IntakeSupplement: 5, workflow.Refused: 3, workflow.Rejected: 8,
		workflow.Stopped: 7, workflow.Closed: 8,
	}
	if len(want) != len(workflow.States) {
		t.Fatalf("test covers %d states, package has %d", len(want), len(workflow.States))
	}
	for _, s := range workflow.States {
		got := s.DVCQG()
		if got < 0 || got > 10 || got != want[s] {
			t.Errorf("%s → %d, want %d", s, got, want[s])
		}
		if s.Label() == string(s) {
			t.Errorf("%s has no Vietnamese label", s)
		}
	}
}

// TT 01/2018 Đ19: <agency e-identifier>-<YYMMDD>-<daily sequence, ≥ 4 digits>;
// TT 04/2025: <handling agency>-<YYMMDD>-<AA><sequence>.
func TestCodeFormat(t *testing.T) {
	recv := at(2026, 1, 15, 23, 30) // 23:30 in Vietnam is still the 15th
	tt01 := workflow.CodeFormat{Variant: "tt01"}
	if got := tt01.Format("000.00.01.H27", recv, 7); got != "000.00.01.H27-260115-0007" {
		t.Errorf("tt01 = %s", got)
	}
	if got := tt01.Format("000.00.01.H27", recv, 12345); got != "000.00.01.H27-260115-12345" {
		t.Errorf("tt01 grows past 4 digits: %s", got)
	}
	tt04 := workflow.CodeFormat{Variant: "tt04", Platform: "25"}
	if err := tt04.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := tt04.Format("H27.10", recv, 3); got != "H27.10-260115-250003" {
		t.Errorf("tt04 = %s", got)
	}
	if (workflow.CodeFormat{Variant: "tt04", Platform: "X"}).Validate() == nil {
		t.Error("tt04 without two digits accepted")
	}
	// The daily counter key follows the Vietnamese date, not UTC.
	if a, b := workflow.CounterKey("code", 5, at(2026, 1, 15, 6, 0)), workflow.CounterKey("code", 5, at(2026, 1, 15, 23, 59)); a != b {
		t.Errorf("same Vietnamese day, different keys %s %s", a, b)
	}
	if a, b := workflow.CounterKey("code", 5, at(2026, 1, 15, 6, 0)), workflow.CounterKey("code", 5, at(2026, 1, 16, 0, 1)); a == b {
		t.Error("next day must start a new sequence")
	}
	for _, s := range []string{"000.00.01.H27-260115-0007", "PBS-000.00.01.H27-260115-0001", "H27.10-260115-250003"} {
		if !workflow.LooksLikeCode(s) {
			t.Errorf("%s should look like a code", s)
		}
	}
	for _, s := range []string{"", "../x", "000-1", strings.Repeat("A", 100)} {
		if workflow.LooksLikeCode(s) {
			t.Errorf("%q should not look like a code", s)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	if !workflow.ValidPersonalID("001203004567") || workflow.ValidPersonalID("00120300456") || workflow.ValidPersonalID("00120300456a") {
		t.Error("personal ID: exactly 12 digits")
	}
	if !workflow.ValidTaxCode("0101234567") || !workflow.ValidTaxCode(workflow.NormalizeTaxCode("0101234567-001")) ||
		workflow.ValidTaxCode("01012345") || workflow.ValidTaxCode("010123456789") {
		t.Error("tax code: 10 or 13 digits")
	}
	if got := workflow.Initials("Nguyễn Văn  an"); got != "N. V. A." {
		t.Errorf("initials = %q", got)
	}
}

// Default process: the legal limit split 10/10/50/10/10/10 %, rounding
// remainder to the appraisal; it always validates against its own limit.
func TestDefaultProcess(t *testing.T) {
	p := workflow.DefaultProcess(workflow.Limit{Value: 10, Unit: workflow.UnitWorkingDays}, false)
	var got []string
	for _, s := range p.Steps {
		got = append(got, string(s.Kind)+" "+s.Time.String())
	}
	want := []string{"receive 1 ngày làm việc", "assign 1 ngày làm việc", "appraise 5 ngày làm việc", "review 1 ngày làm việc",
		"sign 1 ngày làm việc", "return 1 ngày làm việc"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("10 working days (-want +got):\n%s", diff)
	}
	p3 := workflow.DefaultProcess(workflow.Limit{Value: 3, Unit: workflow.UnitWorkingDays}, false)
	if p3.Steps[0].Time.Hours() != 2 || p3.Steps[2].Time.Hours() != 14 || p3.Hours() != 24 {
		t.Errorf("3 working days split: %+v", p3.Steps)
	}
	for _, l := range []workflow.Limit{{1, workflow.UnitWorkingDays}, {3, workflow.UnitWorkingDays}, {20, workflow.UnitWorkingDays},
		{16, workflow.UnitWorkingHours}, {15, workflow.UnitDays}, {30, workflow.UnitDays}, {2, workflow.UnitMonths}} {
		if err := workflow.DefaultProcess(l, false).Validate(l, false, nil); err != nil {
			t.Errorf("default for %v does not validate: %v", l, err)
		}
	}
	imm := workflow.DefaultProcess(workflow.Limit{Value: 0, Unit: workflow.UnitWorkingDays}, true)
	if len(imm.Steps) != 1 || imm.Steps[0].Kind != workflow.KindReturn {
		t.Fatalf("immediate default: %+v", imm.Steps)
	}
	if err := imm.Validate(workflow.Limit{}, true, nil); err != nil {
		t.Fatal(err)
	}
}

func TestProcessValidation(t *testing.T) {
	limit := workflow.Limit{Value: 5, Unit: workflow.UnitWorkingDays}
	ok := workflow.Process{Steps: []workflow.StepDef{
		{Name: "Tiếp nhận", Kind: workflow.KindReceive, Agency: "@receiving", Role: "one_stop_officer", Time: workflow.Hours(4)},
		{Name: "Thẩm định", Kind: workflow.KindAppraise, Agency: "@handling", Role: "specialist", Time: workflow.Hours(16)},
		{Name: "Lấy ý kiến Công an", Kind: workflow.KindConsult, Agency: "000.00.17.H27", Role: "specialist", Time: workflow.Hours(8), Group: "g"},
		{Name: "Lấy ý kiến Sở Xây dựng", Kind: workflow.KindConsult, Agency: "000.00.14.H27", Role: "specialist", Time: workflow.Hours(4), Group: "g"},
		{Name: "Ký", Kind: workflow.KindSign, Agency: "@handling", Role: "agency_leader", Time: workflow.Hours(8)},
		{Name: "Trả", Kind: workflow.KindReturn, Agency: "@receiving", Role: "one_stop_officer", Time: workflow.Hours(4)},
	}}
	// Parallel consultations count once, with the longest (8 h): 4+16+8+8+4 = 40 h = 5 days.
	if err := ok.Validate(limit, false, func(string) bool { return true }); err != nil {
		t.Fatalf("valid process refused: %v", err)
	}
	bad := ok
	bad.Steps = append([]workflow.StepDef(nil), ok.Steps...)
	bad.Steps[1].Time = workflow.Hours(24)
	bad.Steps[1].Role = "chief"
	bad.Steps[5].Agency = "@handling"
	err := bad.Validate(limit, false, func(c string) bool { return c != "000.00.14.H27" })
	f := apperr.FieldsOf(err)
	for _, k := range []string{"steps", "steps.1.role", "steps.5.agency", "steps.3.agency"} {
		if f[k] == "" {
			t.Errorf("missing error for %s; got %v", k, f)
		}
	}
	if !strings.Contains(f["steps"], "48 giờ") || !strings.Contains(f["steps"], "40 giờ") {
		t.Errorf("sum message: %s", f["steps"])
	}
}

// ND 118 Đ19.6: the apology with a new date is sent "chậm nhất 01 ngày
// trước ngày hết hạn". Worked example: due Friday 20/11/2026 17:00.
func TestApologyTiming(t *testing.T) {
	due := at(2026, 11, 20, 17, 0)
	cases := []struct {
		now  time.Time
		want bool
	}{
		{at(2026, 11, 18, 9, 0), true},   // two days before: accepted
		{at(2026, 11, 19, 16, 59), true}, // the day before: still in time
		{at(2026, 11, 20, 7, 30), false}, // on the due day, even before the due hour: refused
		{at(2026, 11, 21, 8, 0), false},  // after: refused
	}
	for _, c := range cases {
		if got := workflow.ApologyInTime(due, c.now); got != c.want {
			t.Errorf("now %v: %v, want %v", c.now, got, c.want)
		}
	}
}

func rulesDossier() *workflow.Dossier {
	return &workflow.Dossier{
		State: workflow.Processing, ReceivedAt: at(2026, 11, 16, 9, 0), DueAt: at(2026, 11, 27, 17, 0),
		SupplementDeadline: at(2026, 11, 19, 17, 0), ReceivingPath: "/1/2/", HandlingPath: "/1/10/",
		Steps: []workflow.Step{
			{ID: 1, Seq: 1, Kind: workflow.KindReceive, AgencyPath: "/1/2/", Role: "one_stop_officer", Status: workflow.StepDone},
			{ID: 3, Seq: 3, Kind: workflow.KindAppraise, AgencyPath: "/1/10/", Role: "specialist", AssigneeID: 7, Status: workflow.StepOpen},
			{ID: 4, Seq: 4, Kind: workflow.KindReview, AgencyPath: "/1/10/", Role: "division_head", Status: workflow.StepPending},
		},
	}
}

var specialist = workflow.Actor{UserID: 7, Roles: []string{"specialist"}, AgencyPath: "/1/10/11/"}

// ND 118 Đ19.5 + Đ11.2c: a supplement may be requested only once, and no
// later than 3 working days after receipt. Worked example: received Monday
// 16/11/2026 09:00, deadline Thursday 19/11 17:00 (computed by the calendar).
func TestSupplementRule(t *testing.T) {
	d := rulesDossier()
	if err := workflow.Check(d, specialist, workflow.ActRequestSupplement, at(2026, 11, 19, 16, 0)); err != nil {
		t.Fatalf("within 3 working days refused: %v", err)
	}
	err := workflow.Check(d, specialist, workflow.ActRequestSupplement, at(2026, 11, 20, 8, 0))
	if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "03 ngày làm việc") {
		t.Fatalf("after 3 working days: %v", err)
	}
	d.SupplementCount = 1
	err = workflow.Check(d, specialist, workflow.ActRequestSupplement, at(2026, 11, 17, 8, 0))
	if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "một lần") {
		t.Fatalf("second request: %v", err)
	}
	// Someone else's step: forbidden, not a rule error.
	other := workflow.Actor{UserID: 8, Roles: []string{"specialist"}, AgencyPath: "/1/10/11/"}
	if err := workflow.Check(rulesDossier(), other, workflow.ActRequestSupplement, at(2026, 11, 17, 8, 0)); apperr.Code(err) != apperr.CodeForbidden {
		t.Fatalf("other specialist: %v", err)
	}
}

// ND 118 Đ19.3: refusal after appraisal only within the processing deadline.
func TestRefusalDeadline(t *testing.T) {
	d := rulesDossier()
	if err := workflow.Check(d, specialist, workflow.ActRefuse, at(2026, 11, 27, 16, 0)); err != nil {
		t.Fatalf("before due: %v", err)
	}
	if err := workflow.Check(d, specialist, workflow.ActRefuse, at(2026, 11, 27, 17, 1)); apperr.Code(err) != apperr.CodeUnprocessable {
		t.Fatalf("after due: %v", err)
	}
}

func TestAvailableActions(t *testing.T) {
	d := rulesDossier()
	got := workflow.Available(d, specialist, at(2026, 11, 17, 9, 0))
	want := []workflow.Action{workflow.ActForward, workflow.ActAssign, workflow.ActAttachResult, workflow.ActConsult,
		workflow.ActRequestSupplement, workflow.ActRefuse}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("specialist actions (-want +got):\n%s", diff)
	}
	leader := workflow.Actor{UserID: 9, Roles: []string{"agency_leader"}, AgencyPath: "/1/10/"}
	got = workflow.Available(d, leader, at(2026, 11, 17, 9, 0))
	if diff := cmp.Diff([]workflow.Action{workflow.ActApology, workflow.ActStop}, got); diff != "" {
		t.Fatalf("leader actions (-want +got):\n%s", diff)
	}
	outsider := workflow.Actor{UserID: 10, Roles: []string{"agency_leader", "specialist"}, AgencyPath: "/1/20/"}
	if got := workflow.Available(d, outsider, at(2026, 11, 17, 9, 0)); len(got) != 0 {
		t.Fatalf("outsider actions: %v", got)
	}
}

// ND 118 Đ22.5: an early return must be notified in advance; immediate
// procedures (Đ17.4) are returned at once.
func TestEarlyReturn(t *testing.T) {
	officer := workflow.Actor{UserID: 2, Roles: []string{"one_stop_officer"}, AgencyPath: "/1/2/"}
	d := &workflow.Dossier{State: workflow.ResultReady, DueAt: at(2026, 11, 27, 17, 0), ReceivingPath: "/1/2/",
		Steps: []workflow.Step{{ID: 6, Seq: 6, Kind: workflow.KindReturn, AgencyPath: "/1/2/", Role: "one_stop_officer", Status: workflow.StepOpen}}}
	if err := workflow.Check(d, officer, workflow.ActReturn, at(2026, 11, 25, 9, 0)); apperr.Code(err) != apperr.CodeUnprocessable {
		t.Fatalf("early return without notice: %v", err)
	}
	if err := workflow.Check(d, officer, workflow.ActNotifyEarlyReturn, at(2026, 11, 25, 9, 0)); err != nil {
		t.Fatal(err)
	}
	d.EarlyNotified = true
	if err := workflow.Check(d, officer, workflow.ActReturn, at(2026, 11, 25, 9, 0)); err != nil {
		t.Fatalf("after notice: %v", err)
	}
	imm := &workflow.Dossier{State: workflow.Received, Immediate: true, DueAt: at(2026, 11, 25, 17, 0), ReceivingPath: "/1/2/",
		Steps: []workflow.Step{{ID: 1, Seq: 1, Kind: workflow.KindReturn, AgencyPath: "/1/2/", Role: "one_stop_officer", Status: workflow.StepOpen}}}
	if err := workflow.Check(imm, officer, workflow.ActReturn, at(2026, 11, 25, 9, 5)); err != nil {
		t.Fatalf("immediate return: %v", err)
	}
}
