package procedure

import (
	"fmt"
	"sort"
	"strings"
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

// RowError is one bad row of an import, with a Vietnamese reason.
type RowError struct {
	Sheet   string `json:"sheet,omitempty"`  // XLSX sheet; "" for JSON
	Row     int    `json:"row"`              // JSON line or XLSX row (1-based); 0 = the whole file
	Code    string `json:"code,omitempty"`   // procedure or field code, when known
	Column  string `json:"column,omitempty"` // JSON key path or XLSX column header
	Message string `json:"message"`
}

// String renders the error for people: "Trang “Thủ tục”, dòng 5 (mã
// 1.001193), cột “Tên thủ tục”: Vui lòng nhập tên thủ tục."
func (e RowError) String() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "Trang “%s”, ", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, "dòng %d", e.Row)
	} else {
		b.WriteString("toàn tệp")
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (mã %s)", e.Code)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", cột “%s”", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
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
