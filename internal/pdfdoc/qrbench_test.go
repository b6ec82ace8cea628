package pdfdoc

import "testing"

// BenchmarkQREncode encodes a receipt's tracking URL (eight masks scored).
func BenchmarkQREncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := qrEncode("http://127.0.0.1:18080/tra-cuu?ma=001.01.00.H27-261121-10000"); err != nil {
			b.Fatal(err)
		}
	}
}
