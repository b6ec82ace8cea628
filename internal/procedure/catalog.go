package procedure

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/motcua/motcua/internal/apperr"
)

// Catalog is the content of a catalog file: the shape of
// internal/demo/data/catalog.json, which is also the JSON import/export
// format (docs/catalog-format.md).
type Catalog struct {
	Fields     []Field     `json:"fields"`
	Procedures []Procedure `json:"procedures"`
}

// Loc locates an item in an imported file: a line of a JSON file (Sheet "")
// or a row of an XLSX sheet.
type Loc struct {
	Sheet string
	Row   int
}

// Batch is a decoded catalog file with the location of every item, ready for
// Service.Import.
type Batch struct {
	Catalog
	Format  string     // "json" or "xlsx"
	FieldAt []Loc      // per field
	ProcAt  []Loc      // per procedure
	DocAt   [][]Loc    // per procedure and document; nil = the procedure's Loc
	FeeAt   [][]Loc    // per procedure and fee; nil = the procedure's Loc
	Errors  []RowError // found while decoding (bad types, unknown columns)
	column  func(Problem) string
}

// RowError is one bad row of an import, with its reason (a Vietnamese
// format and its arguments, translated where shown).
type RowError struct {
	Sheet   string      // XLSX sheet; "" for JSON
	Row     int         // JSON line or XLSX row (1-based); 0 = the whole file
	Code    string      // procedure or field code, when known
	Column  string      // JSON key path or XLSX column header
	Message apperr.Text // the reason
}

// Text is the error for people, as a format and its arguments: in
// Vietnamese (String) "Trang “Thủ tục”, dòng 5 (mã 1.001193), cột “Tên thủ
// tục”: Vui lòng nhập tên thủ tục.", translated with In. Sheet and column
// names are those of the file and stay as they are.
func (e RowError) Text() apperr.Text {
	var where apperr.Text
	switch {
	case e.Sheet != "" && e.Row > 0:
		where = apperr.Text{Format: "Trang “%s”, dòng %d", Args: []any{e.Sheet, e.Row}}
	case e.Sheet != "":
		where = apperr.Text{Format: "Trang “%s”, toàn tệp", Args: []any{e.Sheet}}
	case e.Row > 0:
		where = apperr.Text{Format: "Dòng %d", Args: []any{e.Row}}
	default:
		where = apperr.Text{Format: "Toàn tệp"}
	}
	switch {
	case e.Code != "" && e.Column != "":
		return apperr.Text{Format: "%s (mã %s), cột “%s”: %s", Args: []any{where, e.Code, e.Column, e.Message}}
	case e.Code != "":
		return apperr.Text{Format: "%s (mã %s): %s", Args: []any{where, e.Code, e.Message}}
	case e.Column != "":
		return apperr.Text{Format: "%s, cột “%s”: %s", Args: []any{where, e.Column, e.Message}}
	}
	return apperr.Text{Format: "%s: %s", Args: []any{where, e.Message}}
}

// String renders the error for people in Vietnamese (see Text).
func (e RowError) String() string { return e.Text().String() }

// MarshalJSON writes the error with its message in Vietnamese:
// {"sheet", "row", "code", "column", "message"}.
func (e RowError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Sheet   string `json:"sheet,omitempty"`
		Row     int    `json:"row"`
		Code    string `json:"code,omitempty"`
		Column  string `json:"column,omitempty"`
		Message string `json:"message"`
	}{e.Sheet, e.Row, e.Code, e.Column, e.Message.String()})
}

func sortRowErrors(es []RowError, sheetOrder []string) {
	rank := func(s string) int {
		for i, x := range sheetOrder {
			if x == s {
				return i
			}
		}
		return len(sheetOrder)
	}
	sort.SliceStable(es, func(i, j int) bool {
		if a, b := rank(es[i].Sheet), rank(es[j].Sheet); a != b {
			return a < b
		}
		return es[i].Row < es[j].Row
	})
}

// loc returns where a problem of procedure i is.
func (b *Batch) loc(i int, pr Problem) Loc {
	switch {
	case pr.Doc >= 0 && i < len(b.DocAt) && pr.Doc < len(b.DocAt[i]):
		return b.DocAt[i][pr.Doc]
	case pr.Fee >= 0 && i < len(b.FeeAt) && pr.Fee < len(b.FeeAt[i]):
		return b.FeeAt[i][pr.Fee]
	case i < len(b.ProcAt):
		return b.ProcAt[i]
	}
	return Loc{}
}

func (b *Batch) fieldLoc(i int) Loc {
	if i < len(b.FieldAt) {
		return b.FieldAt[i]
	}
	return Loc{}
}

func (b *Batch) columnOf(pr Problem) string {
	if b.column != nil {
		return b.column(pr)
	}
	return jsonColumn(pr)
}

// jsonKeys maps problem keys to JSON key paths.
var jsonKeys = map[string]string{
	"time_value": "time_limit.value", "time_unit": "time_limit.unit",
	"result_name": "result.name", "result_code": "result.code", "form_file": "form_file.sha256",
}

func jsonColumn(pr Problem) string {
	k := pr.Key
	if j, ok := jsonKeys[k]; ok {
		k = j
	}
	switch {
	case pr.Doc >= 0:
		return fmt.Sprintf("documents[%d].%s", pr.Doc, k)
	case pr.Fee >= 0:
		return fmt.Sprintf("fees[%d].%s", pr.Fee, k)
	}
	return k
}
