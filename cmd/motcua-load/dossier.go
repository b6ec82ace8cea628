package main

import (
	"bytes"
	"context"
	"encoding/json"
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
	"sync/atomic"
	"time"
)

// Dossier modes drive the JSON API as the counter and the offices do:
//
//	intake     POST /api/v1/dossiers (one new dossier per request, each with its own Idempotency-Key)
//	lifecycle  intake, then every action of the default process: forward, assign, forward (with the
//	           result), approve, sign, return_to_onestop, notify_early_return, return
//	receipt    GET /api/v1/dossiers/{code}/forms/01.pdf for dossiers received first (--prepare)
func init() {
	usage := "%s [--url http://127.0.0.1:8080] [--duration 20s] [--concurrency 32] [--max 1000000] [--procedure 1.004884]"
	register("intake", fmt.Sprintf(usage, "intake"), func(ctx context.Context, args []string) error { return runDossier(ctx, "intake", args) })
	register("lifecycle", fmt.Sprintf(usage, "lifecycle"), func(ctx context.Context, args []string) error { return runDossier(ctx, "lifecycle", args) })
	register("receipt", fmt.Sprintf(usage, "receipt")+" [--prepare 500]", func(ctx context.Context, args []string) error { return runDossier(ctx, "receipt", args) })
}

type loadConfig struct {
	base        string
	duration    time.Duration
	concurrency int
	max         int64
	procedure   string
	docs        int
	prepare     int
	password    string
	officer     string
	officers    []string // intake mode: spread over these officers (their centres)
	head        string
	specialist  string
	leader      string
	out         string
}

func runDossier(ctx context.Context, mode string, args []string) error {
	var c loadConfig
	fs := flag.NewFlagSet(mode, flag.ContinueOnError)
	fs.StringVar(&c.base, "url", "http://127.0.0.1:8080", "base URL of the running motcua (loopback only)")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "how long to run (at most 10m)")
	fs.IntVar(&c.concurrency, "concurrency", 32, "concurrent workers (at most 512)")
	fs.Int64Var(&c.max, "max", 1_000_000, "stop after this many operations")
	fs.StringVar(&c.procedure, "procedure", "1.004884", "procedure code (its checklist is fetched from the catalog API)")
	fs.IntVar(&c.docs, "docs", 6, "number of checklist items to tick")
	fs.IntVar(&c.prepare, "prepare", 500, "receipt mode: dossiers to receive before downloading their receipts")
	fs.StringVar(&c.password, "password", "Motcua@2026", "password of the demo users")
	fs.StringVar(&c.officer, "officer", "motcua.phuong.thanhsen1", "one-stop officer")
	officers := fs.String("officers", "", "intake mode: comma-separated officers of different centres to spread the load over (e.g. all five commune centres)")
	fs.StringVar(&c.head, "head", "tp.phuong.thanhsen", "division head")
	fs.StringVar(&c.specialist, "specialist", "cv.tuphap.phuong.thanhsen", "specialist")
	fs.StringVar(&c.leader, "leader", "ld.phuong.thanhsen", "agency leader")
	fs.StringVar(&c.out, "json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLoopback(c.base); err != nil {
		return err
	}
	for _, o := range strings.Split(*officers, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.officers = append(c.officers, o)
		}
	}
	if c.duration <= 0 || c.duration > 10*time.Minute {
		return errors.New("--duration must be in (0, 10m]")
	}
	if c.concurrency <= 0 || c.concurrency > 512 {
		return errors.New("--concurrency must be in [1, 512]")
	}
	cl := newClient(c.base, c.concurrency)
	tokens := map[string]string{}
	for _, u := range append([]string{c.officer, c.head, c.specialist, c.leader}, c.officers...) {
		tok, err := cl.login(ctx, u, c.password)
		if err != nil {
			return fmt.Errorf("login %s: %w", u, err)
		}
		tokens[u] = tok
	}
	run := &loadRun{cfg: c, cl: cl, tok: tokens, stats: map[string]*series{}}
	if mode == "receipt" {
		codes, err := run.prepareReceipts(ctx)
		if err != nil {
			return err
		}
		run.codes = codes
	}
	fmt.Printf("motcua-load %s: %s, %d workers, %v, GOMAXPROCS=%d\n", mode, c.base, c.concurrency, c.duration, runtime.GOMAXPROCS(0))
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < c.concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			for n := 0; ctx.Err() == nil && run.ops.Load() < c.max; n++ {
				var err error
				switch mode {
				case "intake":
					_, err = run.intakeAs(ctx, run.officerFor(w), fmt.Sprintf("load-%d-%d-%d", start.UnixNano(), w, n))
				case "lifecycle":
					err = run.lifecycle(ctx, fmt.Sprintf("load-%d-%d-%d", start.UnixNano(), w, n))
				case "receipt":
					err = run.receipt(ctx, run.codes[rng.IntN(len(run.codes))])
				}
				if err != nil && ctx.Err() == nil {
					run.fail(err)
				} else if err == nil {
					run.ops.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	return run.report(mode, elapsed)
}

// checkLoopback refuses any target but this machine.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host != "127.0.0.1" && host != "localhost" && host != "::1" {
		return fmt.Errorf("refusing to load %s: only 127.0.0.1/localhost targets are allowed", u.Host)
	}
	return nil
}

type client struct {
	base string
	http *http.Client
}

func newClient(base string, conc int) *client {
	tr := &http.Transport{MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, IdleConnTimeout: time.Minute,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	return &client{base: strings.TrimRight(base, "/"), http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("HTTP %d: %.200s", e.status, e.body) }

// do sends a request and decodes a JSON answer into out (when non-nil).
func (c *client) do(ctx context.Context, method, path, tok string, hdr map[string]string, body any, out any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, err
	}
	if res.StatusCode >= 300 {
		return res.StatusCode, b, &httpError{res.StatusCode, string(b)}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, b, err
		}
	}
	return res.StatusCode, b, nil
}

func (c *client) login(ctx context.Context, user, pw string) (string, error) {
	var out struct{ Token string }
	_, _, err := c.do(ctx, "POST", "/api/v1/login", "", nil, map[string]string{"username": user, "password": pw}, &out)
	return out.Token, err
}

type loadRun struct {
	cfg   loadConfig
	cl    *client
	tok   map[string]string
	codes []string
	ops   atomic.Int64
	fails atomic.Int64
	mu    sync.Mutex
	stats map[string]*series
	errs  map[string]int
}

type series struct{ d []time.Duration }

func (r *loadRun) observe(name string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stats[name]
	if s == nil {
		s = &series{}
		r.stats[name] = s
	}
	s.d = append(s.d, d)
}

func (r *loadRun) fail(err error) {
	r.fails.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.errs == nil {
		r.errs = map[string]int{}
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120]
	}
	r.errs[msg]++
}

type dossierView struct {
	Code    string `json:"code"`
	Version int64  `json:"version"`
	Status  string `json:"status"`
}

func (r *loadRun) timed(ctx context.Context, name, method, path, tok string, hdr map[string]string, body, out any) error {
	t0 := time.Now()
	_, _, err := r.cl.do(ctx, method, path, tok, hdr, body, out)
	if err == nil {
		r.observe(name, time.Since(t0))
	}
	return err
}

var applicantNames = []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Đặng Thị Hà"}

func (r *loadRun) officerFor(worker int) string {
	if len(r.cfg.officers) == 0 {
		return r.cfg.officer
	}
	return r.cfg.officers[worker%len(r.cfg.officers)]
}

func (r *loadRun) intake(ctx context.Context, key string) (*dossierView, error) {
	return r.intakeAs(ctx, r.cfg.officer, key)
}

func (r *loadRun) intakeAs(ctx context.Context, officer, key string) (*dossierView, error) {
	var docs []map[string]any
	for i := 0; i < r.cfg.docs; i++ {
		docs = append(docs, map[string]any{"index": i, "ticked": true})
	}
	n := rand.IntN(1_000_000_000)
	body := map[string]any{"procedure_code": r.cfg.procedure, "channel": "counter", "decision": "receive",
		"applicant": map[string]any{"kind": "person", "name": applicantNames[n%len(applicantNames)], "id_number": fmt.Sprintf("042%09d", n),
			"phone": "0912345678", "address": "Số " + fmt.Sprint(n%500) + ", phường Thành Sen"},
		"documents": docs, "delivery": map[string]any{"method": "counter"},
		"fees": map[string]any{"amount": 10000, "method": "cash", "receipt_number": fmt.Sprintf("BL-%d", n)}}
	var d dossierView
	err := r.timed(ctx, "intake", "POST", "/api/v1/dossiers", r.tok[officer], map[string]string{"Idempotency-Key": key}, body, &d)
	return &d, err
}

func (r *loadRun) act(ctx context.Context, d *dossierView, who, action string, extra map[string]any) error {
	body := map[string]any{"action": action, "version": d.Version}
	for k, v := range extra {
		body[k] = v
	}
	return r.timed(ctx, action, "POST", "/api/v1/dossiers/"+d.Code+"/actions", r.tok[who], nil, body, d)
}

func (r *loadRun) lifecycle(ctx context.Context, key string) error {
	t0 := time.Now()
	d, err := r.intake(ctx, key)
	if err != nil {
		return err
	}
	c := r.cfg
	steps := []struct {
		who, action string
		extra       map[string]any
	}{
		{c.officer, "forward", nil},
		{c.head, "assign", map[string]any{"assignee_username": c.specialist}},
		{c.specialist, "forward", map[string]any{"result_code": "KQ-" + d.Code[len(d.Code)-4:], "note": "Đủ điều kiện"}},
		{c.head, "approve", nil},
		{c.leader, "sign", nil},
		{c.leader, "return_to_onestop", nil},
		{c.officer, "notify_early_return", map[string]any{"channel": "sms"}},
		{c.officer, "return", map[string]any{"return": map[string]any{"received_by": "Người nộp"}}},
	}
	for _, s := range steps {
		if err := r.act(ctx, d, s.who, s.action, s.extra); err != nil {
			return fmt.Errorf("%s: %w", s.action, err)
		}
	}
	r.observe("lifecycle (9 requests)", time.Since(t0))
	return nil
}

func (r *loadRun) prepareReceipts(ctx context.Context) ([]string, error) {
	fmt.Printf("receiving %d dossiers first…\n", r.cfg.prepare)
	var codes []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr atomic.Value
	per := (r.cfg.prepare + 15) / 16
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				d, err := r.intake(ctx, fmt.Sprintf("prep-%d-%d-%d", time.Now().UnixNano(), w, i))
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				mu.Lock()
				codes = append(codes, d.Code)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return nil, err
	}
	// The first download renders the PDF (the server then keeps it); time
	// it separately so the steady state and the cold cost are both shown.
	fmt.Printf("first download of each receipt (rendering)…\n")
	r.stats = map[string]*series{}
	t0 := time.Now()
	var next atomic.Int64
	for w := 0; w < r.cfg.concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; int(i) < len(codes); i = next.Add(1) - 1 {
				if err := r.receipt(ctx, codes[i]); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return nil, err
	}
	cold := r.stats["receipt PDF"]
	sort.Slice(cold.d, func(i, j int) bool { return cold.d[i] < cold.d[j] })
	el := time.Since(t0)
	fmt.Printf("  first render: %d in %.1fs = %.0f/s  p50 %v  p99 %v\n", len(cold.d), el.Seconds(), float64(len(cold.d))/el.Seconds(),
		pct(cold.d, .5).Round(time.Microsecond*10), pct(cold.d, .99).Round(time.Microsecond*10))
	r.stats = map[string]*series{}
	return codes, nil
}

func (r *loadRun) receipt(ctx context.Context, code string) error {
	t0 := time.Now()
	_, b, err := r.cl.do(ctx, "GET", "/api/v1/dossiers/"+code+"/forms/01.pdf", r.tok[r.cfg.officer], nil, nil, nil)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(b, []byte("%PDF")) {
		return errors.New("not a PDF")
	}
	r.observe("receipt PDF", time.Since(t0))
	return nil
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d)-1) * p)
	return d[i]
}

func (r *loadRun) report(mode string, elapsed time.Duration) error {
	ops := r.ops.Load()
	fmt.Printf("%s: %d ok, %d failed in %.1fs = %.0f/s\n", mode, ops, r.fails.Load(), elapsed.Seconds(), float64(ops)/elapsed.Seconds())
	type row struct {
		Name     string  `json:"name"`
		N        int     `json:"n"`
		PerSec   float64 `json:"per_sec"`
		P50, P95 float64 `json:"-"`
		P50ms    float64 `json:"p50_ms"`
		P95ms    float64 `json:"p95_ms"`
		P99ms    float64 `json:"p99_ms"`
		Maxms    float64 `json:"max_ms"`
	}
	var rows []row
	var names []string
	for n := range r.stats {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	for _, n := range names {
		d := r.stats[n].d
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		if !strings.HasPrefix(n, "lifecycle") {
			total += len(d)
		}
		ms := func(x time.Duration) float64 { return float64(x.Microseconds()) / 1000 }
		rw := row{Name: n, N: len(d), PerSec: float64(len(d)) / elapsed.Seconds(), P50ms: ms(pct(d, .50)), P95ms: ms(pct(d, .95)),
			P99ms: ms(pct(d, .99)), Maxms: ms(d[len(d)-1])}
		rows = append(rows, rw)
		fmt.Printf("  %-24s n=%-8d %8.0f/s  p50 %7.2fms  p95 %7.2fms  p99 %7.2fms  max %7.1fms\n", n, rw.N, rw.PerSec, rw.P50ms, rw.P95ms, rw.P99ms, rw.Maxms)
	}
	fmt.Printf("  all requests: %d = %.0f/s\n", total, float64(total)/elapsed.Seconds())
	for msg, n := range r.errs {
		fmt.Printf("  error ×%d: %s\n", n, msg)
	}
	if r.cfg.out != "" {
		b, _ := json.MarshalIndent(map[string]any{"mode": mode, "ops": ops, "seconds": elapsed.Seconds(), "rows": rows, "errors": r.errs}, "", "  ")
		return os.WriteFile(r.cfg.out, b, 0o644)
	}
	return nil
}
