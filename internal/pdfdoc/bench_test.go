package pdfdoc_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/motcua/motcua/internal/pdfdoc"
)

// BenchmarkReceipt renders Mẫu 01 with the sample data on one goroutine.
// Run with -cpu 1,2 to see the effect of more cores;
// BenchmarkReceiptParallel reports the throughput of all of them.
func BenchmarkReceipt(b *testing.B) {
	r := sampleReceipt()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := pdfdoc.WriteReceipt(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "receipts/s")
	b.ReportMetric(float64(buf.Len()), "bytes/receipt")
}

// BenchmarkReceiptParallel renders receipts on GOMAXPROCS goroutines.
func BenchmarkReceiptParallel(b *testing.B) {
	r := sampleReceipt()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := pdfdoc.WriteReceipt(io.Discard, r); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "receipts/s")
}

// BenchmarkTrackingBook renders a 1,000-row book.
func BenchmarkTrackingBook(b *testing.B) {
	entries := sampleEntries(1000)
	book := sampleBook()
	b.ReportAllocs()
	for b.Loop() {
		if err := pdfdoc.WriteTrackingBook(io.Discard, book, pdfdoc.Entries(entries)); err != nil {
			b.Fatal(err)
		}
	}
}
