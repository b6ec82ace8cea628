package dossier_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/procedure"
)

// startAPI starts the real app (demo province) and makes sure the demo
// catalog is loaded.
func startAPI(t testing.TB, opts ...apptest.Options) *apptest.Env {
	t.Helper()
	e := apptest.Start(t, opts...)
	ctx := context.Background()
	var n int
	if err := e.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM procedures`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		raw, _ := demo.Files.ReadFile("data/catalog.json")
		b, err := procedure.DecodeJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&procedure.Service{DB: e.App.DB}).Import(ctx, audit.System, b, procedure.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

type apiDossier struct {
	Code             string `json:"code"`
	Status           string `json:"status"`
	Version          int64  `json:"version"`
	DVCQGStatus      int    `json:"dvcqg_status"`
	DueAt            string `json:"due_at"`
	AvailableActions []struct {
		Action string `json:"action"`
	} `json:"available_actions"`
	Forms map[string]string `json:"forms"`
	Steps []struct {
		Kind    string `json:"kind"`
		Status  string `json:"status"`
		Verdict string `json:"verdict"`
	} `json:"steps"`
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func intakeBody(proc string, docs int) map[string]any {
	var ds []map[string]any
	for i := 0; i < docs; i++ {
		ds = append(ds, map[string]any{"index": i, "ticked": true})
	}
	return map[string]any{"procedure_code": proc, "channel": "counter", "decision": "receive",
		"applicant": map[string]any{"kind": "person", "name": "Lê Văn Nam", "id_number": "042088001122", "phone": "0987654321"},
		"documents": ds, "delivery": map[string]any{"method": "counter"}, "fees": map[string]any{"amount": 0, "method": "cash"}}
}

func upload(t *testing.T, e *apptest.Env, tok string, name string, content []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+"/api/v1/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func get(t *testing.T, e *apptest.Env, tok, path string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

// The API end to end: upload a scan, receive with an idempotency key, act
// through the whole process, and the scope rule on every endpoint.
func TestAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			e := startAPI(t, apptest.Options{Postgres: pg})
			testAPI(t, e)
		})
	}
}

func testAPI(t *testing.T, e *apptest.Env) {
	off := e.Token(t, "motcua.phuong.thanhsen1", "")
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("scan "), 100)...)
	st, b := upload(t, e, off, "to-khai.pdf", pdf)
	var blob struct{ SHA256, MIME string }
	if st != 201 || json.Unmarshal(b, &blob) != nil || blob.MIME != "application/pdf" {
		t.Fatalf("upload %d %s", st, b)
	}
	// Wrong type and oversize: 400, nothing stored.
	if st, b := upload(t, e, off, "x.html", []byte("<html>hi</html>")); st != 400 || !strings.Contains(string(b), "PDF, JPEG hoặc PNG") {
		t.Fatalf("html upload %d %s", st, b)
	}
	big := append([]byte("%PDF-"), bytes.Repeat([]byte("a"), 21<<20)...)
	if st, b := upload(t, e, off, "big.pdf", big); st != 400 || !strings.Contains(string(b), "quá lớn") {
		t.Fatalf("big upload %d %.200s", st, b)
	}
	body := intakeBody("1.004884", 6)
	body["documents"].([]map[string]any)[0]["files"] = []string{blob.SHA256}
	hdr := http.Header{"Idempotency-Key": {"api-key-1"}}
	st, b = e.Raw(t, "POST", "/api/v1/dossiers", off, body, hdr)
	var d apiDossier
	if st != 201 || json.Unmarshal(b, &d) != nil || d.Status != "received" || d.Forms["01"] == "" {
		t.Fatalf("intake %d %s", st, b)
	}
	st2, b2 := e.Raw(t, "POST", "/api/v1/dossiers", off, body, hdr)
	if st2 != 200 || !bytes.Equal(b, b2) {
		t.Fatalf("replay %d", st2)
	}
	body["applicant"].(map[string]any)["name"] = "Người khác"
	var ae apiError
	st, b = e.Raw(t, "POST", "/api/v1/dossiers", off, body, hdr)
	if json.Unmarshal(b, &ae); st != 422 || ae.Error.Code != "unprocessable" {
		t.Fatalf("reused key %d %s", st, b)
	}
	bad := intakeBody("1.004884", 6)
	bad["applicant"].(map[string]any)["id_number"] = "12345"
	if st := e.JSON(t, "POST", "/api/v1/dossiers", off, bad, &ae); st != 400 || ae.Error.Fields["applicant.id_number"] == "" {
		t.Fatalf("malformed id %d %+v", st, ae)
	}
	missing := intakeBody("1.004884", 1)
	if st := e.JSON(t, "POST", "/api/v1/dossiers", off, missing, &ae); st != 422 || !strings.Contains(ae.Error.Message, "Thiếu thành phần") {
		t.Fatalf("missing document %d %+v", st, ae)
	}
	if st := e.JSON(t, "POST", "/api/v1/dossiers", off, intakeBody("9.999999", 1), &ae); st != 404 {
		t.Fatalf("unknown procedure %d %+v", st, ae)
	}
	// Receipt PDF with QR code.
	if st, b, h := get(t, e, off, "/api/v1/dossiers/"+d.Code+"/forms/01.pdf"); st != 200 || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("Mẫu 01: %d %s", st, h.Get("Content-Type"))
	}
	// Stale version → 409.
	act := func(tok, action string, extra map[string]any) (int, apiDossier, apiError) {
		in := map[string]any{"action": action, "version": d.Version}
		for k, v := range extra {
			in[k] = v
		}
		st, b := e.Raw(t, "POST", "/api/v1/dossiers/"+d.Code+"/actions", tok, in, nil)
		var out apiDossier
		var ae apiError
		if st == 200 {
			json.Unmarshal(b, &out)
			d = out
		} else {
			json.Unmarshal(b, &ae)
		}
		return st, out, ae
	}
	if st, _, _ := act(off, "forward", nil); st != 200 || d.Status != "processing" {
		t.Fatalf("forward %d", st)
	}
	stale := d.Version - 1
	if st, b := e.Raw(t, "POST", "/api/v1/dossiers/"+d.Code+"/actions", off, map[string]any{"action": "forward", "version": stale}, nil); st != 409 {
		t.Fatalf("stale %d %s", st, b)
	}
	head := e.Token(t, "tp.phuong.thanhsen", "")
	var me struct{}
	_ = me
	spec := e.Token(t, "cv.tuphap.phuong.thanhsen", "")
	var specID int64
	e.App.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'cv.tuphap.phuong.thanhsen'`).Scan(&specID)
	if st, _, ae := act(head, "assign", map[string]any{"assignee": specID}); st != 200 {
		t.Fatalf("assign %d %+v", st, ae)
	}
	// Inbox of the specialist.
	var inbox struct {
		Items []struct {
			Code     string `json:"code"`
			StepKind string `json:"step_kind"`
		} `json:"items"`
	}
	if st := e.JSON(t, "GET", "/api/v1/inbox", spec, nil, &inbox); st != 200 || len(inbox.Items) != 1 || inbox.Items[0].Code != d.Code {
		t.Fatalf("inbox %d %+v", st, inbox)
	}
	// Not the specialist's action: 403 with a message; the dossier is unchanged.
	if st, _, ae := act(spec, "sign", nil); st != 422 || ae.Error.Message == "" {
		t.Fatalf("sign by specialist %d %+v", st, ae)
	}

	// Scope: an officer of another commune gets 404 everywhere.
	other := e.Token(t, "motcua.phuong.hahuytap1", "")
	otherSpec := e.Token(t, "cv.tuphap.phuong.hahuytap", "")
	for _, tok := range []string{other, otherSpec} {
		for _, p := range []string{"/api/v1/dossiers/" + d.Code, "/api/v1/dossiers/" + d.Code + "/history", "/api/v1/dossiers/" + d.Code + "/forms/01.pdf",
			"/api/v1/dossiers/" + d.Code + "/forms/05.pdf", "/api/v1/files/" + blob.SHA256} {
			if st, b, _ := get(t, e, tok, p); st != 404 {
				t.Errorf("GET %s by another commune = %d %s", p, st, b)
			}
		}
		if st, b := e.Raw(t, "POST", "/api/v1/dossiers/"+d.Code+"/actions", tok, map[string]any{"action": "forward", "version": d.Version}, nil); st != 404 {
			t.Errorf("action by another commune = %d %s", st, b)
		}
		var page struct {
			Total int `json:"total"`
		}
		if st := e.JSON(t, "GET", "/api/v1/dossiers?q="+d.Code, tok, nil, &page); st != 200 || page.Total != 0 {
			t.Errorf("list by another commune shows %d", page.Total)
		}
		if st := e.JSON(t, "GET", "/api/v1/inbox", tok, nil, &inbox); st != 200 || len(inbox.Items) != 0 {
			t.Errorf("inbox of another commune %+v", inbox)
		}
	}
	// The same-commune officer sees it in the list, by code and by folded name.
	var page struct {
		Total int `json:"total"`
		Items []struct {
			Code string `json:"code"`
		} `json:"items"`
	}
	for _, q := range []string{d.Code, "le van nam", "NAM"} {
		if st := e.JSON(t, "GET", "/api/v1/dossiers?q="+strings.ReplaceAll(q, " ", "+"), off, nil, &page); st != 200 || page.Total != 1 {
			t.Errorf("list q=%q: %d %d", q, st, page.Total)
		}
	}
	if st := e.JSON(t, "GET", "/api/v1/dossiers?status=processing&procedure=1.004884", off, nil, &page); st != 200 || page.Total != 1 {
		t.Errorf("list by status: %d", page.Total)
	}
	if st := e.JSON(t, "GET", "/api/v1/dossiers?status=bogus", off, nil, &ae); st != 400 {
		t.Errorf("bad status filter %d", st)
	}
	// The scan is readable in scope.
	if st, b, h := get(t, e, spec, "/api/v1/files/"+blob.SHA256); st != 200 || !bytes.Equal(b, pdf) || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("file in scope %d", st)
	}
	// Through the rest of the process.
	for _, s := range []struct{ tok, action string }{{spec, "attach_result"}, {spec, "forward"}, {head, "approve"}} {
		extra := map[string]any{}
		if s.action == "attach_result" {
			extra["result_code"] = "01/2026/GKS"
		}
		if st, _, ae := act(s.tok, s.action, extra); st != 200 {
			t.Fatalf("%s %d %+v", s.action, st, ae)
		}
	}
	lead := e.Token(t, "ld.phuong.thanhsen", "")
	for _, a := range []string{"sign", "return_to_onestop"} {
		if st, _, ae := act(lead, a, nil); st != 200 {
			t.Fatalf("%s %d %+v", a, st, ae)
		}
	}
	act(off, "notify_early_return", map[string]any{"channel": "phone"})
	if st, _, ae := act(off, "return", map[string]any{"return": map[string]any{"received_by": "Lê Văn Nam"}}); st != 200 || d.Status != "returned" {
		t.Fatalf("return %d %+v", st, ae)
	}
	// Tracking book (Mẫu 06), PDF and XLSX.
	for _, f := range []string{"pdf", "xlsx"} {
		st, b, _ := get(t, e, off, "/api/v1/tracking-book?agency=001.01.00.H27&format="+f)
		if st != 200 || len(b) < 100 {
			t.Fatalf("tracking book %s: %d", f, st)
		}
	}
	if st, _, _ := get(t, e, other, "/api/v1/tracking-book?agency=001.01.00.H27"); st != 404 {
		t.Fatalf("other commune's tracking book: %d", st)
	}
	// The audit chain still verifies.
	if n, err := audit.Verify(context.Background(), e.App.DB); err != nil || n == 0 {
		t.Fatalf("audit %d %v", n, err)
	}
	_ = fmt.Sprint
}
