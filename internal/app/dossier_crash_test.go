package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
)

// crashServer runs the real motcua binary on a SQLite data directory.
type crashServer struct {
	t    *testing.T
	bin  string
	dir  string
	addr string
	cmd  *exec.Cmd
	log  bytes.Buffer
}

func (s *crashServer) env() []string {
	return append(os.Environ(), "MOTCUA_DATA="+s.dir, "MOTCUA_ADDR="+s.addr, "MOTCUA_ADMIN_PASSWORD=Quantri@2026-crash",
		"MOTCUA_SQLITE_SYNCHRONOUS=FULL", "MOTCUA_LOG_LEVEL=warn", "MOTCUA_DATABASE_URL=")
}

func (s *crashServer) start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "serve")
	s.cmd.Env = s.env()
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("server did not become ready:\n%s", s.log.String())
}

func (s *crashServer) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

func (s *crashServer) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestDossierIntakeSurvivesKill builds the real binary, streams intakes with
// idempotency keys from several goroutines, SIGKILLs the server mid-stream,
// restarts it on the same data and retries every request that got no
// answer: every acknowledged dossier exists exactly once, every key gives
// one dossier, no code is issued twice, and `motcua audit verify` passes
// (product.md: nothing acknowledged is ever lost; the same request twice
// creates one dossier).
func TestDossierIntakeSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	s := &crashServer{t: t, bin: filepath.Join(t.TempDir(), "motcua"), dir: t.TempDir(), addr: freeAddr(t)}
	build := exec.Command("go", "build", "-o", s.bin, "./cmd/motcua")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s.start()
	ensureCatalog(t, filepath.Join(s.dir, "motcua.db"))
	base := "http://" + s.addr
	tok := apiLogin(t, base, "motcua.phuong.thanhsen1", "Motcua@2026")

	type result struct {
		status int
		code   string
	}
	var mu sync.Mutex
	bodies := map[string][]byte{}
	acked := map[string]string{} // key → code
	var unanswered []string
	client := &http.Client{Timeout: 10 * time.Second}
	send := func(key string, body []byte) (result, error) {
		req, _ := http.NewRequest("POST", base+"/api/v1/dossiers", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Idempotency-Key", key)
		res, err := client.Do(req)
		if err != nil {
			return result{}, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return result{}, err
		}
		var d struct{ Code string }
		json.Unmarshal(b, &d)
		return result{res.StatusCode, d.Code}, nil
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("crash-%d-%d", g, i)
				body := crashBody(g*100000 + i)
				mu.Lock()
				bodies[key] = body
				mu.Unlock()
				r, err := send(key, body)
				mu.Lock()
				switch {
				case err != nil:
					unanswered = append(unanswered, key)
				case r.status == 201 || r.status == 200:
					acked[key] = r.code
				default:
					mu.Unlock()
					t.Errorf("intake %s: status %d", key, r.status)
					return
				}
				mu.Unlock()
				if err != nil {
					return // the server is gone
				}
			}
		}()
	}
	// Let some dossiers through, then kill the server in the middle of the stream.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 {
			break
		}
	}
	s.kill()
	close(stop)
	wg.Wait()
	mu.Lock()
	t.Logf("before the kill: %d acknowledged, %d unanswered", len(acked), len(unanswered))
	if len(acked) == 0 || len(unanswered) == 0 {
		t.Fatalf("the kill did not land mid-stream (acked %d, unanswered %d)", len(acked), len(unanswered))
	}
	mu.Unlock()

	s.start()
	defer s.stop()
	for _, key := range unanswered {
		r, err := send(key, bodies[key])
		if err != nil || (r.status != 200 && r.status != 201) || r.code == "" {
			t.Fatalf("retry %s: %+v %v", key, r, err)
		}
		acked[key] = r.code
	}
	// Acknowledged requests replayed give the same code (and no new dossier).
	n := 0
	for key, code := range acked {
		if n++; n > 50 {
			break
		}
		if r, err := send(key, bodies[key]); err != nil || r.status != 200 || r.code != code {
			t.Fatalf("replay %s: %+v %v (want %s)", key, r, err, code)
		}
	}
	s.stop()

	db, err := store.Open(context.Background(), filepath.Join(s.dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var total, distinct, keys int
	db.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers`).Scan(&total, &distinct)
	db.QueryRow(ctx, `SELECT COUNT(*) FROM dossier_idempotency WHERE key LIKE 'crash-%'`).Scan(&keys)
	if total != len(acked) || distinct != total || keys != total {
		t.Fatalf("%d dossiers, %d distinct codes, %d keys for %d requests", total, distinct, keys, len(acked))
	}
	for key, code := range acked {
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d JOIN dossier_idempotency i ON i.dossier_id = d.id WHERE i.key = $1 AND d.code = $2`, key, code).Scan(&n)
		if n != 1 {
			t.Fatalf("key %s → %s: %d dossiers", key, code, n)
		}
	}
	verify := exec.Command(s.bin, "audit", "verify")
	verify.Env = s.env()
	out, err := verify.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK:") {
		t.Fatalf("motcua audit verify: %v\n%s", err, out)
	}
	t.Logf("after restart: %d dossiers, %s", total, strings.TrimSpace(string(out)))
}

func crashBody(n int) []byte {
	var docs []map[string]any
	for i := 0; i < 6; i++ {
		docs = append(docs, map[string]any{"index": i, "ticked": true})
	}
	b, _ := json.Marshal(map[string]any{"procedure_code": "1.004884", "channel": "counter", "decision": "receive",
		"applicant": map[string]any{"kind": "person", "name": "Người Nộp Thứ " + fmt.Sprint(n), "id_number": fmt.Sprintf("042%09d", n)},
		"documents": docs, "delivery": map[string]any{"method": "counter"}})
	return b
}

func apiLogin(t *testing.T, base, user, pw string) string {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"username": user, "password": pw})
	res, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	json.NewDecoder(res.Body).Decode(&out)
	if out.Token == "" {
		t.Fatalf("login %s: %d", user, res.StatusCode)
	}
	return out.Token
}

// ensureCatalog imports the demo catalog into a running server's database
// when its catalog module has not loaded it.
func ensureCatalog(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM procedures`).Scan(&n); err != nil || n > 0 {
		return
	}
	raw, _ := demo.Files.ReadFile("data/catalog.json")
	b, err := procedure.DecodeJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&procedure.Service{DB: db}).Import(ctx, audit.System, b, procedure.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}
