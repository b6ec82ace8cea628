package dossier_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

// BenchmarkIntakeService measures Service.Intake alone (no HTTP) on SQLite.
func BenchmarkIntakeService(b *testing.B) { benchIntakeService(b, testdb.NewSQLite(b)) }

// BenchmarkIntakeServicePostgres is the same on PostgreSQL.
func BenchmarkIntakeServicePostgres(b *testing.B) { benchIntakeService(b, testdb.NewPostgres(b)) }

func benchIntakeService(b *testing.B, db *store.DB) {
	f := newFixture(b, db)
	p := f.user(officerTS)
	in := f.intakeInput(procReregBirth)
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := f.svc.Intake(context.Background(), p, in, fmt.Sprint("k", n.Add(1))); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkReceiptService measures the first rendering of a receipt (Mẫu
// 01) through Service.WriteForm on SQLite: the scoped lookup, the dossier,
// the agency header and the PDF, on GOMAXPROCS goroutines. Every iteration
// renders a dossier received before the timer started, so nothing comes
// from the rendered-form cache.
func BenchmarkReceiptService(b *testing.B) { benchReceiptService(b, testdb.NewSQLite(b)) }

// BenchmarkReceiptServicePostgres is the same on PostgreSQL.
func BenchmarkReceiptServicePostgres(b *testing.B) { benchReceiptService(b, testdb.NewPostgres(b)) }

func benchReceiptService(b *testing.B, db *store.DB) {
	f := newFixture(b, db)
	p := f.user(officerTS)
	in := f.intakeInput(procReregBirth)
	ctx := context.Background()
	codes := make([]string, b.N)
	for i := range codes {
		d, err := f.svc.Intake(ctx, p, in, "")
		if err != nil {
			b.Fatal(err)
		}
		codes[i] = d.Code
	}
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var buf bytes.Buffer
		for pb.Next() {
			buf.Reset()
			if err := f.svc.WriteForm(ctx, p, codes[n.Add(1)-1], dossier.Form01, &buf); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "receipts/s")
}

// BenchmarkIntakeHTTP measures POST /api/v1/dossiers through the real
// server (SQLite, synchronous=FULL). Run with -cpu and -cpuprofile.
func BenchmarkIntakeHTTP(b *testing.B) {
	e := startAPI(b, apptest.Options{Env: map[string]string{"MOTCUA_SQLITE_SYNCHRONOUS": "FULL", "MOTCUA_LOG_LEVEL": "error"}})
	tok := e.Token(b, "motcua.phuong.thanhsen1", "")
	body, _ := json.Marshal(intakeBody("1.004884", 6))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", e.URL+"/api/v1/dossiers", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprint("b", n.Add(1)))
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			var buf bytes.Buffer
			buf.ReadFrom(res.Body)
			res.Body.Close()
			if res.StatusCode != 201 {
				b.Errorf("status %d %s", res.StatusCode, buf.String())
				return
			}
		}
	})
}
