package procedure_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// Variations that turn the 46 demo procedures into a provincial-size catalog:
// the national database has a few thousand procedures per province, mostly
// families of one act ("Cấp", "Cấp lại", "Gia hạn" …) for different subjects.
var (
	benchVerbs      = []string{"", "Cấp lại ", "Gia hạn ", "Điều chỉnh ", "Xác nhận ", "Hủy bỏ ", "Thông báo "}
	benchQualifiers = []string{"", " cho người nước ngoài", " đối với tổ chức", " cho người Việt Nam định cư ở nước ngoài",
		" trong trường hợp đặc biệt", " tại khu kinh tế", " đối với hộ gia đình, cá nhân", " có yếu tố nước ngoài",
		" theo thủ tục rút gọn"}
)

// benchCatalog returns the demo catalog plus variations: 46 + 46×52 = 2,438 procedures.
func benchCatalog(tb testing.TB) *procedure.Catalog {
	var c procedure.Catalog
	if err := json.Unmarshal(demoJSON(tb), &c); err != nil {
		tb.Fatal(err)
	}
	base := c.Procedures
	n := 0
	for _, p := range base {
		k := 0
		for _, verb := range benchVerbs {
			for _, q := range benchQualifiers {
				if verb == "" && q == "" || k >= 52 {
					continue
				}
				v := p
				v.Documents = append([]procedure.Document(nil), p.Documents...)
				v.Fees = append([]procedure.Fee(nil), p.Fees...)
				n++
				v.Code = fmt.Sprintf("8.%06d", n)
				name := p.Name
				if verb != "" {
					r, size := utf8.DecodeRuneInString(name)
					name = verb + string(unicode.ToLower(r)) + name[size:]
				}
				v.Name = name + q
				v.Result.Code = "KQ." + v.Code
				c.Procedures = append(c.Procedures, v)
				k++
			}
		}
	}
	return &c
}

// loadBench builds a service over db with the benchmark catalog, where every
// fifth procedure also has a second version (history rows are scanned too).
func loadBench(tb testing.TB, db *store.DB) *procedure.Service {
	s := newService(tb, db, false)
	ctx := context.Background()
	c := benchCatalog(tb)
	b := &procedure.Batch{Catalog: *c, Format: "json"}
	for range c.Procedures {
		b.ProcAt = append(b.ProcAt, procedure.Loc{})
	}
	if rep, err := s.Import(ctx, admin, b, procedure.ImportOptions{Source: "bench"}); err != nil {
		tb.Fatalf("import: %v %v", err, rep.Errors[:min(5, len(rep.Errors))])
	}
	c2 := benchCatalog(tb)
	for i := range c2.Procedures {
		if i%5 == 0 {
			c2.Procedures[i].Name += " (sửa đổi)"
			c2.Procedures[i].EffectiveFrom = "2026-01-01"
		}
	}
	b2 := &procedure.Batch{Catalog: *c2, Format: "json", ProcAt: b.ProcAt}
	if rep, err := s.Import(ctx, admin, b2, procedure.ImportOptions{Source: "bench-v2"}); err != nil || rep.Updated == 0 {
		tb.Fatalf("import v2: %v %+v", err, rep)
	}
	return s
}

var benchQueries = []struct {
	name string
	q    procedure.Query
}{
	{"browse", procedure.Query{}},
	{"dang_ky_khai_sinh", procedure.Query{Text: "dang ky khai sinh"}},
	{"khai_sin_prefix", procedure.Query{Text: "khai sin"}},
	{"đăng_ký_accents", procedure.Query{Text: "Đăng ký"}},
	{"giay_phep_xay_dung", procedure.Query{Text: "giay phep xay dung"}},
	{"cap_lai", procedure.Query{Text: "cap lai"}},
	{"code", procedure.Query{Text: "1.001193"}},
	{"field_filter", procedure.Query{Text: "ho kinh doanh", Field: "HKD"}},
	{"level_receiver", procedure.Query{Text: "thuong tru", Level: procedure.LevelCommune, Agency: "@commune_center"}},
	{"page_5", procedure.Query{Text: "dang ky", Page: 5}},
	{"no_hit", procedure.Query{Text: "xyzzy"}},
	{"reload_after_write", procedure.Query{Text: "dang ky khai sinh"}},
	{"generation_check_only", procedure.Query{}},
}

// BenchmarkSearch measures catalog search over 2,438 procedures (2,926
// version rows) on SQLite and PostgreSQL and reports p50/p95 latency per
// query. Run: MOTCUA_TEST_DATABASE_URL=… go test -run '^$' -bench Search -benchtime 300x ./internal/procedure/
func BenchmarkSearch(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			var db *store.DB
			if kind == "sqlite" {
				db = testdb.NewSQLite(b)
			} else {
				db = testdb.NewPostgres(b)
			}
			s := loadBench(b, db)
			ctx := context.Background()
			for _, bq := range benchQueries {
				b.Run(bq.name, func(b *testing.B) {
					var ds []time.Duration
					hits := 0
					for b.Loop() {
						if bq.name == "reload_after_write" {
							// A catalog write elsewhere: the next search reloads the index.
							if _, err := db.Exec(ctx, `UPDATE procedure_catalog_state SET generation = generation + 1 WHERE id = 1`); err != nil {
								b.Fatal(err)
							}
						}
						t0 := time.Now()
						if bq.name == "generation_check_only" {
							// The database part of every search: one tiny row.
							var g int64
							if err := db.QueryRow(ctx, `SELECT generation FROM procedure_catalog_state WHERE id = 1`).Scan(&g); err != nil {
								b.Fatal(err)
							}
							ds = append(ds, time.Since(t0))
							continue
						}
						r, err := s.Search(ctx, bq.q)
						ds = append(ds, time.Since(t0))
						if err != nil {
							b.Fatal(err)
						}
						hits = r.Total
					}
					sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
					pct := func(p float64) float64 {
						return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
					}
					b.ReportMetric(pct(0.50), "p50-ms")
					b.ReportMetric(pct(0.95), "p95-ms")
					b.ReportMetric(float64(hits), "hits")
				})
			}
		})
	}
}

// TestBenchCatalogSearchSame checks, at benchmark size, that both databases
// return the same pages for the benchmark queries.
func TestBenchCatalogSearchSame(t *testing.T) {
	if testing.Short() {
		t.Skip("large catalog")
	}
	ctx := context.Background()
	lite := loadBench(t, testdb.NewSQLite(t))
	pg := loadBench(t, testdb.NewPostgres(t))
	for _, bq := range benchQueries {
		a, err := lite.Search(ctx, bq.q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pg.Search(ctx, bq.q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s differs (-sqlite +postgres):\n%s", bq.name, diff)
		}
	}
}
