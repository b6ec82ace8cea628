package notify_test

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/notify"
)

func TestSegments(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		n    int
		enc  string
	}{
		{"", 0, notify.GSM7},
		{"Ho so da duoc tiep nhan", 1, notify.GSM7},
		{strings.Repeat("a", 160), 1, notify.GSM7},
		{strings.Repeat("a", 161), 2, notify.GSM7},
		{strings.Repeat("a", 306), 2, notify.GSM7},
		{strings.Repeat("a", 307), 3, notify.GSM7},
		{strings.Repeat("€", 80), 1, notify.GSM7},   // extension characters count twice
		{strings.Repeat("€", 81), 2, notify.GSM7},   // 162 septets
		{"Hồ sơ đã được tiếp nhận", 1, notify.UCS2}, // diacritics need UCS-2
		{strings.Repeat("ồ", 70), 1, notify.UCS2},
		{strings.Repeat("ồ", 71), 2, notify.UCS2},
		{strings.Repeat("ồ", 134), 2, notify.UCS2},
		{strings.Repeat("ồ", 135), 3, notify.UCS2},
		{strings.Repeat("😀", 35), 1, notify.UCS2}, // surrogate pairs count twice
		{strings.Repeat("😀", 36), 2, notify.UCS2},
		{"Café à Noël", 1, notify.UCS2}, // ë is not in the GSM alphabet
		{"Ñandu é ü à", 1, notify.GSM7},
	} {
		n, enc := notify.Segments(c.text)
		if n != c.n || enc != c.enc {
			t.Errorf("Segments(%.20q…%d) = %d %s, want %d %s", c.text, len(c.text), n, enc, c.n, c.enc)
		}
	}
}

func TestUnaccentAndSMSText(t *testing.T) {
	t.Parallel()
	if got, want := notify.Unaccent("Hồ sơ “Đăng ký” – ĐƯỢC tiếp nhận…"), `Ho so "Dang ky" - DUOC tiep nhan...`; got != want {
		t.Fatalf("Unaccent = %q, want %q", got, want)
	}
	short := "Hồ sơ 000.00.10.H27-261121-0001 đã được tiếp nhận."
	if txt, n, enc := notify.SMSText(short); txt != short || n != 1 || enc != notify.UCS2 {
		t.Fatalf("short text must keep its diacritics: %q %d %s", txt, n, enc)
	}
	long := strings.Repeat("Hồ sơ đã được tiếp nhận. ", 6) // 150 characters: 3 UCS-2 segments
	txt, n, enc := notify.SMSText(long)
	if enc != notify.GSM7 || n != 1 || strings.ContainsAny(txt, "ồđư") {
		t.Fatalf("long text must be sent unaccented in GSM-7: %q %d %s", txt, n, enc)
	}
}

func TestNormalizePhoneAndEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"0912345678": "+84912345678", "091 234 5678": "+84912345678", "+84 912.345.678": "+84912345678",
		"84912345678": "+84912345678", "0312345678": "+84312345678",
	} {
		if got, ok := notify.NormalizePhone(in); !ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "123", "02393855596", "0112345678", "09123456789", "abc0912345678", "0912-345-67x"} {
		if got, ok := notify.NormalizePhone(bad); ok {
			t.Errorf("NormalizePhone(%q) = %q, want invalid", bad, got)
		}
	}
	if got, ok := notify.NormalizeEmail(" Minh.Khai@Example.VN "); !ok || got != "minh.khai@example.vn" {
		t.Errorf("NormalizeEmail = %q %v", got, ok)
	}
	for _, bad := range []string{"", "khai", "a@b\r\nBcc: x@y"} {
		if _, ok := notify.NormalizeEmail(bad); ok {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
		}
	}
}

func TestParseSMSProviders(t *testing.T) {
	t.Parallel()
	gs, err := notify.ParseSMSProviders("name=viettel,url=https://sms.viettel.example/send,key=k1,timeout=5s; name=vnpt,url=http://10.0.0.2/api,header=Authorization,key=Bearer x,sender=HATINH")
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[0].Name != "viettel" || gs[0].Timeout.Seconds() != 5 || gs[1].Header != "Authorization" || gs[1].Key != "Bearer x" || gs[1].Sender != "HATINH" {
		t.Fatalf("parsed %+v", gs)
	}
	for _, bad := range []string{"url=http://x", "name=a", "name=a,url=ftp://x", "name=a,url=http://x;name=a,url=http://y", "name=a,url=http://x,color=red", "name=a,url=http://x,timeout=soon", "name"} {
		if _, err := notify.ParseSMSProviders(bad); err == nil {
			t.Errorf("ParseSMSProviders(%q) accepted", bad)
		}
	}
	if gs, err := notify.ParseSMSProviders(""); err != nil || len(gs) != 0 {
		t.Fatalf("empty: %v %v", gs, err)
	}
}
