package dossier_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func actions(d *dossier.Dossier) []string {
	var out []string
	for _, a := range d.Actions {
		out = append(out, string(a.Action))
	}
	return out
}

// The whole default process of a 5-working-day procedure: receive at the
// commune centre, transfer, assign, appraise with a result, approve, sign,
// hand back, return at the counter; every step timed and judged, every
// change in the history and the audit chain.
func TestLifecycle(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := f.receive(procReregBirth, officerTS)
		if !strings.HasPrefix(d.Code, "001.01.00.H27-261116-") || d.Status != workflow.Received || d.BookNo != 1 {
			t.Fatalf("received %s %s book %d", d.Code, d.Status, d.BookNo)
		}
		// 5 working days from Monday 16/11 09:00 on the receiving centre's
		// office hours (Mon–Fri 07:00–11:30, 13:30–17:00; Sat 07:30–11:30):
		// 2 hours into the day, on the 5th working day after — Saturday 21/11,
		// 09:30.
		if want := at(2026, 11, 21, 9, 30); !d.DueAt.Equal(want) {
			t.Fatalf("due %v, want %v", d.DueAt.In(ict), want)
		}
		if got := strings.Join(actions(d), ","); got != "forward,stop" {
			t.Fatalf("officer actions %s", got)
		}
		if len(f.events(dossier.EventReceived)) != 1 {
			t.Fatal("received notification not enqueued")
		}
		f.setNow(at(2026, 11, 16, 10, 0))
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActForward})
		if d.Status != workflow.Processing || d.Main().Kind != workflow.KindAssign {
			t.Fatalf("after transfer %s %v", d.Status, d.Main())
		}
		spec := f.user(specialistTS)
		f.setNow(at(2026, 11, 16, 11, 0))
		d = f.act(headTS, d, dossier.ActionInput{Action: workflow.ActAssign, Assignee: spec.UserID})
		if m := d.Main(); m.Kind != workflow.KindAppraise || m.AssigneeID != spec.UserID {
			t.Fatalf("after assign %+v", m)
		}
		// The specialist has it in the inbox; the other commune's does not.
		in, err := f.svc.Inbox(ctx, spec, 0)
		if err != nil || len(in) != 1 || in[0].Code != d.Code || !in[0].Assigned {
			t.Fatalf("inbox %v %v", in, err)
		}
		if in, _ := f.svc.Inbox(ctx, f.user(specHHT), 0); len(in) != 0 {
			t.Fatalf("other commune's inbox %v", in)
		}
		f.setNow(at(2026, 11, 17, 9, 0))
		if err := f.actErr(specialistTS, d, dossier.ActionInput{Action: workflow.ActSign}); err == nil {
			t.Fatal("specialist signed")
		}
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActAttachResult, ResultCode: "15/2026/TLKS"})
		d = f.act(specialistTS, d, dossier.ActionInput{Action: workflow.ActForward, Note: "Đủ điều kiện, đề nghị cấp."})
		// The review goes back to the head who assigned.
		if m := d.Main(); m.Kind != workflow.KindReview || m.AssigneeID != f.user(headTS).UserID {
			t.Fatalf("review step %+v", m)
		}
		f.setNow(at(2026, 11, 18, 9, 0))
		d = f.act(headTS, d, dossier.ActionInput{Action: workflow.ActApprove})
		d = f.act(leaderTS, d, dossier.ActionInput{Action: workflow.ActSign})
		if d.Status != workflow.Approved || d.DVCQGStatus != 9 {
			t.Fatalf("after sign %s %d", d.Status, d.DVCQGStatus)
		}
		d = f.act(leaderTS, d, dossier.ActionInput{Action: workflow.ActReturnToOneStop})
		if d.Status != workflow.ResultReady || len(f.events(dossier.EventResultReady)) != 1 {
			t.Fatalf("after hand-back %s", d.Status)
		}
		// Returning on 18/11 is before the appointment (21/11): it needs the
		// advance notice first (ND 118 Đ22.5).
		err = f.actErr(officerTS, d, dossier.ActionInput{Action: workflow.ActReturn, Return: &dossier.ReturnInput{ReceivedBy: "Nguyễn Thị Hoa"}})
		if err == nil || !strings.Contains(err.Error(), "thông báo trước") {
			t.Fatalf("early return without notice: %v", err)
		}
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActNotifyEarlyReturn, Channel: "sms"})
		f.setNow(at(2026, 11, 18, 14, 0))
		d = f.act(officerTS, d, dossier.ActionInput{Action: workflow.ActReturn, Return: &dossier.ReturnInput{ReceivedBy: "Nguyễn Thị Hoa"}})
		if d.Status != workflow.Returned || d.DVCQGStatus != 10 || d.Late {
			t.Fatalf("returned %s late=%v", d.Status, d.Late)
		}
		for _, st := range d.Steps {
			if st.Status != workflow.StepDone || st.Verdict == "" {
				t.Errorf("step %s: %s verdict %q", st.Name, st.Status, st.Verdict)
			}
		}
		hist, err := f.svc.History(ctx, f.user(officerTS), d.Code)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, h := range hist {
			acts = append(acts, h.Action)
		}
		want := "intake.receive,forward,assign,attach_result,forward,approve,sign,return_to_onestop,notify_early_return,return"
		if got := strings.Join(acts, ","); got != want {
			t.Fatalf("history %s\nwant    %s", got, want)
		}
		if n, err := audit.Verify(ctx, db); err != nil || n == 0 {
			t.Fatalf("audit verify %d %v", n, err)
		}
		var auditN int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier' AND entity_key = $1`, d.Code).Scan(&auditN)
		if auditN != len(hist) {
			t.Fatalf("%d audit entries for %d history rows", auditN, len(hist))
		}
		var pdf strings.Builder
		for _, form := range []string{dossier.Form01, dossier.Form05} {
			pdf.Reset()
			if err := f.svc.WriteForm(ctx, f.user(officerTS), d.Code, form, &pdf); err != nil || !strings.HasPrefix(pdf.String(), "%PDF") {
				t.Fatalf("form %s: %v", form, err)
			}
		}
		_ = time.Now
	})
}
