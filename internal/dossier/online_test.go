package dossier_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// ND 118 Đ17.2: an online dossier is accepted or sent back for completion
// (once, with every item) within 8 working hours of its receipt by the
// system; the dossier code is issued on acceptance and the time counts
// from then. Submitted Monday 16/11/2026 09:00 → 6 working hours left that
// day (the centre opens 07:00–11:30, 13:30–17:00), 2 more on Tuesday: to be
// handled by Tuesday 17/11 09:00.
func TestOnlineIntake(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const citizen = 4242
		scan := files.Blob{SHA256: strings.Repeat("1f", 32), Size: 10, MIME: files.PDF}
		if err := f.svc.RegisterUpload(ctx, dossier.OwnerCitizen, citizen, scan); err != nil {
			t.Fatal(err)
		}
		in := dossier.OnlineInput{ProcedureCode: procMarital, ReceivingAgency: "001.01.00.H27",
			Applicant: dossier.Applicant{Kind: dossier.KindPerson, Name: "Phạm Minh Châu", IDNumber: "042195007788", Phone: "0905123456"},
			Delivery:  dossier.Delivery{Method: "online"}}
		for i := 0; i < 7; i++ {
			in.Documents = append(in.Documents, dossier.DocumentInput{Index: i, Files: []string{scan.SHA256}})
		}
		d, err := f.svc.SubmitOnline(ctx, citizen, in, "draft-1")
		if err != nil {
			t.Fatal(err, apperr.FieldsOf(err))
		}
		if d.Status != workflow.Submitted || !strings.HasPrefix(d.Code, "NTT-001.01.00.H27-261116-") || !d.AcceptBy.Equal(at(2026, 11, 17, 9, 0)) {
			t.Fatalf("submitted %s %s accept by %v", d.Status, d.Code, d.AcceptBy.In(ict))
		}
		// Idempotent on the draft id.
		again, err := f.svc.SubmitOnline(ctx, citizen, in, "draft-1")
		if err != nil || again.Code != d.Code {
			t.Fatalf("resubmitting the draft: %v %v", again, err)
		}
		// Files of someone else cannot be attached.
		other := in
		other.Documents = []dossier.DocumentInput{{Index: 0, Files: []string{strings.Repeat("2e", 32)}}}
		if _, err := f.svc.SubmitOnline(ctx, citizen, other, ""); err == nil {
			t.Fatal("foreign file accepted")
		}
		if list, _ := f.svc.ForCitizen(ctx, citizen, 0); len(list) != 1 || list[0].Code != d.Code {
			t.Fatalf("citizen list %v", list)
		}
		if _, err := f.svc.CitizenDossier(ctx, citizen+1, d.Code); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("another citizen sees it: %v", err)
		}
		// Another commune's officer cannot touch it.
		if _, err := f.svc.AcceptOnline(ctx, f.user(officerHHT), d.Code, d.Version); apperr.Code(err) != apperr.CodeNotFound {
			t.Fatalf("other commune accepts: %v", err)
		}
		f.setNow(at(2026, 11, 16, 14, 0))
		d, err = f.svc.RequestOnlineChanges(ctx, f.user(officerTS), d.Code, d.Version, []dossier.Item{{Content: "Ảnh chụp CCCD bị mờ", Reason: "Không đọc được số"}})
		if err != nil || d.Status != workflow.ChangesRequested || len(f.events(dossier.EventOnlineChangesRequested)) != 1 {
			t.Fatalf("changes: %v %v", d, err)
		}
		d, err = f.svc.ResubmitOnline(ctx, citizen, d.Code, d.Version, []dossier.DocumentInput{{Index: 0, Files: []string{scan.SHA256}}}, "Đã chụp lại")
		if err != nil || d.Status != workflow.Submitted {
			t.Fatalf("resubmit: %v %v", d, err)
		}
		// Changes may be requested only once.
		if _, err := f.svc.RequestOnlineChanges(ctx, f.user(officerTS), d.Code, d.Version, []dossier.Item{{Content: "x"}}); apperr.Code(err) != apperr.CodeUnprocessable {
			t.Fatalf("second request: %v", err)
		}
		ref := d.Code
		f.setNow(at(2026, 11, 17, 8, 0))
		d, err = f.svc.AcceptOnline(ctx, f.user(officerTS), ref, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != workflow.Received || !strings.HasPrefix(d.Code, "001.01.00.H27-261117-") || d.IntakeRef != ref || !d.ReceivedAt.Equal(at(2026, 11, 17, 8, 0)) {
			t.Fatalf("accepted %s %s ref %s", d.Status, d.Code, d.IntakeRef)
		}
		if len(f.events(dossier.EventOnlineAccepted)) != 1 {
			t.Fatal("acceptance not notified")
		}
		// The reference still finds it, for staff, citizen and public.
		if g, err := f.svc.Get(ctx, f.user(officerTS), ref); err != nil || g.Code != d.Code {
			t.Fatalf("by reference: %v", err)
		}
		if v, err := f.svc.Track(ctx, ref); err != nil || v.Code != d.Code || v.Applicant != "P. M. C." {
			t.Fatalf("public view %+v %v", v, err)
		}
	})
}
