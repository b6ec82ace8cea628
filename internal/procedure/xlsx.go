package procedure

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// XLSX layout (docs/catalog-format.md), shaped like the national TTHC
// database's exports: one sheet with one row per procedure, and the documents
// and fees on their own sheets, one row each, keyed by the procedure code.
const (
	SheetFields    = "Lĩnh vực"
	SheetProcs     = "Thủ tục"
	SheetDocuments = "Thành phần hồ sơ"
	SheetFees      = "Phí, lệ phí"
)

var sheetOrder = []string{SheetFields, SheetProcs, SheetDocuments, SheetFees}

// column is one column of a sheet: its header and the problem key it holds.
type column struct {
	Header   string
	Key      string
	Required bool // the header must be present
	Number   bool // a number column (others are formatted as text)
	Width    float64
}

var fieldCols = []column{
	{"Mã lĩnh vực", "code", true, false, 14},
	{"Tên lĩnh vực", "name", true, false, 50},
}

var procCols = []column{
	{"Mã thủ tục", "code", true, false, 14},
	{"Tên thủ tục", "name", true, false, 60},
	{"Mã lĩnh vực", "field", true, false, 12},
	{"Cấp thực hiện", "level", true, false, 16},
	{"Cơ quan giải quyết", "handling_agency", true, false, 18},
	{"Nơi tiếp nhận", "receiving_agencies", true, false, 24},
	{"Thời hạn giải quyết", "time_value", true, true, 10},
	{"Đơn vị thời hạn", "time_unit", true, false, 16},
	{"Trả kết quả trong ngày", "immediate", false, false, 10},
	{"Sau 15 giờ tính từ ngày làm việc tiếp theo", "cutoff_15h", false, false, 12},
	{"Mã kết quả", "result_code", false, false, 16},
	{"Tên kết quả", "result_name", true, false, 40},
	{"Mức độ dịch vụ công trực tuyến", "online_level", true, false, 14},
	{"Căn cứ pháp lý", "legal_basis", false, false, 50},
	{"Đối tượng thực hiện", "applicants", false, false, 40},
	{"Cách thức và địa điểm nộp", "where", false, false, 40},
	{"Ghi chú quy trình", "steps_note", false, false, 40},
	{"Ngày hiệu lực", "effective_from", true, false, 12},
}

var docCols = []column{
	{"Mã thủ tục", "proc", true, false, 14},
	{"STT", "position", false, true, 6},
	{"Tên giấy tờ", "name", true, false, 60},
	{"Bản chính", "originals", true, true, 9},
	{"Bản sao", "copies", true, true, 9},
	{"Yêu cầu", "required", true, false, 14},
	{"Điều kiện", "condition", false, false, 40},
	{"Mẫu đơn, tờ khai", "form", false, false, 40},
	{"Tệp mẫu (SHA-256)", "form_file", false, false, 20},
	{"Tên tệp mẫu", "form_file_name", false, false, 20},
}

var feeCols = []column{
	{"Mã thủ tục", "proc", true, false, 14},
	{"STT", "position", false, true, 6},
	{"Loại", "kind", true, false, 10},
	{"Tên phí, lệ phí", "name", true, false, 40},
	{"Mức thu (đồng)", "amount", true, true, 14},
	{"Trường hợp áp dụng", "case", false, false, 60},
}

func headerOf(cols []column, key string) string {
	for _, c := range cols {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// xlsxColumn names the column of a problem in the XLSX layout.
func xlsxColumn(pr Problem) string {
	switch {
	case pr.Doc >= 0:
		return headerOf(docCols, pr.Key)
	case pr.Fee >= 0:
		return headerOf(feeCols, pr.Key)
	}
	if pr.Key == "documents" {
		return SheetDocuments
	}
	if pr.Key == "fees" {
		return SheetFees
	}
	return headerOf(procCols, pr.Key)
}

func (b *Batch) fieldColumn(key string) string {
	if b.Format == "xlsx" {
		return headerOf(fieldCols, key)
	}
	return key
}

// Labels written to and read from enumerated cells. Reading also accepts the
// JSON codes (commune, working_days, …) and ignores case and accents.
var (
	levelLabels  = map[Level]string{LevelProvince: "Cấp tỉnh", LevelCommune: "Cấp xã", LevelBoth: "Cấp tỉnh, cấp xã"}
	unitLabels   = map[Unit]string{WorkingDays: "Ngày làm việc", Days: "Ngày", WorkingHours: "Giờ làm việc", Months: "Tháng"}
	onlineLabels = map[OnlineLevel]string{OnlineFull: "Toàn trình", OnlinePartial: "Một phần", OnlineNone: "Không"}
	reqLabels    = map[Requirement]string{Mandatory: "Bắt buộc", Conditional: "Có điều kiện"}
	feeLabels    = map[FeeKind]string{FeeCharge: "Lệ phí", FeeFee: "Phí"}
)

// parseEnum maps a cell to an enum value: a label or the code itself, folded.
// An unknown non-empty value is returned as is (validation then names it).
func parseEnum[T ~string](cell string, labels ...map[T]string) T {
	f := textfold.Fold(cell)
	for _, m := range labels {
		for v, l := range m {
			if f == textfold.Fold(l) || f == textfold.Fold(string(v)) {
				return v
			}
		}
	}
	return T(textfold.NFC(cell))
}

func parseBool(cell string) (bool, bool) {
	switch textfold.Fold(cell) {
	case "", "khong", "k", "0", "false", "no", "n":
		return false, true
	case "co", "c", "x", "1", "true", "yes", "y":
		return true, true
	}
	return false, false
}

func boolCell(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

func parseInt(cell string) (int64, bool) {
	s := strings.NewReplacer(" ", "", ".", "", ",", "", "đồng", "", "đ", "", "VND", "", "vnd", "", "\u00a0", "").Replace(textfold.NFC(cell))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// parseDate accepts 2025-07-01, 01/07/2025 and an Excel date serial number.
func parseDate(cell string) string {
	cell = textfold.NFC(cell)
	if ValidDate(cell) {
		return cell
	}
	if t, err := time.Parse("2/1/2006", cell); err == nil {
		return t.Format(DateLayout)
	}
	if n, err := strconv.Atoi(cell); err == nil && n > 20000 && n < 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(DateLayout)
	}
	return cell
}

// splitList splits a cell holding several values, one per line or separated
// by semicolons.
func splitList(cell string, semicolons bool) []string {
	sep := func(r rune) bool { return r == '\n' || semicolons && r == ';' }
	var out []string
	for _, s := range strings.FieldsFunc(cell, sep) {
		if s = textfold.NFC(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sheetRows reads a sheet as maps from column key to cell, with 1-based row
// numbers; the first row is the header. Missing required headers fail.
type sheetRow struct {
	Row   int
	Cells map[string]string
}

func readSheet(f *excelize.File, sheet string, cols []column) ([]sheetRow, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, apperr.Invalid("trang “%s”: %s", sheet, err.Error())
	}
	if len(rows) == 0 {
		return nil, apperr.Invalid("trang “%s” không có dòng tiêu đề", sheet)
	}
	idx := map[string]int{}
	for i, h := range rows[0] {
		fh := textfold.Fold(h)
		for _, c := range cols {
			if fh == textfold.Fold(c.Header) {
				idx[c.Key] = i
			}
		}
	}
	var missing []string
	for _, c := range cols {
		if _, ok := idx[c.Key]; !ok && c.Required {
			missing = append(missing, "“"+c.Header+"”")
		}
	}
	if len(missing) > 0 {
		return nil, apperr.Invalid("trang “%s” thiếu cột %s", sheet, strings.Join(missing, ", "))
	}
	var out []sheetRow
	for r, row := range rows[1:] {
		cells := map[string]string{}
		empty := true
		for key, i := range idx {
			if i < len(row) {
				v := strings.TrimSpace(strings.ReplaceAll(row[i], "\r\n", "\n"))
				cells[key] = v
				if v != "" {
					empty = false
				}
			}
		}
		if !empty {
			out = append(out, sheetRow{Row: r + 2, Cells: cells})
		}
	}
	return out, nil
}

// MaxImportFile is the largest catalog file accepted for import (50 MiB).
const MaxImportFile = 50 << 20

// DecodeXLSX reads a catalog in the XLSX layout. A missing sheet or column
// fails the file (an invalid apperr error); a bad cell becomes a RowError and reading goes on.
func DecodeXLSX(r io.Reader) (*Batch, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 4 * MaxImportFile, UnzipXMLSizeLimit: 4 * MaxImportFile})
	if err != nil {
		return nil, apperr.Invalid("không đọc được tệp Excel (.xlsx)")
	}
	defer f.Close()
	has := map[string]bool{}
	for _, s := range f.GetSheetList() {
		has[s] = true
	}
	for _, s := range []string{SheetProcs, SheetDocuments, SheetFees} {
		if !has[s] {
			return nil, apperr.Invalid("tệp Excel thiếu trang “%s” (cần các trang “%s”, “%s”, “%s” và có thể có “%s”)", s, SheetProcs, SheetDocuments, SheetFees, SheetFields)
		}
	}
	b := &Batch{Format: "xlsx", column: xlsxColumn}
	bad := func(sheet string, row int, code, col, format string, args ...any) {
		b.Errors = append(b.Errors, RowError{Sheet: sheet, Row: row, Code: code, Column: col, Message: apperr.Text{Format: format, Args: args}})
	}
	if has[SheetFields] {
		rows, err := readSheet(f, SheetFields, fieldCols)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			b.Fields = append(b.Fields, Field{Code: r.Cells["code"], Name: r.Cells["name"]})
			b.FieldAt = append(b.FieldAt, Loc{Sheet: SheetFields, Row: r.Row})
		}
	}
	rows, err := readSheet(f, SheetProcs, procCols)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for _, r := range rows {
		c := r.Cells
		p := Procedure{
			Code: textfold.NFC(c["code"]), Name: c["name"], Field: c["field"],
			Level: parseEnum(c["level"], levelLabels), HandlingAgency: c["handling_agency"],
			ReceivingAgencies: splitList(c["receiving_agencies"], true),
			TimeLimit:         TimeLimit{Unit: parseEnum(c["time_unit"], unitLabels)},
			Result:            Result{Code: c["result_code"], Name: c["result_name"]},
			OnlineLevel:       parseEnum(c["online_level"], onlineLabels, map[OnlineLevel]string{OnlineNone: OnlineNone.Label()}),
			LegalBasis:        splitList(c["legal_basis"], false),
			Applicants:        c["applicants"], Where: c["where"], StepsNote: c["steps_note"],
			EffectiveFrom: parseDate(c["effective_from"]),
		}
		if n, ok := parseInt(c["time_value"]); ok {
			p.TimeLimit.Value = int(n)
		} else {
			bad(SheetProcs, r.Row, p.Code, headerOf(procCols, "time_value"), "Thời hạn phải là số nguyên.")
		}
		var ok bool
		if p.Immediate, ok = parseBool(c["immediate"]); !ok {
			bad(SheetProcs, r.Row, p.Code, headerOf(procCols, "immediate"), "Ghi “Có” hoặc “Không”.")
		}
		if p.Cutoff15h, ok = parseBool(c["cutoff_15h"]); !ok {
			bad(SheetProcs, r.Row, p.Code, headerOf(procCols, "cutoff_15h"), "Ghi “Có” hoặc “Không”.")
		}
		if _, dup := index[p.Code]; !dup && p.Code != "" {
			index[p.Code] = len(b.Procedures)
		}
		b.Procedures = append(b.Procedures, p)
		b.ProcAt = append(b.ProcAt, Loc{Sheet: SheetProcs, Row: r.Row})
		b.DocAt = append(b.DocAt, nil)
		b.FeeAt = append(b.FeeAt, nil)
	}
	rows, err = readSheet(f, SheetDocuments, docCols)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		c := r.Cells
		code := textfold.NFC(c["proc"])
		i, ok := index[code]
		if !ok {
			bad(SheetDocuments, r.Row, code, headerOf(docCols, "proc"), "Mã thủ tục không có trong trang “%s”.", SheetProcs)
			continue
		}
		d := Document{Name: c["name"], Required: parseEnum(c["required"], reqLabels), Condition: c["condition"], Form: c["form"]}
		if n, ok := parseInt(c["originals"]); ok {
			d.Originals = int(n)
		} else {
			bad(SheetDocuments, r.Row, code, headerOf(docCols, "originals"), "Số bản chính phải là số nguyên.")
		}
		if n, ok := parseInt(c["copies"]); ok {
			d.Copies = int(n)
		} else {
			bad(SheetDocuments, r.Row, code, headerOf(docCols, "copies"), "Số bản sao phải là số nguyên.")
		}
		if sha := c["form_file"]; sha != "" {
			d.FormFile = &FormFile{SHA256: sha, Name: c["form_file_name"]}
		}
		b.Procedures[i].Documents = append(b.Procedures[i].Documents, d)
		b.DocAt[i] = append(b.DocAt[i], Loc{Sheet: SheetDocuments, Row: r.Row})
	}
	rows, err = readSheet(f, SheetFees, feeCols)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		c := r.Cells
		code := textfold.NFC(c["proc"])
		i, ok := index[code]
		if !ok {
			bad(SheetFees, r.Row, code, headerOf(feeCols, "proc"), "Mã thủ tục không có trong trang “%s”.", SheetProcs)
			continue
		}
		fee := Fee{Kind: parseEnum(c["kind"], feeLabels), Name: c["name"], Case: c["case"]}
		if n, ok := parseInt(c["amount"]); ok {
			fee.Amount = n
		} else {
			bad(SheetFees, r.Row, code, headerOf(feeCols, "amount"), "Mức thu phải là số đồng, ví dụ 10000.")
		}
		b.Procedures[i].Fees = append(b.Procedures[i].Fees, fee)
		b.FeeAt[i] = append(b.FeeAt[i], Loc{Sheet: SheetFees, Row: r.Row})
	}
	return b, nil
}

// EncodeXLSX writes a catalog in the XLSX layout with the streaming writer.
func EncodeXLSX(w io.Writer, c *Catalog) error {
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F0F0F3"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	number, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	write := func(sheet string, cols []column, rows [][]any) error {
		if sheet == SheetFields {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return err
		}
		for i, col := range cols {
			st := text
			if col.Number {
				st = number
			}
			if err := sw.SetColStyle(i+1, i+1, st); err != nil {
				return err
			}
			if err := sw.SetColWidth(i+1, i+1, col.Width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hdr := make([]any, len(cols))
		for i, col := range cols {
			hdr[i] = excelize.Cell{StyleID: header, Value: col.Header}
		}
		if err := sw.SetRow("A1", hdr); err != nil {
			return err
		}
		for i, r := range rows {
			for j := range r {
				st := text
				if cols[j].Number {
					st = number
				}
				r[j] = excelize.Cell{StyleID: st, Value: r[j]}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, r); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	var rows [][]any
	for _, fd := range c.Fields {
		rows = append(rows, []any{fd.Code, fd.Name})
	}
	if err := write(SheetFields, fieldCols, rows); err != nil {
		return err
	}
	rows = nil
	var docs, fees [][]any
	for _, p := range c.Procedures {
		rows = append(rows, []any{p.Code, p.Name, p.Field, levelLabels[p.Level], p.HandlingAgency, strings.Join(p.ReceivingAgencies, "; "),
			p.TimeLimit.Value, unitLabels[p.TimeLimit.Unit], boolCell(p.Immediate), boolCell(p.Cutoff15h), p.Result.Code, p.Result.Name,
			onlineLabels[p.OnlineLevel], strings.Join(p.LegalBasis, "\n"), p.Applicants, p.Where, p.StepsNote, p.EffectiveFrom})
		for i, d := range p.Documents {
			sha, name := "", ""
			if d.FormFile != nil {
				sha, name = d.FormFile.SHA256, d.FormFile.Name
			}
			docs = append(docs, []any{p.Code, i + 1, d.Name, d.Originals, d.Copies, reqLabels[d.Required], d.Condition, d.Form, sha, name})
		}
		for i, fee := range p.Fees {
			fees = append(fees, []any{p.Code, i + 1, feeLabels[fee.Kind], fee.Name, fee.Amount, fee.Case})
		}
	}
	if err := write(SheetProcs, procCols, rows); err != nil {
		return err
	}
	if err := write(SheetDocuments, docCols, docs); err != nil {
		return err
	}
	if err := write(SheetFees, feeCols, fees); err != nil {
		return err
	}
	return f.Write(w)
}
