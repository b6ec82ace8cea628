package agency_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func TestTreeMoveAndValidation(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &agency.Service{DB: db}
		mk := func(code, name string, kind agency.Kind, parent string) *agency.Agency {
			a := &agency.Agency{Code: code, Name: name, Kind: kind, ParentCode: parent}
			if err := s.Create(ctx, audit.System, a); err != nil {
				t.Fatalf("create %s: %v", code, err)
			}
			return a
		}
		root := mk("000.00.00.H27", "Ủy ban nhân dân tỉnh Hà Tĩnh", agency.KindProvince, "")
		stp := mk("000.00.10.H27", "Sở Tư pháp", agency.KindDepartment, root.Code)
		div := mk("000.10.01.H27", "Phòng Hành chính tư pháp", agency.KindDivision, stp.Code)
		xa := mk("001.00.00.H27", "Ủy ban nhân dân xã Thạch Khê", agency.KindCommune, root.Code)
		mk("000.00.01.H27", "Trung tâm Phục vụ hành chính công tỉnh", agency.KindCenter, root.Code)

		if !strings.HasPrefix(div.Path, stp.Path) || !root.Contains(div.Path) || xa.Contains(div.Path) {
			t.Fatalf("paths: root %s stp %s div %s xa %s", root.Path, stp.Path, div.Path, xa.Path)
		}
		list, err := s.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, a := range list {
			order = append(order, strings.Repeat("-", a.Depth)+a.Code)
		}
		want := "000.00.00.H27 -000.00.01.H27 -000.00.10.H27 --000.10.01.H27 -001.00.00.H27"
		if got := strings.Join(order, " "); got != want {
			t.Fatalf("tree order\n got %s\nwant %s", got, want)
		}

		// Move the department (and its division) under the commune: the
		// whole subtree is re-rooted.
		stp.ParentCode = xa.Code
		if err := s.Update(ctx, audit.System, stp); err != nil {
			t.Fatal(err)
		}
		moved, err := s.ByCode(ctx, div.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(moved.Path, xa.Path) {
			t.Fatalf("division path %s not under %s", moved.Path, xa.Path)
		}
		// Cycles are refused.
		xa.ParentCode = div.Code
		err = s.Update(ctx, audit.System, xa)
		if apperr.Code(err) != apperr.CodeInvalid || apperr.FieldsOf(err)["parent"] == "" {
			t.Fatalf("cycle: %v", err)
		}
		// Duplicate codes and bad fields, all reported together.
		err = s.Create(ctx, audit.System, &agency.Agency{Code: root.Code, Name: "X", Kind: agency.KindOther})
		if apperr.Code(err) != apperr.CodeConflict {
			t.Fatalf("duplicate: %v", err)
		}
		err = s.Create(ctx, audit.System, &agency.Agency{Code: "bad code", Kind: "x", Email: "nope"})
		f := apperr.FieldsOf(err)
		if f["code"] == "" || f["name"] == "" || f["kind"] == "" || f["email"] == "" {
			t.Fatalf("validation fields: %v", f)
		}
		n, err := audit.Verify(ctx, db)
		if err != nil || n != 6 { // 5 creates + 1 update
			t.Fatalf("audit: %d %v", n, err)
		}
	})
}
