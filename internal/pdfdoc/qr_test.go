package pdfdoc

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"image"
	"math/rand/v2"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr/coding"
)

// TestQRScans draws QR codes the way a receipt does, rasterises the PDF
// with pdftoppm and decodes the image with ZXing (gozxing), an
// implementation independent of the encoder: the printed code must scan to
// the tracking URL. The contents cover the sizes a tracking URL takes
// (versions 2 to 6) and the three encoding modes; the last case is a whole
// receipt, decoded among its text and tables.
func TestQRScans(t *testing.T) {
	for _, content := range []string{
		"https://dichvucong.ninhbinh.gov.vn/tra-cuu/000.00.12.H42-260105-0001",
		"http://127.0.0.1:8080/tra-cuu?ma=H27.45-261121-0001",
		"https://dichvucong.hatinh.gov.vn/tra-cuu?ma=000.00.01.H27-261121-000123&lang=vi",
		"HTTPS://DVC.EXAMPLE.VN/TRA-CUU/H27-261121-0001",
		"0123456789012345678901234567890123456789",
	} {
		var b bytes.Buffer
		if err := render(&b, pageA5, "qr", sampleDate, func(d *doc) error { return d.qr(20, 20, qrSize, content) }); err != nil {
			t.Fatal(err)
		}
		if got, err := scanPDF(t, b.Bytes(), 200); err != nil {
			t.Errorf("%q: the printed code does not scan: %v", content, err)
		} else if got != content {
			t.Errorf("scanned %q, want %q", got, content)
		}
	}
	const url = "https://dichvucong.hatinh.gov.vn/tra-cuu?ma=H27.45-261121-0007"
	var b bytes.Buffer
	r := Receipt{DossierCode: "H27.45-261121-0007", ProcedureName: "Đăng ký khai sinh", Applicant: Person{Name: "Nguyễn Văn An"},
		ReceivedAt: sampleDate, DueAt: sampleDate.AddDate(0, 0, 3), TrackingURL: url}
	if err := WriteReceipt(&b, r); err != nil {
		t.Fatal(err)
	}
	if got, err := scanPDF(t, b.Bytes(), 300); err != nil || got != url {
		t.Errorf("receipt's code scans to %q (%v), want %q", got, err, url)
	}
}

// scanPDF rasterises the first page of pdf at dpi and decodes the QR code on
// it, as a phone's camera app would (ZXing's "try harder").
func scanPDF(t *testing.T, pdf []byte, dpi int) (string, error) {
	t.Helper()
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOOLS") == "1" {
			t.Fatal("pdftoppm not found and MOTCUA_REQUIRE_PDFTOOLS=1")
		}
		t.Skip("pdftoppm not found")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "qr.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", strconv.Itoa(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "qr")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	width, pix := readPGM(t, filepath.Join(dir, "qr.pgm"))
	img := &image.Gray{Pix: pix, Stride: width, Rect: image.Rect(0, 0, width, len(pix)/width)}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// TestQRMaskChoice checks the penalty rules on the encoder's own output:
// the chosen mask scores no worse than any other, and the rules give the
// worked values of ISO/IEC 18004 §7.8.3 on small symbols.
func TestQRMaskChoice(t *testing.T) {
	const content = "https://dichvucong.hatinh.gov.vn/tra-cuu?ma=H27.45-261121-0001"
	best, err := qrEncode(content)
	if err != nil {
		t.Fatal(err)
	}
	v := coding.Version((best.Size - 17) / 4)
	for m := range coding.Mask(8) {
		pl, err := coding.NewPlan(v, qrLevel, m)
		if err != nil {
			t.Fatal(err)
		}
		c, err := pl.Encode(coding.String(content))
		if err != nil {
			t.Fatal(err)
		}
		if qrPenalty(c) < qrPenalty(best) {
			t.Errorf("mask %d scores %d, below the chosen code's %d", m, qrPenalty(c), qrPenalty(best))
		}
	}
	// Worked values on hand-made 8×8 symbols (outside counts as light).
	grid := func(rows ...string) *coding.Code {
		c := &coding.Code{Size: len(rows), Stride: 8}
		c.Bitmap = make([]byte, c.Stride*c.Size)
		for y, r := range rows {
			for x, ch := range r {
				if ch == '#' {
					c.Bitmap[y*c.Stride+x/8] |= 1 << uint(7-x&7)
				}
			}
		}
		return c
	}
	// A checkerboard: no runs, no blocks, no finder patterns, 50 % dark.
	checker := grid("#.#.#.#.", ".#.#.#.#", "#.#.#.#.", ".#.#.#.#", "#.#.#.#.", ".#.#.#.#", "#.#.#.#.", ".#.#.#.#")
	if got := qrPenalty(checker); got != 0 {
		t.Errorf("checkerboard penalty %d, want 0", got)
	}
	// All light: 16 runs of 8 (3+3 each = 96), 49 blocks (147), 0 % dark
	// (10 × 10 = 100).
	light := grid("........", "........", "........", "........", "........", "........", "........", "........")
	if got := qrPenalty(light); got != 96+147+100 {
		t.Errorf("all-light penalty %d, want %d", got, 96+147+100)
	}
}

// readPGM reads a binary 8-bit PGM (P5) file.
func readPGM(t *testing.T, path string) (width int, pix []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(bytes.NewReader(data))
	var fields []string
	offset := 0
	for len(fields) < 4 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("PGM header: %v", err)
		}
		offset += len(line)
		if !strings.HasPrefix(line, "#") {
			fields = append(fields, strings.Fields(line)...)
		}
	}
	if fields[0] != "P5" || fields[3] != "255" {
		t.Fatalf("not an 8-bit PGM: %q", fields)
	}
	width, _ = strconv.Atoi(fields[1])
	height, _ := strconv.Atoi(fields[2])
	pix = data[offset:]
	if len(pix) < width*height {
		t.Fatalf("PGM has %d bytes, want %d", len(pix), width*height)
	}
	return width, pix
}

// TestQRPenaltyFastMatchesSlow compares the word-wise scoring with the
// module-by-module reference on real symbols of every mask and on random
// grids of every size up to 64.
func TestQRPenaltyFastMatchesSlow(t *testing.T) {
	for v := coding.Version(1); v <= 11; v++ {
		for m := range coding.Mask(8) {
			pl, err := coding.NewPlan(v, qrLevel, m)
			if err != nil {
				t.Fatal(err)
			}
			c, err := pl.Encode(coding.String("https://dichvucong.hatinh.gov.vn/tra-cuu?ma=H27.45-261121-0001"[:10+int(v)]))
			if err != nil {
				t.Fatal(err)
			}
			if fast, slow := qrPenalty(c), qrPenaltySlow(c); fast != slow {
				t.Errorf("version %d mask %d: %d, reference %d", v, m, fast, slow)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 7; n <= 64; n++ {
		for range 20 {
			c := &coding.Code{Size: n, Stride: (n + 7) / 8}
			c.Bitmap = make([]byte, c.Stride*n)
			density := rng.IntN(100)
			for y := range n {
				for x := range n {
					if rng.IntN(100) < density {
						c.Bitmap[y*c.Stride+x/8] |= 1 << uint(7-x&7)
					}
				}
			}
			if fast, slow := qrPenalty(c), qrPenaltySlow(c); fast != slow {
				t.Fatalf("random %d×%d: %d, reference %d", n, n, fast, slow)
			}
		}
	}
}
