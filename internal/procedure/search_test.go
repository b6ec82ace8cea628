package procedure_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func codes(r *procedure.Results) []string {
	var out []string
	for _, h := range r.Items {
		out = append(out, h.Code)
	}
	return out
}

func TestSearchExamples(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		search := func(q procedure.Query) *procedure.Results {
			t.Helper()
			r, err := s.Search(ctx, q)
			if err != nil {
				t.Fatalf("search %+v: %v", q, err)
			}
			return r
		}
		// With or without accents, any case, đ or d: "Đăng ký khai sinh" is found.
		for _, q := range []string{"dang ky khai sinh", "DANG KY", "đăng ký", "Đăng Ký", "khai sin", "ĐĂNG KÝ KHAI SINH", "Dang  ky,  khai-sinh"} {
			r := search(procedure.Query{Text: q, PerPage: 100})
			found := false
			for _, h := range r.Items {
				found = found || h.Code == "1.001193"
			}
			if !found {
				t.Errorf("%q: Đăng ký khai sinh not found in %v", q, codes(r))
			}
		}
		// Ranking: the phrase in the name first, shortest name first.
		r := search(procedure.Query{Text: "dang ky khai sinh"})
		if got := codes(r); len(got) < 3 || got[0] != "1.001193" {
			t.Fatalf("dang ky khai sinh: %v", got)
		}
		if r.Items[0].Tier != 1 || r.Items[0].Name != "Đăng ký khai sinh" {
			t.Fatalf("first hit = %+v", r.Items[0])
		}
		// "đăng ký lại khai sinh" has all words but not the phrase: after the phrase hits.
		var tiers []int
		for _, h := range r.Items {
			tiers = append(tiers, h.Tier)
		}
		for i := 1; i < len(tiers); i++ {
			if tiers[i] < tiers[i-1] {
				t.Fatalf("tiers not ordered: %v", tiers)
			}
		}
		// Prefix match for the last word while typing.
		if got := codes(search(procedure.Query{Text: "khai sin"})); len(got) == 0 || got[0] != "1.001193" {
			t.Fatalf("khai sin: %v", got)
		}
		// The code finds its procedure first.
		if got := codes(search(procedure.Query{Text: "1.001193"})); len(got) == 0 || got[0] != "1.001193" {
			t.Fatalf("by code: %v", got)
		}
		if r := search(procedure.Query{Text: "1.001193"}); r.Items[0].Tier != 0 {
			t.Fatalf("code tier = %d", r.Items[0].Tier)
		}
		// Words in other fields: the field name "Chứng thực" finds its procedures.
		if r := search(procedure.Query{Text: "chung thuc"}); r.Total < 5 {
			t.Fatalf("chung thuc: %d hits", r.Total)
		}
		// A word in the middle must be whole: "kha" is not "khai" unless last.
		if r := search(procedure.Query{Text: "kha sinh"}); r.Total != 0 {
			t.Fatalf("kha sinh: %v", codes(r))
		}
		// Nothing for gibberish.
		if r := search(procedure.Query{Text: "xyzzy"}); r.Total != 0 || len(r.Items) != 0 {
			t.Fatalf("xyzzy: %+v", r)
		}
		// Filters: field, level (commune includes "both"), online level, receiving agency.
		all := search(procedure.Query{PerPage: 100})
		if all.Total != 46 {
			t.Fatalf("all = %d", all.Total)
		}
		if r := search(procedure.Query{Field: "HT", PerPage: 100}); r.Total != 14 {
			t.Fatalf("field HT = %d", r.Total)
		}
		if r := search(procedure.Query{Level: procedure.LevelProvince, PerPage: 100}); r.Total != 7 {
			t.Fatalf("province (incl. both) = %d", r.Total)
		}
		if r := search(procedure.Query{Level: procedure.LevelCommune, PerPage: 100}); r.Total != 40 {
			t.Fatalf("commune (incl. both) = %d", r.Total)
		}
		if r := search(procedure.Query{Online: procedure.OnlineNone, PerPage: 100}); r.Total != 6 {
			t.Fatalf("online none = %d", r.Total)
		}
		// The provincial centre (000.00.02.H27 is @center) receives fewer than a commune centre.
		center := search(procedure.Query{Agency: "@center", PerPage: 100})
		commune := search(procedure.Query{Agency: "@commune_center", PerPage: 100})
		if center.Total == 0 || commune.Total == 0 || center.Total+commune.Total <= 46 {
			t.Fatalf("by receiver: center %d, commune %d", center.Total, commune.Total)
		}
		if _, err := s.Search(ctx, procedure.Query{Agency: "KHONG.CO"}); !apperr.Is(err, apperr.CodeInvalid) {
			t.Fatalf("unknown agency: %v", err)
		}
		if _, err := s.Search(ctx, procedure.Query{Level: "district"}); !apperr.Is(err, apperr.CodeInvalid) {
			t.Fatalf("bad level: %v", err)
		}
		// Pagination: pages are disjoint, cover everything, and the total survives past the end.
		seen := map[string]bool{}
		for page := 1; page <= 5; page++ {
			r := search(procedure.Query{Page: page, PerPage: 10})
			if r.Total != 46 || r.Pages() != 5 {
				t.Fatalf("page %d: total %d pages %d", page, r.Total, r.Pages())
			}
			for _, c := range codes(r) {
				if seen[c] {
					t.Fatalf("%s on two pages", c)
				}
				seen[c] = true
			}
		}
		if len(seen) != 46 {
			t.Fatalf("pages covered %d", len(seen))
		}
		if r := search(procedure.Query{Page: 9, PerPage: 10}); r.Total != 46 || len(r.Items) != 0 {
			t.Fatalf("past the end: %+v", r)
		}
	})
}

// searchTable is run on both databases; the result lists must be identical.
var searchTable = []procedure.Query{
	{},
	{Text: "dang ky"},
	{Text: "đăng ký khai sinh"},
	{Text: "khai sin"},
	{Text: "KET HON"},
	{Text: "giay phep"},
	{Text: "cap lai giay"},
	{Text: "1.001193"},
	{Text: "1.00"},
	{Text: "ho tich"},
	{Text: "thuong tru"},
	{Text: "chung thuc ban sao"},
	{Text: "ho kinh doanh", Level: procedure.LevelCommune},
	{Text: "xac nhan", Online: procedure.OnlinePartial},
	{Field: "HT", Page: 2, PerPage: 5},
	{Agency: "000.00.01.H27"},
	{Text: "tam tru", Agency: "001.01.00.H27"},
	{Text: "dat", Agency: "@commune_center"},
}

func TestSearchSameOnBothDatabases(t *testing.T) {
	ctx := context.Background()
	lite := newService(t, testdb.NewSQLite(t), true)
	pg := newService(t, testdb.NewPostgres(t), true)
	for _, q := range searchTable {
		a, err := lite.Search(ctx, q)
		if err != nil {
			t.Fatalf("sqlite %+v: %v", q, err)
		}
		b, err := pg.Search(ctx, q)
		if err != nil {
			t.Fatalf("postgres %+v: %v", q, err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("query %+v differs (-sqlite +postgres):\n%s", q, diff)
		}
		if q.Text != "" && a.Total == 0 {
			t.Errorf("query %q found nothing", q.Text)
		}
	}
}
