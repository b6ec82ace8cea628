package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

func init() {
	register("tracking", "tracking seed --database-url DSN|--data DIR [--n 1000000] | tracking run [--url http://127.0.0.1:8080] [--duration 30s] [--concurrency 32] [--n 1000000] [--unknown 0.1]",
		runTracking)
}

// benchAgency is the agency the benchmark dossiers belong to (a unit code
// that no real agency of the demo province uses).
const benchAgency = "999.00.00.H27"

// perDay dossier codes are issued per benchmark day (the codes look like
// real ones: 999.00.00.H27-240101-0001).
const perDay = 2000

var benchStart = time.Date(2024, 1, 1, 2, 0, 0, 0, time.UTC)

func benchCode(i int) string {
	day := benchStart.AddDate(0, 0, i/perDay)
	return fmt.Sprintf("%s-%s-%04d", benchAgency, day.Format("060102"), i%perDay+1)
}

// unknownCode has the same shape and length as benchCode but never exists.
func unknownCode(i int) string {
	day := benchStart.AddDate(0, 0, i/perDay)
	return fmt.Sprintf("998.00.00.H27-%s-%04d", day.Format("060102"), i%perDay+1)
}

func runTracking(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("tracking: want seed or run")
	}
	switch args[0] {
	case "seed":
		return seedCmd(ctx, args[1:])
	case "run":
		return runCmd(ctx, args[1:])
	}
	return fmt.Errorf("tracking: unknown subcommand %q", args[0])
}

func seedCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("tracking seed", flag.ContinueOnError)
	dsn := fs.String("database-url", os.Getenv("MOTCUA_DATABASE_URL"), "PostgreSQL URL (postgres://…)")
	data := fs.String("data", os.Getenv("MOTCUA_DATA"), "data directory of a SQLite installation (used when --database-url is empty)")
	n := fs.Int("n", 1_000_000, "number of benchmark dossiers wanted in total")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" {
		if *data == "" {
			return errors.New("tracking seed: --database-url or --data is required")
		}
		*dsn = *data + "/motcua.db"
	}
	db, err := store.Open(ctx, *dsn, store.Options{SQLiteSynchronous: "NORMAL"})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	return seed(ctx, db, *n)
}

var surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
var middles = []string{"Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Thu", "Hoài"}
var givens = []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hường", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vy", "Yến"}
var procedures = [][2]string{{"1.001193", "Đăng ký khai sinh"}, {"1.000894", "Đăng ký kết hôn"}, {"2.000488", "Cấp Phiếu lý lịch tư pháp"},
	{"1.001612", "Đăng ký thành lập hộ kinh doanh"}, {"1.013225", "Cấp giấy phép xây dựng nhà ở riêng lẻ"}}
var statuses = []string{"returned", "returned", "returned", "processing", "received", "awaiting_supplement", "result_ready", "consulting"}

// seed bulk-inserts benchmark dossiers (two steps each) with multi-row
// INSERTs, 500 rows a statement and 10,000 dossiers a transaction. It
// bypasses the dossier service on purpose: this is test data.
func seed(ctx context.Context, db *store.DB, n int) error {
	ag, err := (&agency.Service{DB: db}).ByCode(ctx, benchAgency)
	if err != nil {
		ag = &agency.Agency{Code: benchAgency, Name: "Trung tâm Phục vụ hành chính công (dữ liệu đo tải)", Kind: agency.KindCenter}
		if err := (&agency.Service{DB: db}).Create(ctx, audit.System, ag); err != nil {
			return fmt.Errorf("create benchmark agency: %w", err)
		}
	}
	var have int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE receiving_agency_id = $1`, ag.ID).Scan(&have); err != nil {
		return err
	}
	var nextID, nextStep int64
	db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM dossiers`).Scan(&nextID)
	db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM dossier_steps`).Scan(&nextStep)
	fmt.Printf("benchmark dossiers: %d present, %d wanted (%s)\n", have, n, db.Dialect)
	start := time.Now()
	rng := rand.New(rand.NewPCG(uint64(have), 7))
	const batch, perTx = 500, 10_000
	for i := have; i < n; {
		end := min(i+perTx, n)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for j := i; j < end; j += batch {
				k := min(j+batch, end)
				var dq, sq strings.Builder
				dq.WriteString(`INSERT INTO dossiers (id, code, status, channel, procedure_code, procedure_name, receiving_agency_id, handling_agency_id,
					applicant_kind, applicant_name, applicant_name_folded, applicant_id_number, detail, received_at, due_at, finished_at, created_at, updated_at) VALUES `)
				sq.WriteString(`INSERT INTO dossier_steps (id, dossier_id, seq, name, kind, agency_id, role, status, started_at, due_at, finished_at) VALUES `)
				var dargs, sargs []any
				for x := j; x < k; x++ {
					id := nextID + int64(x-have)
					p := procedures[rng.IntN(len(procedures))]
					name := surnames[rng.IntN(len(surnames))] + " " + middles[rng.IntN(len(middles))] + " " + givens[rng.IntN(len(givens))]
					status := statuses[rng.IntN(len(statuses))]
					recv := benchStart.AddDate(0, 0, x/perDay).Add(time.Duration(x%perDay) * 10 * time.Second)
					due := recv.Add(5 * 24 * time.Hour)
					var fin any
					if status == "returned" || status == "result_ready" {
						fin = store.Millis(recv.Add(72 * time.Hour))
					}
					if x > j {
						dq.WriteString(", ")
						sq.WriteString(", ")
					}
					dq.WriteString(row(db.Dialect, len(dargs), "#,#,#,'counter',#,#,#,#,'person',#,#,#,'{}',#,#,#,#,#"))
					dargs = append(dargs, id, benchCode(x), status, p[0], p[1], ag.ID, ag.ID, name, textfold.Fold(name),
						fmt.Sprintf("042%09d", x), store.Millis(recv), store.Millis(due), fin, store.Millis(recv), store.Millis(recv))
					for s := 0; s < 2; s++ {
						st, sfin := "done", fin
						if fin == nil && s == 1 {
							st, sfin = "open", nil
						}
						if s > 0 {
							sq.WriteString(", ")
						}
						sq.WriteString(row(db.Dialect, len(sargs), "#,#,#,#,'process',#,'specialist',#,#,#,#"))
						stepName := []string{"Tiếp nhận, chuyển hồ sơ", "Thẩm định, trình ký"}[s]
						sargs = append(sargs, nextStep+int64(2*(x-have)+s), id, s+1, stepName, ag.ID, st, store.Millis(recv), store.Millis(due), sfin)
					}
				}
				if _, err := tx.Exec(ctx, dq.String(), dargs...); err != nil {
					return fmt.Errorf("insert dossiers: %w", err)
				}
				if _, err := tx.Exec(ctx, sq.String(), sargs...); err != nil {
					return fmt.Errorf("insert steps: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		i = end
		if i%100_000 == 0 || i == n {
			fmt.Printf("  %d dossiers (%.0f/s)\n", i, float64(i-have)/time.Since(start).Seconds())
		}
	}
	if db.Dialect == store.Postgres {
		// Explicit ids do not move the sequences; later inserts must not collide.
		for _, t := range []string{"dossiers", "dossier_steps"} {
			if _, err := db.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
				return err
			}
		}
		db.Exec(ctx, `ANALYZE dossiers`)
		db.Exec(ctx, `ANALYZE dossier_steps`)
	} else {
		db.Exec(ctx, `ANALYZE`)
	}
	fmt.Printf("done in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// row renders "(…)" with each # replaced by a placeholder numbered from
// base+1: "$n" on PostgreSQL, a bare "?" on SQLite (numbered ?NNN make the
// SQLite driver look every parameter's name up, quadratic in a
// 10,000-parameter statement).
func row(d store.Dialect, base int, pattern string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, c := range pattern {
		if c != '#' {
			b.WriteRune(c)
			continue
		}
		base++
		if d == store.Postgres {
			fmt.Fprintf(&b, "$%d", base)
		} else {
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
	return b.String()
}

func loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	ip := net.ParseIP(u.Hostname())
	if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("refusing to load %s: only 127.0.0.1/localhost targets are allowed", u.Host)
	}
	return nil
}

func runCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("tracking run", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "base URL of the running motcua (loopback only)")
	dur := fs.Duration("duration", 30*time.Second, "measured duration (after warm-up)")
	warm := fs.Duration("warmup", 3*time.Second, "warm-up before measuring")
	conc := fs.Int("concurrency", 32, "concurrent connections")
	n := fs.Int("n", 1_000_000, "benchmark codes to draw from (as seeded)")
	unknown := fs.Float64("unknown", 0.1, "fraction of lookups of codes that do not exist")
	baseline := fs.Bool("baseline", false, "request /healthz instead (the HTTP stack's ceiling on this machine)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := loopback(*base); err != nil {
		return err
	}
	if *dur > 10*time.Minute {
		return errors.New("duration is capped at 10 minutes")
	}
	tr := &http.Transport{MaxIdleConns: *conc, MaxIdleConnsPerHost: *conc, DisableCompression: true, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	type result struct {
		known, miss []time.Duration
		status      map[int]int
		errs        int
	}
	var wg sync.WaitGroup
	results := make([]*result, *conc)
	warmEnd := time.Now().Add(*warm)
	end := warmEnd.Add(*dur)
	for w := 0; w < *conc; w++ {
		r := &result{status: map[int]int{}}
		results[w] = r
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 99))
			for {
				now := time.Now()
				if now.After(end) || ctx.Err() != nil {
					return
				}
				i := rng.IntN(*n)
				isMiss := rng.Float64() < *unknown
				code := benchCode(i)
				if isMiss {
					code = unknownCode(i)
				}
				t0 := time.Now()
				target := *base + "/api/v1/tracking/" + url.PathEscape(code)
				if *baseline {
					target = *base + "/healthz"
				}
				res, err := client.Get(target)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				d := time.Since(t0)
				if t0.Before(warmEnd) {
					continue
				}
				if err != nil {
					r.errs++
					continue
				}
				r.status[res.StatusCode]++
				if isMiss {
					r.miss = append(r.miss, d)
				} else {
					r.known = append(r.known, d)
				}
			}
		}(uint64(w + 1))
	}
	wg.Wait()
	var all, known, miss []time.Duration
	status := map[int]int{}
	errs := 0
	for _, r := range results {
		known = append(known, r.known...)
		miss = append(miss, r.miss...)
		for k, v := range r.status {
			status[k] += v
		}
		errs += r.errs
	}
	all = append(append(all, known...), miss...)
	if len(all) == 0 {
		return errors.New("no request completed")
	}
	fmt.Printf("target %s, %d connections, %s measured after %s warm-up, GOMAXPROCS=%d, %.0f%% unknown codes\n",
		*base, *conc, *dur, *warm, runtime.GOMAXPROCS(0), *unknown*100)
	fmt.Printf("requests %d, %.0f req/s, errors %d, statuses %v\n", len(all), float64(len(all))/dur.Seconds(), errs, status)
	pr := func(name string, ds []time.Duration) {
		if len(ds) == 0 {
			return
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Printf("%-8s n=%-8d p50 %-9v p90 %-9v p99 %-9v p99.9 %-9v max %v\n", name, len(ds),
			q(.50).Round(time.Microsecond), q(.90).Round(time.Microsecond), q(.99).Round(time.Microsecond), q(.999).Round(time.Microsecond), ds[len(ds)-1].Round(time.Microsecond))
	}
	pr("all", all)
	pr("known", known)
	pr("unknown", miss)
	return nil
}
