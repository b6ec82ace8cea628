package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smtptest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/web"
)

// staffTree builds a province with a provincial centre and three communes,
// each with its one-stop centre, and their staff:
//
//	province        gs (supervisor)
//	├ centre        tinh1 (officer)
//	├ commune A     pctA (supervisor), uyA (officer at the commune level)
//	│ └ centre A    a1 (officer), a2 (officer without e-mail), a3 (inactive officer), cvA (specialist)
//	├ commune B     pctB (supervisor)
//	│ └ centre B    (nobody)
//	└ commune C     (nobody)
//	  └ centre C    (nobody)
func staffTree(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	ids := map[string]int64{}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, a := range []*agency.Agency{
			{Code: "000.00.00.H99", Name: "UBND tỉnh Thử", Kind: agency.KindProvince},
			{Code: "000.00.01.H99", Name: "Trung tâm Phục vụ hành chính công tỉnh", Kind: agency.KindCenter, ParentCode: "000.00.00.H99"},
			{Code: "001.00.00.H99", Name: "UBND xã A", Kind: agency.KindCommune, ParentCode: "000.00.00.H99"},
			{Code: "001.01.00.H99", Name: "Trung tâm Phục vụ hành chính công xã A", Kind: agency.KindCommuneCenter, ParentCode: "001.00.00.H99"},
			{Code: "002.00.00.H99", Name: "UBND xã B", Kind: agency.KindCommune, ParentCode: "000.00.00.H99"},
			{Code: "002.01.00.H99", Name: "Trung tâm Phục vụ hành chính công xã B", Kind: agency.KindCommuneCenter, ParentCode: "002.00.00.H99"},
			{Code: "003.00.00.H99", Name: "UBND xã C", Kind: agency.KindCommune, ParentCode: "000.00.00.H99"},
			{Code: "003.01.00.H99", Name: "Trung tâm Phục vụ hành chính công xã C", Kind: agency.KindCommuneCenter, ParentCode: "003.00.00.H99"},
		} {
			if err := agency.CreateTx(ctx, tx, audit.System, a); err != nil {
				return err
			}
			ids[a.Code] = a.ID
		}
		for _, u := range []struct {
			name, agency, email string
			role                account.Role
		}{
			{"gs", "000.00.00.H99", "gs@tinh.example", account.RoleSupervisor},
			{"tinh1", "000.00.01.H99", "tinh1@tinh.example", account.RoleOneStopOfficer},
			{"pcta", "001.00.00.H99", "pcta@xa-a.example", account.RoleSupervisor},
			{"uya", "001.00.00.H99", "uya@xa-a.example", account.RoleOneStopOfficer},
			{"a1", "001.01.00.H99", "A1@Xa-A.example", account.RoleOneStopOfficer},
			{"a2", "001.01.00.H99", "", account.RoleOneStopOfficer},
			{"a3", "001.01.00.H99", "a3@xa-a.example", account.RoleOneStopOfficer},
			{"cva", "001.01.00.H99", "cva@xa-a.example", account.RoleSpecialist},
			{"pctb", "002.00.00.H99", "pctb@xa-b.example", account.RoleSupervisor},
		} {
			x := &account.User{Username: u.name, FullName: "Cán bộ " + strings.ToUpper(u.name), Email: u.email,
				AgencyID: ids[u.agency], Roles: []account.Role{u.role}}
			if err := account.CreateTx(ctx, tx, audit.System, x, "x"); err != nil {
				return err
			}
			ids[u.name] = x.ID
		}
		_, err := tx.Exec(ctx, `UPDATE users SET active = $1 WHERE id = $2`, false, ids["a3"])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func alert(t *testing.T, db *store.DB, svc *notify.Service, a notify.StaffAlert) []string {
	t.Helper()
	var got []string
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		to, err := svc.AlertStaff(context.Background(), tx, a)
		for _, r := range to {
			got = append(got, r.Username)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// ND 118/2025 Đ17.2: the receiving officer is told of an online dossier.
// The officers of the receiving agency itself get an e-mail through the
// outbox (real SMTP) with the reference, the deadline in Vietnam's time and
// the staff link; officers above or beside it, people without e-mail,
// inactive users and other roles do not; with no officer the supervisors of
// the nearest level are told; the same alert is stored once.
func TestAlertStaff(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newClock(db)
		ids := staffTree(t, db)
		srv := smtptest.Start(t)
		smtp, err := notify.NewSMTP(notify.SMTPConfig{Addr: srv.Addr(), From: "motcua@tinh.example"})
		if err != nil {
			t.Fatal(err)
		}
		svc := newService(db, notify.Options{Email: []notify.Provider{smtp}})
		const ref = "NTT-001.01.00.H99-261121-0001"
		deadline := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) // 15:00 in Hà Tĩnh
		a := notify.StaffAlert{Event: notify.EventStaffOnlineSubmitted, Key: ref + ":staff_online_submitted:1", DossierCode: ref,
			AgencyID: ids["001.01.00.H99"], Vars: notify.Vars{DossierCode: ref, ProcedureName: "Cấp Giấy xác nhận tình trạng hôn nhân",
				ApplicantName: "Phan Văn Đức", AgencyName: "Trung tâm Phục vụ hành chính công xã A", Deadline: deadline}}
		if got := alert(t, db, svc, a); len(got) != 1 || got[0] != "a1" {
			t.Fatalf("alerted %v, want the officer of the receiving centre only", got)
		}
		// Enqueued again (a retried transaction): stored once.
		alert(t, db, svc, a)
		if n := drain(t, svc); n != 1 {
			t.Fatalf("delivered %d, want 1", n)
		}
		m, ok := srv.WaitFor(nil, 5*time.Second)
		if !ok {
			t.Fatal("no e-mail")
		}
		if len(m.To) != 1 || m.To[0] != "a1@xa-a.example" {
			t.Fatalf("to %v", m.To)
		}
		if want := "Hồ sơ trực tuyến mới " + ref + " chờ tiếp nhận, hạn 15:00 ngày 23/11/2026"; m.Subject != want {
			t.Fatalf("subject %q, want %q", m.Subject, want)
		}
		for _, want := range []string{"Kính gửi Cán bộ A1,", "hồ sơ nộp trực tuyến " + ref, "Thủ tục: Cấp Giấy xác nhận tình trạng hôn nhân",
			"Người nộp: Phan Văn Đức", "Nơi tiếp nhận: Trung tâm Phục vụ hành chính công xã A",
			"Hạn tiếp nhận hoặc yêu cầu bổ sung, hoàn thiện: 15:00 ngày 23/11/2026", "Điều 17 khoản 2 Nghị định 118/2025/NĐ-CP",
			"https://dichvucong.hatinh.gov.vn/can-bo/truc-tuyen"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("body lacks %q:\n%s", want, m.Body)
			}
		}
		// The dossier's message log shows it.
		log := logOf(t, svc, ref)
		if len(log) != 1 || log[0].Event != notify.EventStaffOnlineSubmitted || log[0].Status != notify.StatusSent || log[0].To != "a1@xa-a.example" ||
			log[0].EventLabel != "Báo cán bộ: hồ sơ trực tuyến mới chờ tiếp nhận" {
			t.Fatalf("log %+v", log)
		}

		// No officer at centre B or above it: the commune's supervisor.
		b := a
		b.Key, b.DossierCode, b.AgencyID = "NTT-B:staff_online_submitted:1", "NTT-B", ids["002.01.00.H99"]
		if got := alert(t, db, svc, b); len(got) != 1 || got[0] != "pctb" {
			t.Fatalf("centre B alerted %v, want its commune's supervisor", got)
		}
		// Nobody in commune C: the province's supervisor.
		c := a
		c.Key, c.DossierCode, c.AgencyID = "NTT-C:staff_online_submitted:1", "NTT-C", ids["003.01.00.H99"]
		if got := alert(t, db, svc, c); len(got) != 1 || got[0] != "gs" {
			t.Fatalf("centre C alerted %v, want the province's supervisor", got)
		}
		// An officer of the commune level is the nearest for the commune itself.
		d := a
		d.Key, d.DossierCode, d.AgencyID = "NTT-D:staff_online_submitted:1", "NTT-D", ids["001.00.00.H99"]
		if got := alert(t, db, svc, d); len(got) != 1 || got[0] != "uya" {
			t.Fatalf("commune A alerted %v", got)
		}
		// Not a staff event: refused.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			_, err := svc.AlertStaff(ctx, tx, notify.StaffAlert{Event: notify.EventReceived, Key: "k", AgencyID: ids["001.01.00.H99"]})
			return err
		})
		if err == nil {
			t.Fatal("a citizen event was sent to staff")
		}
		// A staff alert cannot go by SMS.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return svc.Enqueue(ctx, tx, notify.Message{Event: notify.EventStaffOnlineSubmitted, Key: "sms", Channel: notify.ChannelSMS,
				To: notify.Recipient{Phone: "0912345678"}})
		})
		if err == nil {
			t.Fatal("a staff alert was queued as SMS")
		}
	})
}

// The staff templates render the deadline in Vietnam's time and are
// edited like the others (e-mail only).
func TestStaffTemplates(t *testing.T) {
	t.Parallel()
	for _, e := range []notify.Event{notify.EventStaffOnlineSubmitted, notify.EventStaffOnlineResubmitted, notify.EventStaffSupplementSubmitted} {
		if !e.Staff() || len(e.Channels()) != 1 || e.Channels()[0] != notify.ChannelEmail {
			t.Fatalf("%s: channels %v", e, e.Channels())
		}
		r, errs := notify.Default(e, notify.ChannelEmail).Validate("https://dichvucong.hatinh.gov.vn/can-bo/truc-tuyen")
		if len(errs) > 0 || !strings.Contains(r.Body, "/can-bo/truc-tuyen") || !strings.Contains(r.Body, "Kính gửi Trần Thị Thu Hà,") {
			t.Fatalf("%s: %v\n%s", e, errs, r.Body)
		}
	}
	r, _ := notify.Default(notify.EventStaffOnlineSubmitted, notify.ChannelEmail).Render(notify.Vars{DossierCode: "NTT-X",
		Deadline: time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC)})
	if !strings.Contains(r.Subject, "hạn 00:30 ngày 25/11/2026") || web.Loc.String() != "Asia/Ho_Chi_Minh" {
		t.Fatalf("deadline not in Vietnam's time: %q", r.Subject)
	}
	// Without a deadline the sentence is left out, not printed empty.
	r, _ = notify.Default(notify.EventStaffOnlineSubmitted, notify.ChannelEmail).Render(notify.Vars{DossierCode: "NTT-X"})
	if strings.Contains(r.Subject, "hạn") || strings.Contains(r.Body, "Hạn tiếp nhận") {
		t.Fatalf("empty deadline shown: %q %q", r.Subject, r.Body)
	}
}
