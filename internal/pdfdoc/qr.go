package pdfdoc

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"sync"

	"rsc.io/qr/coding"
)

// qrLevel is error-correction level M (15 % of the code may be lost): a
// receipt is handled, folded and photographed with a phone.
const qrLevel = coding.M

// qr draws content as a QR code of side size mm with its top-left corner at
// (x, y). The modules are drawn as filled rectangles rather than an embedded
// PNG: the code stays sharp at any print resolution and no image has to be
// encoded and decoded for every receipt. TT 01/2018 Đ19 allows a barcode or
// QR code next to the dossier code; citizens use it to open the tracking page.
//
// The rectangles are written straight into the page's content stream in
// module units under one transformation matrix (a few bytes of integers per
// run instead of four formatted millimetre values), inside q … Q so the
// page's colours are untouched.
func (d *doc) qr(x, y, size float64, content string) error {
	c, err := qrEncode(content)
	if err != nil {
		return fmt.Errorf("pdfdoc: qr code: %w", err)
	}
	n := c.Size
	k := d.p.GetConversionRatio() // points per mm
	_, h := d.p.GetPageSize()
	m := size / float64(n) * k // points per module
	b := make([]byte, 0, 64+n*n)
	b = append(b, "q 0 g "...)
	b = strconv.AppendFloat(b, m, 'f', 4, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, -m, 'f', 4, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, x*k, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (h-y)*k, 'f', 2, 64)
	b = append(b, " cm\n"...)
	for r := range n {
		for col := 0; col < n; {
			if !c.Black(col, r) {
				col++
				continue
			}
			start := col
			for col < n && c.Black(col, r) {
				col++
			}
			// A hair of overlap (0.02 module) hides the seams some viewers
			// draw between adjacent rectangles.
			b = strconv.AppendInt(b, int64(start), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(col-start), 10)
			b = append(b, ".02 1.02 re\n"...)
		}
	}
	b = append(b, "f Q"...)
	d.p.RawWriteStr(string(b))
	return nil
}

// qrEncode encodes content (the page margin is the quiet zone) in the
// smallest version that holds it, choosing the mask with the lowest penalty
// (ISO/IEC 18004:2015 §7.8.3). rsc.io/qr does the Reed–Solomon coding and
// the layout; a layout ("plan") per version and mask is built once per
// process, so a receipt's code costs tens of microseconds instead of the
// half millisecond an encoder that rebuilds everything takes.
func qrEncode(content string) (*coding.Code, error) {
	var enc coding.Encoding
	switch {
	case coding.Num(content).Check() == nil:
		enc = coding.Num(content)
	case coding.Alpha(content).Check() == nil:
		enc = coding.Alpha(content)
	default:
		enc = coding.String(content)
	}
	v := coding.Version(coding.MinVersion)
	for ; enc.Bits(v) > v.DataBytes(qrLevel)*8; v++ {
		if v == coding.MaxVersion {
			return nil, errors.New("text too long for a QR code")
		}
	}
	var best *coding.Code
	bestScore := 0
	for mask := range coding.Mask(8) {
		pl, err := qrPlan(v, mask)
		if err != nil {
			return nil, err
		}
		c, err := pl.Encode(enc)
		if err != nil {
			return nil, err
		}
		if s := qrPenalty(c); best == nil || s < bestScore {
			best, bestScore = c, s
		}
	}
	return best, nil
}

type qrPlanKey struct {
	v coding.Version
	m coding.Mask
}

var qrPlans sync.Map // qrPlanKey → *coding.Plan (read-only once built)

func qrPlan(v coding.Version, m coding.Mask) (*coding.Plan, error) {
	k := qrPlanKey{v, m}
	if p, ok := qrPlans.Load(k); ok {
		return p.(*coding.Plan), nil
	}
	p, err := coding.NewPlan(v, qrLevel, m)
	if err != nil {
		return nil, err
	}
	got, _ := qrPlans.LoadOrStore(k, p)
	return got.(*coding.Plan), nil
}

// qrPenalty scores a masked symbol by the four rules of ISO/IEC 18004:2015
// §7.8.3.1 (N1 = 3, N2 = 3, N3 = 40, N4 = 10); the area outside the symbol
// counts as light, as the quiet zone is. Symbols up to 64 modules wide
// (version 11, far more than a tracking URL needs) are scored on rows and
// columns held as 64-bit words; larger ones by qrPenaltySlow, which the
// tests also use as the reference.
func qrPenalty(c *coding.Code) int {
	n := c.Size
	if n > 64 {
		return qrPenaltySlow(c)
	}
	var rows, cols [64]uint64 // bit j of rows[i] = module (column j, row i)
	for y := range n {
		for x := range n {
			if c.Bitmap[y*c.Stride+x/8]&(1<<uint(7-x&7)) != 0 {
				rows[y] |= 1 << x
				cols[x] |= 1 << y
			}
		}
	}
	full := uint64(1)<<n - 1
	score, dark := 0, 0
	for _, lines := range [2]*[64]uint64{&rows, &cols} {
		for i := range n {
			a := lines[i]
			// N1: runs of five or more, dark and light.
			score += qrRuns(a) + qrRuns(^a&full)
			// N3: dark-light-dark-dark-dark-light-dark starting at j, with
			// four light modules before or after it.
			m := a & ^(a >> 1) & (a >> 2) & (a >> 3) & (a >> 4) & ^(a >> 5) & (a >> 6) & (uint64(1)<<(n-6) - 1)
			before := ^(a << 1) & ^(a << 2) & ^(a << 3) & ^(a << 4)
			after := ^(a >> 7) & ^(a >> 8) & ^(a >> 9) & ^(a >> 10)
			score += 40 * bits.OnesCount64(m&(before|after))
		}
	}
	for y := range n {
		a := rows[y]
		dark += bits.OnesCount64(a)
		if y+1 < n {
			// N2: 2×2 blocks of one colour with their top-left corner at j.
			b := rows[y+1]
			score += 3 * bits.OnesCount64(^(a^b) & ^(a^(a>>1)) & ^(b^(b>>1)) & (uint64(1)<<(n-1)-1))
		}
	}
	// N4: 10 points for every full 5 % the dark share deviates from 50 %.
	dev := dark*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + 10*(dev/5)
}

// qrRuns is the N1 score of the runs of set bits in m.
func qrRuns(m uint64) int {
	score := 0
	for m != 0 {
		m >>= bits.TrailingZeros64(m)
		run := bits.TrailingZeros64(^m)
		if run >= 5 {
			score += 3 + run - 5
		}
		if run == 64 {
			break
		}
		m >>= run
	}
	return score
}

// qrPenaltySlow is qrPenalty module by module, for any size.
func qrPenaltySlow(c *coding.Code) int {
	n := c.Size
	// The symbol unpacked, one byte per module, and its transpose, so that
	// the row rules run over columns too without bounds juggling.
	g := make([]byte, 2*n*n)
	dark := 0
	for y := range n {
		for x := range n {
			if c.Bitmap[y*c.Stride+x/8]&(1<<uint(7-x&7)) != 0 {
				g[y*n+x], g[n*n+x*n+y] = 1, 1
				dark++
			}
		}
	}
	score := 0
	for i := range 2 * n {
		line := g[i*n : i*n+n]
		// N1: runs of five or more modules of one colour.
		run := 1
		for j := 1; j <= n; j++ {
			if j < n && line[j] == line[j-1] {
				run++
				continue
			}
			if run >= 5 {
				score += 3 + run - 5
			}
			run = 1
		}
		// N3: 1:1:3:1:1 dark:light:dark:light:dark with four light modules
		// before or after it.
		for j := 0; j+6 < n; j++ {
			if line[j] == 1 && line[j+1] == 0 && line[j+2] == 1 && line[j+3] == 1 && line[j+4] == 1 && line[j+5] == 0 && line[j+6] == 1 &&
				(lightRun(line, j-4) || lightRun(line, j+7)) {
				score += 40
			}
		}
	}
	// N2: 2×2 blocks of one colour.
	for y := 0; y+1 < n; y++ {
		for x := 0; x+1 < n; x++ {
			v := g[y*n+x]
			if v == g[y*n+x+1] && v == g[(y+1)*n+x] && v == g[(y+1)*n+x+1] {
				score += 3
			}
		}
	}
	// N4: 10 points for every full 5 % the dark share deviates from 50 %.
	dev := dark*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + 10*(dev/5)
}

// lightRun reports whether the four modules from j on are light (outside
// the symbol is light).
func lightRun(line []byte, j int) bool {
	for k := j; k < j+4; k++ {
		if k >= 0 && k < len(line) && line[k] != 0 {
			return false
		}
	}
	return true
}
