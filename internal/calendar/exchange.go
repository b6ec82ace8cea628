package calendar

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
)

// Import and export of year data. JSON is the Year struct (an object, or an
// array of them). CSV has a header and one row per day:
//
//	year,date,type,kind,name,basis
//	2025,2025-04-30,off,holiday,Ngày Chiến thắng (30/4),"Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c"
//	2025,2025-04-26,work,swap_work,Làm bù cho ngày nghỉ 02/05/2025,Thông báo 6150/TB-BLĐTBXH
//
// type is "off" (day off) or "work" (extra working day). An optional row of
// type "meta" per year carries the status in the name column ("chính thức"
// or "chưa chính thức") and the year's note in the basis column; without
// it a year imported from CSV is official.

// csvHeader is the CSV header row.
var csvHeader = []string{"year", "date", "type", "kind", "name", "basis"}

const (
	officialMeta    = "chính thức"
	notOfficialMeta = "chưa chính thức"
)

// WriteCSV writes the years as CSV (UTF-8 with a BOM so spreadsheet
// programs show Vietnamese correctly).
func WriteCSV(w io.Writer, years []Year) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, y := range years {
		ys := strconv.Itoa(y.Year)
		status := officialMeta
		if !y.Official {
			status = notOfficialMeta
		}
		if err := cw.Write([]string{ys, "", "meta", "", status, y.Note}); err != nil {
			return err
		}
		for _, d := range y.DaysOff {
			if err := cw.Write([]string{ys, d.Date.String(), "off", string(d.Kind), d.Name, d.Basis}); err != nil {
				return err
			}
		}
		for _, d := range y.ExtraWorkingDays {
			if err := cw.Write([]string{ys, d.Date.String(), "work", string(KindSwapWork), d.Name, d.Basis}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads years written by WriteCSV (or by hand in a spreadsheet).
// Every problem is reported as an invalid apperr error naming the line.
// Each returned year is normalised and validated.
func ReadCSV(r io.Reader) ([]Year, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, apperr.Invalid("Tệp CSV lỗi ở dòng %d.", pe.Line)
		}
		return nil, apperr.Invalid("Không đọc được tệp CSV.")
	}
	if len(rows) == 0 {
		return nil, apperr.Invalid("Tệp CSV trống.")
	}
	head := rows[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\uFEFF")
	}
	if len(head) < len(csvHeader) || strings.Join(head[:len(csvHeader)], ",") != strings.Join(csvHeader, ",") {
		return nil, apperr.Invalid("Dòng đầu của tệp CSV phải là: %s.", strings.Join(csvHeader, ","))
	}
	byYear := map[int]*Year{}
	var order []int
	for n, row := range rows[1:] {
		line := n + 2
		if len(row) < len(csvHeader) {
			return nil, apperr.Invalid("Dòng %d: cần %d cột.", line, len(csvHeader))
		}
		yn, err := strconv.Atoi(strings.TrimSpace(row[0]))
		if err != nil {
			return nil, apperr.Invalid("Dòng %d: năm %q không hợp lệ.", line, row[0])
		}
		y := byYear[yn]
		if y == nil {
			y = &Year{Year: yn, Official: true, DaysOff: []Day{}, ExtraWorkingDays: []Day{}}
			byYear[yn] = y
			order = append(order, yn)
		}
		typ := strings.TrimSpace(row[2])
		if typ == "meta" {
			y.Official = strings.TrimSpace(row[4]) != notOfficialMeta
			y.Note = strings.TrimSpace(row[5])
			continue
		}
		date, err := ParseDate(strings.TrimSpace(row[1]))
		if err != nil {
			return nil, apperr.Invalid("Dòng %d: %s", line, apperr.TextOf(err))
		}
		d := Day{Date: date, Kind: Kind(strings.TrimSpace(row[3])), Name: strings.TrimSpace(row[4]), Basis: strings.TrimSpace(row[5])}
		switch typ {
		case "off":
			y.DaysOff = append(y.DaysOff, d)
		case "work":
			y.ExtraWorkingDays = append(y.ExtraWorkingDays, d)
		default:
			return nil, apperr.Invalid("Dòng %d: loại %q không hợp lệ (off hoặc work).", line, typ)
		}
	}
	out := make([]Year, 0, len(order))
	for _, yn := range order {
		y := byYear[yn]
		y.Normalize()
		if err := y.Validate(); err != nil {
			return nil, err
		}
		out = append(out, *y)
	}
	return out, nil
}

// ReadJSON reads one Year object or an array of them, normalised and
// validated; unknown fields are refused.
func ReadJSON(r io.Reader) ([]Year, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil, err
	}
	trim := strings.TrimSpace(string(b))
	var years []Year
	dec := json.NewDecoder(strings.NewReader(trim))
	dec.DisallowUnknownFields()
	if strings.HasPrefix(trim, "[") {
		err = dec.Decode(&years)
	} else {
		var y Year
		err = dec.Decode(&y)
		years = []Year{y}
	}
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return nil, ae
		}
		return nil, apperr.Invalid("Tệp JSON không đúng định dạng lịch năm: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	for i := range years {
		if years[i].DaysOff == nil {
			years[i].DaysOff = []Day{}
		}
		if years[i].ExtraWorkingDays == nil {
			years[i].ExtraWorkingDays = []Day{}
		}
		years[i].Normalize()
		if err := years[i].Validate(); err != nil {
			return nil, err
		}
	}
	return years, nil
}
