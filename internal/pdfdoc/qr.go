package pdfdoc

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// qr draws content as a QR code of side size mm with its top-left corner at
// (x, y). The modules are drawn as filled rectangles rather than an embedded
// PNG: the code stays sharp at any print resolution and no image has to be
// encoded and decoded for every receipt. TT 01/2018 Đ19 allows a barcode or
// QR code next to the dossier code; citizens use it to open the tracking page.
func (d *doc) qr(x, y, size float64, content string) error {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdfdoc: qr code: %w", err)
	}
	q.DisableBorder = true // the page margin is the quiet zone
	bm := q.Bitmap()
	n := len(bm)
	if n == 0 {
		return nil
	}
	m := size / float64(n)
	p := d.p
	p.SetFillColor(0, 0, 0)
	for r, row := range bm {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			// A hair of overlap hides the seams some viewers draw between
			// adjacent rectangles.
			p.Rect(x+float64(start)*m, y+float64(r)*m, float64(c-start)*m+0.02, m+0.02, "F")
		}
	}
	return nil
}
