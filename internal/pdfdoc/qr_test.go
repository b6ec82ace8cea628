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

	qrcode "github.com/skip2/go-qrcode"
)

// TestQRMatchesEncoder rasterises a drawn QR code with pdftoppm and checks
// the centre of every module against the encoder's bitmap, so the code
// printed on the receipt scans to the tracking URL.
func TestQRMatchesEncoder(t *testing.T) {
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOOLS") == "1" {
			t.Fatal("pdftoppm not found and MOTCUA_REQUIRE_PDFTOOLS=1")
		}
		t.Skip("pdftoppm not found")
	}
	const (
		url       = "https://dichvucong.ninhbinh.gov.vn/tra-cuu/000.00.12.H42-260105-0001"
		x, y, sz  = 20.0, 20.0, qrSize
		dpi       = 600
		pxPerMM   = dpi / 25.4
		threshold = 128
	)
	var b bytes.Buffer
	if err := render(&b, pageA5, "qr", sampleDate, func(d *doc) error { return d.qr(x, y, sz, url) }); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "qr.pdf")
	if err := os.WriteFile(in, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", strconv.Itoa(dpi), "-gray", "-singlefile", in, filepath.Join(dir, "qr")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	width, pix := readPGM(t, filepath.Join(dir, "qr.pgm"))

	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := float64(len(bm))
	bad := 0
	for r, row := range bm {
		for c, set := range row {
			px := int((x + (float64(c)+0.5)*sz/n) * pxPerMM)
			py := int((y + (float64(r)+0.5)*sz/n) * pxPerMM)
			if dark := pix[py*width+px] < threshold; dark != set {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d modules differ from the encoder's bitmap", bad, len(bm)*len(bm))
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
