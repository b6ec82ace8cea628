package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func TestPasswordHash(t *testing.T) {
	h, err := account.HashPassword("Mật khẩu đủ dài 2026")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := account.CheckPassword(h, "Mật khẩu đủ dài 2026"); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := account.CheckPassword(h, "Mật khẩu sai"); ok {
		t.Fatal("wrong password accepted")
	}
	if h2, _ := account.HashPassword("Mật khẩu đủ dài 2026"); h2 == h {
		t.Fatal("salt must differ")
	}
}

func TestPrincipalScope(t *testing.T) {
	p := &account.Principal{AgencyPath: "/1/4/", Roles: []account.Role{account.RoleSpecialist}}
	if !p.InScope("/1/4/") || !p.InScope("/1/4/9/") || p.InScope("/1/5/") || p.InScope("/1/") || p.InScope("/1/40/") {
		t.Fatal("subtree scope wrong")
	}
	if !p.Has(account.RoleSpecialist) || p.Has(account.RoleAdministrator) {
		t.Fatal("Has wrong")
	}
	var none *account.Principal
	if none.Has(account.RoleSpecialist) || none.InScope("/1/") {
		t.Fatal("nil principal must have nothing")
	}
}

func TestUsersSessionsThrottle(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ag := &agency.Agency{Code: "001.01.00.H27", Name: "Trung tâm Phục vụ hành chính công xã Thạch Khê", Kind: agency.KindCommuneCenter}
		if err := (&agency.Service{DB: db}).Create(ctx, audit.System, ag); err != nil {
			t.Fatal(err)
		}
		s := &account.Service{DB: db}
		u := &account.User{Username: " MotCua.Xa ", FullName: "Nguyễn Thị Hồng", AgencyID: ag.ID, Roles: []account.Role{account.RoleOneStopOfficer}, OnDuty: true}
		if err := s.Create(ctx, audit.System, u, "ngan"); apperr.FieldsOf(err)["password"] == "" {
			t.Fatalf("weak password: %v", err)
		}
		if err := s.Create(ctx, audit.System, u, "Motcua@2026"); err != nil {
			t.Fatal(err)
		}
		if u.Username != "motcua.xa" {
			t.Fatalf("username not normalised: %q", u.Username)
		}
		if err := s.Create(ctx, audit.System, &account.User{Username: "motcua.xa", FullName: "X", AgencyID: ag.ID, Roles: []account.Role{account.RoleSpecialist}}, "Motcua@2026"); apperr.Code(err) != apperr.CodeConflict {
			t.Fatalf("duplicate username: %v", err)
		}
		got, err := s.Login(ctx, "MOTCUA.XA", "Motcua@2026", "10.0.0.1")
		if err != nil || got.ID != u.ID || len(got.Roles) != 1 || got.AgencyPath != ag.Path {
			t.Fatalf("login: %+v %v", got, err)
		}
		onDuty, err := s.List(ctx, account.UserFilter{OnDuty: true})
		if err != nil || len(onDuty) != 1 {
			t.Fatalf("on duty: %d %v", len(onDuty), err)
		}

		// Sessions expire.
		tok, err := account.CreateSession(ctx, db, account.SubjectStaff, u.ID, "api", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, id, _, err := account.SessionPrincipal(ctx, db, tok); err != nil || id != u.ID {
			t.Fatalf("lookup: %d %v", id, err)
		}
		now = now.Add(2 * time.Hour)
		if _, _, _, err := account.SessionPrincipal(ctx, db, tok); apperr.Code(err) != apperr.CodeUnauthorized {
			t.Fatalf("expired session accepted: %v", err)
		}

		// Throttle: five failures lock the key; the window and lock expire.
		for i := 0; i < 5; i++ {
			if _, err := s.Login(ctx, "motcua.xa", "sai", "10.0.0.2"); apperr.Code(err) != apperr.CodeUnauthorized {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "motcua.xa", "Motcua@2026", "10.0.0.3"); apperr.Code(err) != apperr.CodeTooMany {
			t.Fatalf("locked: %v", err)
		}
		now = now.Add(16 * time.Minute)
		if _, err := s.Login(ctx, "motcua.xa", "Motcua@2026", "10.0.0.3"); err != nil {
			t.Fatalf("after lockout: %v", err)
		}
		// Deactivated users cannot sign in and lose their sessions.
		tok, _ = account.CreateSession(ctx, db, account.SubjectStaff, u.ID, "cookie", time.Hour)
		u.Active = false
		if err := s.Update(ctx, audit.System, u); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := account.SessionPrincipal(ctx, db, tok); err == nil {
			t.Fatal("session of a deactivated user must end")
		}
		if _, err := s.Login(ctx, "motcua.xa", "Motcua@2026", "10.0.0.4"); apperr.Code(err) != apperr.CodeUnauthorized {
			t.Fatalf("deactivated login: %v", err)
		}
		if _, err := audit.Verify(ctx, db); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSessionPrincipal: the one-statement lookup every request makes gives
// the same principal as loading the user (roles in their fixed order), none
// for a citizen session or a deactivated user, and refuses expired or
// unknown tokens.
func TestSessionPrincipal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ag := &agency.Agency{Code: "001.01.00.H27", Name: "Trung tâm Phục vụ hành chính công xã Thạch Khê", Kind: agency.KindCommuneCenter}
		if err := (&agency.Service{DB: db}).Create(ctx, audit.System, ag); err != nil {
			t.Fatal(err)
		}
		s := &account.Service{DB: db}
		u := &account.User{Username: "ld.thachkhe", FullName: "Trần Văn Bình", Title: "Phó Chủ tịch", AgencyID: ag.ID,
			Roles: []account.Role{account.RoleAgencyLeader, account.RoleSupervisor, account.RoleOneStopOfficer}}
		if err := s.Create(ctx, audit.System, u, "Motcua@2026"); err != nil {
			t.Fatal(err)
		}
		want, err := s.ByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := account.CreateSession(ctx, db, account.SubjectStaff, u.ID, "api", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		kind, id, p, err := account.SessionPrincipal(ctx, db, tok)
		if err != nil || kind != account.SubjectStaff || id != u.ID || p == nil {
			t.Fatalf("staff session: %q %d %+v %v", kind, id, p, err)
		}
		if diff := cmp.Diff(want.Principal(), p); diff != "" {
			t.Errorf("principal differs from ByID (-want +got):\n%s", diff)
		}

		ctok, err := account.CreateSession(ctx, db, account.SubjectCitizen, u.ID, "cookie", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if kind, id, p, err := account.SessionPrincipal(ctx, db, ctok); err != nil || kind != account.SubjectCitizen || id != u.ID || p != nil {
			t.Fatalf("citizen session (same id as a staff user): %q %d %+v %v", kind, id, p, err)
		}
		for _, bad := range []string{"", "khong-ton-tai", strings.Repeat("x", 201)} {
			if _, _, _, err := account.SessionPrincipal(ctx, db, bad); apperr.Code(err) != apperr.CodeUnauthorized {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		now = now.Add(2 * time.Hour)
		if _, _, _, err := account.SessionPrincipal(ctx, db, tok); apperr.Code(err) != apperr.CodeUnauthorized {
			t.Fatalf("expired session accepted: %v", err)
		}
	})
}
