package dossier_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// toAppraisal receives a dossier and brings it to the specialist's appraisal.
func (f *fixture) toAppraisal(proc string) *dossier.Dossier {
	f.t.Helper()
	d := f.receive(proc, officerTS)
	d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActForward})
	return f.act(headTS, d, dossier.ActionInput{Action: workflow.ActAssign, Assignee: f.user(specialistTS).UserID})
}

// TT 01/2018 Đ19: <receiving one-stop e-identifier>-<YYMMDD>-<daily
// sequence of at least 4 digits>, the sequence per agency per day, issued in
// the write transaction and never reused. Worked example at the Thành Sen
// centre (001.01.00.H27) on 16/11/2026: 0001, 0002; a refused intake and a
// dossier sent back for supplement take no number; Hà Huy Tập's centre
// starts its own 0001; the next day starts again at 0001; after 9999 comes
// 10000. The tracking book (Mẫu 06) numbers run on through the year
// (TT 01/2018 Đ10.2).
func TestDossierCodeSequence(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		a := f.receive(procReregBirth, officerTS)
		bad := f.intakeInput(procReregBirth)
		bad.Documents = bad.Documents[3:] // mandatory 0–2 missing
		if _, err := f.svc.Intake(ctx, f.user(officerTS), bad, ""); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("incomplete dossier received: %v", err)
		}
		sup := f.intakeInput(procReregBirth)
		sup.Decision, sup.Reasons = dossier.DecisionRequestSupplement, []string{"Thiếu bản sao giấy tờ tùy thân"}
		rs, err := f.svc.Intake(ctx, f.user(officerTS), sup, "")
		if err != nil {
			t.Fatal(err)
		}
		b := f.receive(procMarital, officerTS2)
		other := f.receive(procReregBirth, officerHHT)
		f.setNow(at(2026, 11, 17, 8, 0))
		next := f.receive(procReregBirth, officerTS)
		got := []string{a.Code, rs.Code, b.Code, other.Code, next.Code}
		want := []string{"001.01.00.H27-261116-0001", "PBS-001.01.00.H27-261116-0001", "001.01.00.H27-261116-0002",
			"002.01.00.H27-261116-0001", "001.01.00.H27-261117-0001"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("codes (-want +got):\n%s", diff)
		}
		books := []int64{a.BookNo, b.BookNo, other.BookNo, next.BookNo}
		if diff := cmp.Diff([]int64{1, 2, 1, 3}, books); diff != "" {
			t.Fatalf("book numbers (-want +got):\n%s", diff)
		}
		// The sequence grows past four digits.
		if _, err := db.Exec(ctx, `UPDATE dossier_counters SET n = 9999 WHERE key LIKE 'code:%:20261117'`); err != nil {
			t.Fatal(err)
		}
		if d := f.receive(procReregBirth, officerTS); d.Code != "001.01.00.H27-261117-10000" {
			t.Fatalf("after 9999: %s", d.Code)
		}
		// TT 04/2025 variant: the handling agency's identifier and the
		// platform's two digits.
		if _, err := f.svc.SetSettings(ctx, f.user("qt.tinh"), dossier.Settings{CodeFormatText: "tt04:25", NearDueHours: 8}); err != nil {
			t.Fatal(err)
		}
		if d := f.receive(procReregBirth, officerTS); d.Code != "001.00.00.H27-261117-250001" {
			t.Fatalf("tt04 code %s", d.Code)
		}
		var dup int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT code FROM dossiers GROUP BY code HAVING COUNT(*) > 1) x`).Scan(&dup)
		if dup != 0 {
			t.Fatalf("%d duplicate codes", dup)
		}
	})
}

// The same Idempotency-Key with the same body gives the same answer and no
// second dossier; with another body it is refused; sent at once from eight
// goroutines it still makes one dossier.
func TestIdempotency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		p := f.user(officerTS)
		in := f.intakeInput(procReregBirth)
		first, err := f.svc.Intake(ctx, p, in, "key-1")
		if err != nil || !first.Created {
			t.Fatalf("first: %v", err)
		}
		before := f.counts()
		again, err := f.svc.Intake(ctx, p, f.intakeInput(procReregBirth), "key-1")
		if err != nil || again.Created || again.Code != first.Code || string(again.Body) != string(first.Body) {
			t.Fatalf("replay: created=%v code=%s err=%v", again.Created, again.Code, err)
		}
		changed := f.intakeInput(procReregBirth)
		changed.Applicant.Name = "Trần Văn Bình"
		if _, err := f.svc.Intake(ctx, p, changed, "key-1"); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("same key, other body: %v", err)
		}
		if diff := cmp.Diff(before, f.counts()); diff != "" {
			t.Fatalf("replays changed the database:\n%s", diff)
		}
		// Another officer's key is their own.
		if r, err := f.svc.Intake(ctx, f.user(officerTS2), f.intakeInput(procReregBirth), "key-1"); err != nil || !r.Created {
			t.Fatalf("other officer, same key: %v", err)
		}
		var wg sync.WaitGroup
		codes := make([]string, 8)
		errs := make([]error, 8)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.svc.Intake(ctx, p, f.intakeInput(procMarital), "key-concurrent")
				errs[i] = err
				if r != nil {
					codes[i] = r.Code
				}
			}()
		}
		wg.Wait()
		for i := range codes {
			if errs[i] != nil || codes[i] != codes[0] {
				t.Fatalf("concurrent %d: %s %v (first %s)", i, codes[i], errs[i], codes[0])
			}
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE procedure_code = $1`, procMarital).Scan(&n)
		if n != 1 {
			t.Fatalf("%d dossiers for one key", n)
		}
	})
}

// ND 118 Đ19.5 (and Đ11.2c): a supplement may be requested during
// processing only once and no later than 3 working days after receipt; the
// clock stops meanwhile and the full legal time restarts from zero when the
// complete supplement arrives. Worked example (5 working days, Thành Sen
// centre, Saturday mornings open, 24/11 a holiday): received Monday 16/11
// 09:00, the request window closes Thursday 19/11 17:00; requested
// Wednesday 18/11, supplemented Monday 23/11 09:00 → due Monday 30/11 09:00
// (not the original Saturday 21/11).
func TestSupplementRules(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		d := f.toAppraisal(procReregBirth)
		if want := at(2026, 11, 19, 17, 0); !d.SupplementDeadline.Equal(want) {
			t.Fatalf("supplement deadline %v", d.SupplementDeadline.In(ict))
		}
		late := f.toAppraisal(procReregBirth)
		f.setNow(at(2026, 11, 20, 8, 0))
		err := f.actErr(specialistTS, late, dossier.ActionInput{Action: workflow.ActRequestSupplement, Items: []dossier.Item{{Content: "Bản sao CCCD"}}})
		if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "03 ngày làm việc") {
			t.Fatalf("after 3 working days: %v", err)
		}
		f.setNow(at(2026, 11, 18, 10, 0))
		before := f.counts()
		if err := f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActRequestSupplement}); apperr.Code(err) != apperr.CodeInvalid {
			t.Fatalf("no items: %v", err)
		}
		if diff := cmp.Diff(before, f.counts()); diff != "" {
			t.Fatalf("refused request changed the database:\n%s", diff)
		}
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActRequestSupplement,
			Items: []dossier.Item{{Content: "Bản sao giấy khai sinh cũ", Reason: "Để đối chiếu"}, {Content: "Xác nhận của công an", Reason: "Thiếu"}}})
		if d.Status != workflow.AwaitingSupplement || d.DVCQGStatus != 5 || d.Late || len(f.events(dossier.EventSupplementRequested)) != 1 {
			t.Fatalf("after request: %s late=%v", d.Status, d.Late)
		}
		if want := at(2026, 12, 3, 17, 0); !d.Supplement.CloseAt.Equal(want) {
			t.Fatalf("close-out at %v", d.Supplement.CloseAt.In(ict))
		}
		// The specialist cannot take it in; the one-stop does.
		if err := f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActSupplementReceived}); apperr.Code(err) != apperr.CodeForbidden {
			t.Fatalf("specialist received supplement: %v", err)
		}
		f.setNow(at(2026, 11, 23, 9, 0))
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActSupplementReceived})
		if d.Status != workflow.Supplemented || !d.DueAt.Equal(at(2026, 11, 30, 9, 0)) || !d.ClockStartAt.Equal(at(2026, 11, 23, 9, 0)) {
			t.Fatalf("after supplement %s due %v", d.Status, d.DueAt.In(ict))
		}
		if m := d.Main(); m == nil || m.Kind != workflow.KindAppraise || m.AssigneeID != f.user(specialistTS).UserID {
			t.Fatalf("appraisal not resumed: %+v", m)
		}
		// Only once.
		err = f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActRequestSupplement, Items: []dossier.Item{{Content: "Ảnh"}}})
		if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "một lần") {
			t.Fatalf("second request: %v", err)
		}
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActForward})
		if d.Status != workflow.Processing {
			t.Fatalf("after forward %s", d.Status)
		}
	})
}

// ND 118 Đ19.5: a dossier whose applicant has not supplemented it 15 days
// after the notice is closed. Requested Wednesday 18/11/2026 → closed at the
// end of Thursday 3/12 (the 15th day), not before.
func TestCloseOutAfter15Days(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.toAppraisal(procReregBirth)
		f.setNow(at(2026, 11, 18, 10, 0))
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActRequestSupplement, Items: []dossier.Item{{Content: "Bản sao CCCD"}}})
		other := f.toAppraisal(procReregBirth) // not waiting: never closed
		f.setNow(at(2026, 12, 3, 16, 59))
		if n, err := f.svc.CloseUnsupplemented(ctx); err != nil || n != 0 {
			t.Fatalf("closed early: %d %v", n, err)
		}
		f.setNow(at(2026, 12, 3, 17, 1))
		if n, err := f.svc.CloseUnsupplemented(ctx); err != nil || n != 1 {
			t.Fatalf("close-out: %d %v", n, err)
		}
		got, err := f.svc.Get(ctx, f.user(officerTS), d.Code)
		if err != nil || got.Status != workflow.Closed || got.DVCQGStatus != 8 || len(f.events(dossier.EventClosed)) != 1 {
			t.Fatalf("after close-out: %v %v", got.Status, err)
		}
		if o, _ := f.svc.Get(ctx, f.user(officerTS), other.Code); o.Status != workflow.Processing {
			t.Fatalf("other dossier %s", o.Status)
		}
		hist, _ := f.svc.History(ctx, f.user(officerTS), d.Code)
		if last := hist[len(hist)-1]; last.Action != "close" || last.ActorKind != "system" {
			t.Fatalf("last history %+v", last)
		}
		// Running again does nothing.
		if n, _ := f.svc.CloseUnsupplemented(ctx); n != 0 {
			t.Fatalf("closed twice: %d", n)
		}
	})
}

// ND 118 Đ19.6: the apology with a new date (Mẫu 04) is issued by the
// agency's leadership at the latest one day before the due date, and the
// date may be moved only once. Worked example (10 working days): received
// Monday 16/11/2026 09:00, due Saturday 28/11 09:30. On 28/11 it is refused;
// on Thursday 26/11 it is accepted with 2/12 as the new date; a second one
// is refused.
func TestApologyRules(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.toAppraisal("1.001776")
		if want := at(2026, 11, 28, 9, 30); !d.DueAt.Equal(want) {
			t.Fatalf("due %v", d.DueAt.In(ict))
		}
		ap := dossier.ActionInput{Action: workflow.ActApology, Reason: "Phải xác minh thực tế tại địa phương", NewDueDate: "2026-12-02"}
		// A specialist may not sign it.
		f.setNow(at(2026, 11, 26, 9, 0))
		if err := f.actErr(specialistTS, d, ap); apperr.Code(err) != apperr.CodeForbidden {
			t.Fatalf("specialist apology: %v", err)
		}
		f.setNow(at(2026, 11, 28, 7, 45))
		err := f.actErr(leaderTS, d, ap)
		if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "01 ngày trước") {
			t.Fatalf("apology on the due day: %v", err)
		}
		f.setNow(at(2026, 11, 26, 9, 0))
		bad := ap
		bad.NewDueDate = "2026-11-27"
		if err := f.actErr(leaderTS, d, bad); apperr.Code(err) != apperr.CodeInvalid {
			t.Fatalf("new date before due accepted: %v", err)
		}
		d = f.act(leaderTS, d, ap)
		if d.ApologyCount != 1 || !d.DueAt.Equal(at(2026, 12, 2, 17, 0)) || !d.Apology.OldDueAt.Equal(at(2026, 11, 28, 9, 30)) {
			t.Fatalf("after apology due %v", d.DueAt.In(ict))
		}
		if ev := f.events(dossier.EventApologyNewDate); len(ev) != 1 || !ev[0].DueAt.Equal(d.DueAt) {
			t.Fatalf("apology notification %v", ev)
		}
		ap.NewDueDate = "2026-12-04"
		err = f.actErr(leaderTS, d, ap)
		if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "một lần") {
			t.Fatalf("second apology: %v", err)
		}
		var pdf strings.Builder
		if err := f.svc.WriteForm(ctx, f.user(leaderTS), d.Code, dossier.Form04, &pdf); err != nil || !strings.HasPrefix(pdf.String(), "%PDF") {
			t.Fatalf("Mẫu 04: %v", err)
		}
	})
}

// ND 118 Đ19.3: refusal after appraisal, with its reason, only within the
// processing deadline (due Saturday 21/11/2026 09:30 for 5 working days).
func TestRefusalAfterDeadline(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		late := f.toAppraisal(procReregBirth)
		ok := f.toAppraisal(procReregBirth)
		f.setNow(at(2026, 11, 21, 9, 31))
		before := f.counts()
		err := f.actErr(specialistTS, late, dossier.ActionInput{Action: workflow.ActRefuse, Reason: "Không đủ điều kiện"})
		if apperr.Code(err) != apperr.CodeUnprocessable || !strings.Contains(apperr.Message(err), "quá hạn") {
			t.Fatalf("refusal after the deadline: %v", err)
		}
		if diff := cmp.Diff(before, f.counts()); diff != "" {
			t.Fatalf("refused refusal changed the database:\n%s", diff)
		}
		f.setNow(at(2026, 11, 20, 16, 0))
		if err := f.actErr(specialistTS, ok, dossier.ActionInput{Action: workflow.ActRefuse}); apperr.Code(err) != apperr.CodeInvalid {
			t.Fatalf("refusal without reason: %v", err)
		}
		d := f.act(specialistTS, ok, dossier.ActionInput{Action: workflow.ActRefuse, Reason: "Người yêu cầu không thuộc trường hợp đăng ký lại"})
		if d.Status != workflow.Rejected || d.DVCQGStatus != 8 || len(f.events(dossier.EventRefused)) != 1 {
			t.Fatalf("rejected: %s", d.Status)
		}
		for _, st := range d.Steps {
			if st.Status == workflow.StepOpen || st.Status == workflow.StepPending {
				t.Errorf("step %s still %s", st.Name, st.Status)
			}
		}
	})
}

// ND 118 Đ17.4: an immediate-result procedure is received and returned at
// once at the counter, due the same working day (after 15:00 with the
// cut-off rule: the next working day).
func TestImmediateProcedure(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.setNow(at(2026, 11, 16, 10, 0))
		d := f.receive(procCertify, officerTS)
		if !d.DueAt.Equal(at(2026, 11, 16, 17, 0)) || len(d.Steps) != 1 || d.Main().Kind != workflow.KindReturn {
			t.Fatalf("immediate: due %v steps %d", d.DueAt.In(ict), len(d.Steps))
		}
		if got := strings.Join(actions(d), ","); got != "return,stop" {
			t.Fatalf("actions %s", got)
		}
		f.setNow(at(2026, 11, 16, 10, 5))
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActReturn, ResultCode: "CT-001/2026",
			Return: &dossier.ReturnInput{ReceivedBy: "Nguyễn Thị Hoa"}})
		if d.Status != workflow.Returned || d.Late || d.Steps[0].Verdict != "on_time" {
			t.Fatalf("returned %s late=%v verdict=%s", d.Status, d.Late, d.Steps[0].Verdict)
		}
		f.setNow(at(2026, 11, 16, 15, 30))
		if late := f.receive(procCertify, officerTS); !late.DueAt.Equal(at(2026, 11, 17, 17, 0)) {
			t.Fatalf("after 15:00 due %v", late.DueAt.In(ict))
		}
	})
}

// Two officers act on the same version at once: one wins, the other gets a
// conflict (409) and nothing of theirs is written.
func TestStaleVersion(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.receive(procReregBirth, officerTS)
		f.user(officerTS2)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []string{officerTS, officerTS2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.Act(ctx, f.users[u], d.Code, dossier.ActionInput{Action: workflow.ActForward, Version: d.Version})
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			switch apperr.Code(err) {
			case "":
				ok++
			case apperr.CodeConflict:
				conflict++
			default:
				t.Fatalf("unexpected %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("ok=%d conflict=%d", ok, conflict)
		}
		got, _ := f.svc.Get(ctx, f.user(officerTS), d.Code)
		hist, _ := f.svc.History(ctx, f.user(officerTS), d.Code)
		if got.Version != d.Version+1 || len(hist) != 2 {
			t.Fatalf("version %d history %d", got.Version, len(hist))
		}
		// A stale version later is refused too, and changes nothing.
		before := f.counts()
		err := f.actErr(headTS, got, dossier.ActionInput{Action: workflow.ActAssign, Assignee: f.user(specialistTS).UserID, Version: d.Version})
		if apperr.Code(err) != apperr.CodeConflict {
			t.Fatalf("stale: %v", err)
		}
		if diff := cmp.Diff(before, f.counts()); diff != "" {
			t.Fatalf("stale request changed the database:\n%s", diff)
		}
	})
}

// Bad input gets a clear Vietnamese message and changes nothing.
func TestBadInputChangesNothing(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.receive(procReregBirth, officerTS)
		before := f.counts()
		p := f.user(officerTS)
		cases := []struct {
			name  string
			in    func() dossier.IntakeInput
			code  string
			field string
		}{
			{"unknown procedure", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.ProcedureCode = "9.999999"
				return in
			},
				apperr.CodeNotFound, "procedure_code"},
			{"malformed ID", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.Applicant.IDNumber = "04219000123"
				return in
			}, apperr.CodeInvalid, "applicant.id_number"},
			{"malformed tax code", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.Applicant = dossier.Applicant{Kind: dossier.KindOrganization, Name: "Công ty TNHH A", TaxCode: "12345"}
				return in
			}, apperr.CodeInvalid, "applicant.tax_code"},
			{"missing mandatory document", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.Documents[1].Ticked = false
				return in
			}, apperr.CodeUnprocessable, "documents.1"},
			{"unknown file", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.Documents[0].Files = []string{strings.Repeat("ab", 32)}
				return in
			}, apperr.CodeUnprocessable, "files"},
			{"post without slip", func() dossier.IntakeInput {
				in := f.intakeInput(procReregBirth)
				in.Channel = dossier.ChannelPost
				return in
			},
				apperr.CodeInvalid, "postal"},
		}
		for _, c := range cases {
			_, err := f.svc.Intake(ctx, p, c.in(), "")
			if apperr.Code(err) != c.code || apperr.FieldsOf(err)[c.field] == "" {
				t.Errorf("%s: %v %v", c.name, err, apperr.FieldsOf(err))
			}
			if m := apperr.Message(err); !strings.ContainsAny(m, "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") {
				t.Errorf("%s: message not Vietnamese: %q", c.name, m)
			}
		}
		// A specialist may not receive; an action that is not the caller's is forbidden.
		if _, err := f.svc.Intake(ctx, f.user(specialistTS), f.intakeInput(procReregBirth), ""); apperr.Code(err) != apperr.CodeForbidden {
			t.Errorf("specialist intake: %v", err)
		}
		if err := f.actErr(leaderTS, d, dossier.ActionInput{Action: workflow.ActForward}); apperr.Code(err) != apperr.CodeForbidden {
			t.Errorf("not the leader's step: %v", err)
		}
		// Out of scope: not found, not forbidden.
		if err := f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActForward}); apperr.Code(err) != apperr.CodeNotFound {
			t.Errorf("specialist before assignment: %v", err)
		}
		if err := f.actErr(officerTS, d, dossier.ActionInput{Action: workflow.ActSign}); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Errorf("sign at intake: %v", err)
		}
		if err := f.actErr(officerTS, d, dossier.ActionInput{Action: "fly"}); apperr.Code(err) != apperr.CodeInvalid {
			t.Errorf("unknown action: %v", err)
		}
		if diff := cmp.Diff(before, f.counts()); diff != "" {
			t.Fatalf("bad input changed the database:\n%s", diff)
		}
	})
}

// Intake decisions other than receive: Mẫu 02 and 03 references, no code,
// the visit counted.
func TestIntakeSupplementAndRefusal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		p := f.user(officerTS)
		in := f.intakeInput(procReregBirth)
		in.Decision, in.Documents = dossier.DecisionRequestSupplement, in.Documents[2:]
		in.Items = []dossier.Item{{Content: "Tờ khai đăng ký lại khai sinh", Reason: "Chưa có"}}
		r, err := f.svc.Intake(ctx, p, in, "")
		if err != nil || r.Status != workflow.IntakeSupplement || !strings.HasPrefix(r.Code, "PBS-001.01.00.H27-261116-") {
			t.Fatalf("supplement: %v %v", r, err)
		}
		ref := f.intakeInput(procReregBirth)
		ref.Decision, ref.Reasons = dossier.DecisionRefuse, []string{"Thủ tục không thuộc thẩm quyền"}
		r2, err := f.svc.Intake(ctx, p, ref, "")
		if err != nil || r2.Status != workflow.Refused || r2.Dossier.DVCQGStatus != 3 {
			t.Fatalf("refusal: %v %v", r2, err)
		}
		for code, form := range map[string]string{r.Code: dossier.Form02, r2.Code: dossier.Form03} {
			var pdf strings.Builder
			if err := f.svc.WriteForm(ctx, p, code, form, &pdf); err != nil || !strings.HasPrefix(pdf.String(), "%PDF") {
				t.Errorf("form %s of %s: %v", form, code, err)
			}
			if err := f.svc.WriteForm(ctx, p, code, dossier.Form01, &pdf); apperr.Code(err) != apperr.CodeNotFound {
				t.Errorf("Mẫu 01 for %s: %v", code, err)
			}
		}
		page, err := f.svc.List(ctx, p, dossier.ListFilter{})
		if err != nil || page.Total != 2 {
			t.Fatalf("visits listed: %v %v", page, err)
		}
	})
}

// QĐ 45/2016 Đ7: a postal dossier is legally received when the hand-over
// record is signed; its clock starts then.
func TestPostalChannel(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		in := f.intakeInput(procReregBirth)
		in.Channel = dossier.ChannelPost
		in.Postal = &dossier.Postal{SlipNumber: "EH123456789VN", HandoverRecord: "BB-15", SignedAt: at(2026, 11, 13, 16, 0),
			FeesCollected: 10000, FeeReceipt: "BC-77"}
		in.Delivery = dossier.Delivery{Method: "post", Address: "Thôn 3, xã Thạch Khê"}
		r, err := f.svc.Intake(context.Background(), f.user(officerTS), in, "")
		if err != nil {
			t.Fatal(err, apperr.FieldsOf(err))
		}
		d := r.Dossier
		if !d.ReceivedAt.Equal(at(2026, 11, 13, 16, 0)) || !strings.Contains(d.Code, "-261113-") {
			t.Fatalf("postal receipt %v %s", d.ReceivedAt.In(ict), d.Code)
		}
		if d.Postal.SlipNumber != "EH123456789VN" {
			t.Fatal("postal record lost")
		}
	})
}

// Liên thông (ND 118 Đ19.4, Đ20): the specialist consults two agencies in
// parallel, each with its own deadline; their staff see the dossier only
// while involved and record their replies; then processing resumes.
func TestConsultation(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.toAppraisal(procReregBirth)
		if _, err := f.svc.Get(ctx, f.user("cb.pc08"), d.Code); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("police sees it before being consulted: %v", err)
		}
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActConsult, Agencies: []string{"000.00.17.H27", "000.00.14.H27"},
			Note: "Xin ý kiến về nơi cư trú và công trình", Time: workflow.Duration{Value: 2, Unit: workflow.UnitWorkingDays}})
		if d.Status != workflow.Consulting || d.DVCQGStatus != 0 || len(f.events(dossier.EventConsulting)) != 1 {
			t.Fatalf("consulting: %s", d.Status)
		}
		if err := f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActForward}); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("forward while consulting: %v", err)
		}
		in, _ := f.svc.Inbox(ctx, f.user("cb.pc08"), 0)
		if len(in) != 1 || in[0].StepKind != workflow.KindConsult {
			t.Fatalf("police inbox %v", in)
		}
		d, err := f.svc.Get(ctx, f.user("cb.pc08"), d.Code)
		if err != nil {
			t.Fatal(err)
		}
		d = f.act("cb.pc08", d, dossier.ActionInput{Action: workflow.ActReplyConsultation, Reply: "Xác nhận cư trú đúng."})
		if d.Status != workflow.Consulting {
			t.Fatalf("after first reply %s", d.Status)
		}
		d = f.act("cv.sxd", d, dossier.ActionInput{Action: workflow.ActReplyConsultation, Reply: "Không có ý kiến."})
		if d.Status != workflow.Processing {
			t.Fatalf("after both replies %s", d.Status)
		}
		consults := 0
		for _, st := range d.Steps {
			if st.Kind == workflow.KindConsult {
				consults++
				if st.Status != workflow.StepDone || !strings.Contains(st.Note, "Ý kiến trả lời") || st.DueAt.IsZero() {
					t.Errorf("consultation %+v", st)
				}
			}
		}
		if consults != 2 {
			t.Fatalf("%d consultations", consults)
		}
		// Having taken part, the police officer still sees it.
		if _, err := f.svc.Get(ctx, f.user("cb.pc08"), d.Code); err != nil {
			t.Fatalf("consulted agency lost sight: %v", err)
		}
		f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActForward})
	})
}

// Stop at the applicant's request (ND 118 Đ21) and correction of an
// erroneous result within 3 working days (Đ23).
func TestStopAndCorrection(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.toAppraisal(procReregBirth)
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActStop, Reason: "Người nộp xin rút hồ sơ để bổ sung giấy tờ khác"})
		if d.Status != workflow.Stopped || d.DVCQGStatus != 7 || len(f.events(dossier.EventStopped)) != 1 {
			t.Fatalf("stopped %s", d.Status)
		}
		var pdf strings.Builder
		if err := f.svc.WriteForm(ctx, f.user(officerTS), d.Code, dossier.FormStop, &pdf); err != nil {
			t.Fatalf("Thông báo dừng: %v", err)
		}
		// Immediate dossier returned, then corrected.
		c := f.receive(procCertify, officerTS)
		c = f.act(officerTS, c, dossier.ActionInput{Action: workflow.ActReturn, ResultCode: "CT-2", Return: &dossier.ReturnInput{ReceivedBy: "Hoa"}})
		f.setNow(at(2026, 11, 17, 9, 0))
		c = f.act(officerTS, c, dossier.ActionInput{Action: workflow.ActCorrectResult, Reason: "Sai năm sinh trên bản chứng thực"})
		m := c.Main()
		if c.Status != workflow.Processing || m == nil || !m.DueAt.Equal(at(2026, 11, 20, 17, 0)) {
			t.Fatalf("correction %s %+v", c.Status, m)
		}
		_ = fmt.Sprint
	})
}

// TestSingleDossierScopeMatchesLists: the scope check for one dossier
// (receipt downloads, files: inScope, index probes from the dossier's id)
// and the list's scope predicate (scopeSQL) are two codings of one rule.
// For dossiers at two communes, at reception, with a specialist, and under
// consultation with two provincial agencies, every user sees a dossier's
// receipt exactly when the dossier is in their list.
func TestSingleDossierScopeMatchesLists(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		received := f.receive(procReregBirth, officerTS)
		other := f.receive(procReregBirth, officerHHT)
		appraisal := f.toAppraisal(procReregBirth)
		consulted := f.toAppraisal(procReregBirth)
		f.act(specialistTS, consulted, dossier.ActionInput{Action: workflow.ActConsult, Agencies: []string{"000.00.17.H27", "000.00.14.H27"},
			Note: "Xin ý kiến", Time: workflow.Duration{Value: 2, Unit: workflow.UnitWorkingDays}})
		codes := []string{received.Code, other.Code, appraisal.Code, consulted.Code}
		users := []string{officerTS, officerTS2, headTS, specialistTS, leaderTS, officerHHT, specHHT, leaderHHT, "cb.pc08", "gs.vptinh", "motcua.tinh1", "pct.phuong.thanhsen"}
		seen := 0
		for _, u := range users {
			p := f.user(u)
			page, err := f.svc.List(ctx, p, dossier.ListFilter{PerPage: 200})
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]bool{}
			for _, it := range page.Items {
				listed[it.Code] = true
			}
			for _, code := range codes {
				var pdf bytes.Buffer
				err := f.svc.WriteForm(ctx, p, code, dossier.Form01, &pdf)
				switch {
				case listed[code] && err != nil:
					t.Errorf("%s lists %s but cannot download its receipt: %v", u, code, err)
				case !listed[code] && apperr.Code(err) != apperr.CodeNotFound:
					t.Errorf("%s does not list %s but the receipt answers %v", u, code, err)
				case listed[code]:
					seen++
				}
			}
		}
		if seen < 10 {
			t.Fatalf("only %d (user, dossier) pairs visible: the fixture does not exercise the rule", seen)
		}
	})
}
