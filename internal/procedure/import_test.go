package procedure_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The demo file is the format: exporting the imported demo catalog gives it back.
func TestExportEqualsDemoFile(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db, true)
		got, err := s.Export(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var want procedure.Catalog
		if err := json.Unmarshal(demoJSON(t), &want); err != nil {
			t.Fatal(err)
		}
		ignore := cmpopts.IgnoreFields(procedure.Procedure{}, "ID", "VersionID", "Version", "FieldName", "Note", "CreatedAt", "CreatedBy")
		if diff := cmp.Diff(&want, got, ignore, cmpopts.IgnoreFields(procedure.Document{}, "ID"), cmpopts.IgnoreFields(procedure.Field{}, "ID")); diff != "" {
			t.Fatalf("export differs from the demo file (-file +export):\n%s", diff)
		}
		var buf bytes.Buffer
		if err := procedure.EncodeJSON(&buf, got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSpace(buf.Bytes()), bytes.TrimSpace(demoJSON(t))) {
			t.Error("the JSON export is not byte-identical to internal/demo/data/catalog.json")
		}
	})
}

const badJSON = `{
  "fields": [
    {"code": "HT", "name": "Hộ tịch"},
    {"code": "x", "name": "Sai mã"}
  ],
  "procedures": [
    {
      "code": "9.000001", "name": "Thủ tục mới hợp lệ", "field": "HT", "level": "commune",
      "handling_agency": "@commune", "receiving_agencies": ["@commune_center"],
      "time_limit": {"value": 3, "unit": "working_days"}, "immediate": false, "cutoff_15h": false,
      "fees": [], "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "required": "mandatory", "condition": "", "form": ""}],
      "result": {"code": "", "name": "Giấy xác nhận"}, "online_level": "full", "legal_basis": [],
      "applicants": "", "where": "", "steps_note": "", "effective_from": "2026-03-10"
    },
    {
      "code": "9.000002", "name": "", "field": "ZZ", "level": "district",
      "handling_agency": "@commune", "receiving_agencies": ["@commune_center"],
      "time_limit": {"value": 3, "unit": "weeks"}, "immediate": false, "cutoff_15h": false,
      "fees": [{"kind": "le_phi", "name": "Lệ phí", "amount": -5, "case": ""}],
      "documents": [{"name": "Giấy tờ", "originals": 1, "copies": 0, "required": "conditional", "condition": "", "form": ""}],
      "result": {"code": "", "name": "Kết quả"}, "online_level": "full", "legal_basis": [],
      "applicants": "", "where": "", "steps_note": "", "effective_from": "2026-02-30"
    },
    {"code": "9.000003", "name": "Có khóa lạ", "colour": "đỏ"},
    {"code": "9.000004", "name": "Sai kiểu", "time_limit": {"value": "ba", "unit": "days"}},
    {
      "code": "9.000001", "name": "Trùng mã", "field": "HT", "level": "commune",
      "handling_agency": "@commune", "receiving_agencies": ["@commune_center"],
      "time_limit": {"value": 3, "unit": "working_days"}, "immediate": false, "cutoff_15h": false,
      "fees": [], "documents": [], "result": {"code": "", "name": "Giấy"}, "online_level": "full", "legal_basis": [],
      "applicants": "", "where": "", "steps_note": "", "effective_from": "2026-03-10"
    }
  ]
}`

func TestImportAllOrNothingWithRowErrors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		beforeProcs, beforeVersions, beforeFields, beforeAudit := countRows(t, db, "procedures"), countRows(t, db, "procedure_versions"), countRows(t, db, "procedure_fields"), countRows(t, db, "audit_log")
		b, err := procedure.DecodeJSON([]byte(badJSON))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := s.Import(ctx, admin, b, procedure.ImportOptions{Source: "bad.json"})
		if !apperr.Is(err, apperr.CodeUnprocessable) || !errors.Is(err, procedure.ErrImportRefused) {
			t.Fatalf("err = %v", err)
		}
		byLine := map[int][]string{}
		for _, e := range rep.Errors {
			byLine[e.Row] = append(byLine[e.Row], e.Column+": "+e.Message.String())
			if e.String() == "" || e.Message.String() == "" {
				t.Errorf("empty message: %+v", e)
			}
		}
		want := map[int][]string{
			4:  {"code"},                                                                                                    // field "x"
			15: {"name", "field", "level", "time_limit.unit", "effective_from", "documents[0].condition", "fees[0].amount"}, // 9.000002
			24: {"colour"},                                                                                                  // unknown key
			25: {"time_limit.value"},                                                                                        // wrong type
			26: {"code"},                                                                                                    // duplicate of line 7
		}
		for line, cols := range want {
			got := strings.Join(byLine[line], " | ")
			for _, c := range cols {
				if !strings.Contains(got, c) {
					t.Errorf("line %d: want an error on %q, got %q", line, c, got)
				}
			}
		}
		if len(byLine[7]) != 0 {
			t.Errorf("the valid procedure got errors: %v", byLine[7])
		}
		if !strings.Contains(strings.Join(byLine[26], ""), "trùng với dòng 7") {
			t.Errorf("duplicate message: %v", byLine[26])
		}
		// Nothing was written, not even the valid procedure or an audit entry.
		if countRows(t, db, "procedures") != beforeProcs || countRows(t, db, "procedure_versions") != beforeVersions ||
			countRows(t, db, "procedure_fields") != beforeFields || countRows(t, db, "audit_log") != beforeAudit {
			t.Fatal("a refused import changed the database")
		}
		// A syntax error fails the whole file with its line.
		if _, err := procedure.DecodeJSON([]byte("{\n  \"fields\": [\n    {\"code\": \"HT\",}\n  ]\n}")); err == nil || !strings.Contains(err.Error(), "dòng 3") {
			t.Fatalf("syntax error: %v", err)
		}
	})
}

func TestImportCreatesVersionsOnlyForChangedProcedures(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		c, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c.Procedures[0].Fees[1].Amount = 12000
		c.Procedures[0].EffectiveFrom = "2026-04-01"
		c.Procedures[1].EffectiveFrom = "2026-05-01" // date only: not a change
		c.Fields[0].Name = "Hộ tịch (mới)"
		var buf bytes.Buffer
		if err := procedure.EncodeJSON(&buf, c); err != nil {
			t.Fatal(err)
		}
		b, err := procedure.DecodeJSON(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := s.Import(ctx, admin, b, procedure.ImportOptions{Source: "edit.json"})
		if err != nil {
			t.Fatalf("%v %v", err, rep.Errors)
		}
		if rep.Updated != 1 || rep.Unchanged != 45 || rep.Created != 0 || rep.FieldsUpdated != 1 || rep.UpdatedCodes[0] != c.Procedures[0].Code {
			t.Fatalf("report = %+v", rep)
		}
		p, err := s.InForce(ctx, c.Procedures[0].Code, at("2026-04-01"))
		if err != nil || p.Version != 2 || p.Fees[1].Amount != 12000 || !strings.Contains(p.Note, "edit.json") {
			t.Fatalf("v2 = %+v %v", p, err)
		}
		// A changed procedure dated before its stored version is refused.
		c.Procedures[2].Name += " (sửa)"
		buf.Reset()
		procedure.EncodeJSON(&buf, c)
		b, _ = procedure.DecodeJSON(buf.Bytes())
		c.Procedures[2].EffectiveFrom = "2025-01-01"
		b.Procedures[2].EffectiveFrom = "2025-01-01"
		rep, err = s.Import(ctx, admin, b, procedure.ImportOptions{})
		if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "effective_from" {
			t.Fatalf("earlier date: %v %+v", err, rep.Errors)
		}
	})
}

func TestXLSXRoundTripAndRowErrors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		want, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := procedure.EncodeXLSX(&buf, want); err != nil {
			t.Fatal(err)
		}
		b, err := procedure.DecodeXLSX(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Errors) != 0 {
			t.Fatalf("decode errors: %v", b.Errors)
		}
		for i := range b.Procedures {
			b.Procedures[i].Normalize()
		}
		ignore := cmpopts.IgnoreFields(procedure.Procedure{}, "ID", "VersionID", "Version", "FieldName", "Note", "CreatedAt", "CreatedBy")
		if diff := cmp.Diff(want, &b.Catalog, ignore, cmpopts.IgnoreFields(procedure.Document{}, "ID"), cmpopts.IgnoreFields(procedure.Field{}, "ID")); diff != "" {
			t.Fatalf("XLSX round trip differs:\n%s", diff)
		}
		rep, err := s.Import(ctx, admin, b, procedure.ImportOptions{Source: "catalog.xlsx"})
		if err != nil || rep.Unchanged != 46 || rep.Created+rep.Updated != 0 {
			t.Fatalf("re-import of the export: %+v %v", rep, err)
		}

		// Break cells: the errors name the sheet, the row and the column.
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellValue(procedure.SheetProcs, "B3", "")       // name of the 2nd procedure
		f.SetCellValue(procedure.SheetProcs, "G4", "ba")     // time limit of the 3rd
		f.SetCellValue(procedure.SheetDocuments, "F2", "hả") // requirement of the 1st document
		f.SetCellValue(procedure.SheetFees, "E3", "mười")    // amount of the 2nd fee
		f.SetCellValue(procedure.SheetFees, "A4", "0.000000")
		var broken bytes.Buffer
		if err := f.Write(&broken); err != nil {
			t.Fatal(err)
		}
		b, err = procedure.DecodeXLSX(&broken)
		if err != nil {
			t.Fatal(err)
		}
		versions := countRows(t, db, "procedure_versions")
		rep, err = s.Import(ctx, admin, b, procedure.ImportOptions{})
		if !errors.Is(err, procedure.ErrImportRefused) {
			t.Fatalf("err = %v", err)
		}
		var got []string
		for _, e := range rep.Errors {
			got = append(got, e.String())
		}
		for _, w := range []string{
			"Trang “Thủ tục”, dòng 3 (mã 1.000894), cột “Tên thủ tục”",
			"Trang “Thủ tục”, dòng 4 (mã 1.000656), cột “Thời hạn giải quyết”",
			"Trang “Thành phần hồ sơ”, dòng 2 (mã 1.001193), cột “Yêu cầu”",
			"Trang “Phí, lệ phí”, dòng 3 (mã 1.001193), cột “Mức thu (đồng)”",
			"Trang “Phí, lệ phí”, dòng 4 (mã 0.000000), cột “Mã thủ tục”",
		} {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("missing %q in:\n%s", w, strings.Join(got, "\n"))
			}
		}
		if countRows(t, db, "procedure_versions") != versions {
			t.Fatal("a refused XLSX import wrote versions")
		}
		// Missing sheets fail the whole file.
		g := excelize.NewFile()
		var empty bytes.Buffer
		g.Write(&empty)
		if _, err := procedure.DecodeXLSX(&empty); err == nil || !strings.Contains(err.Error(), "Thủ tục") {
			t.Fatalf("empty workbook: %v", err)
		}
	})
}

func zipWith(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestFormFiles(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db, true)
		for _, tc := range []struct {
			body []byte
			name string
			want string
		}{
			{[]byte("%PDF-1.7\n…"), "To khai.pdf", "To khai.pdf"},
			{zipWith(t, map[string]string{"[Content_Types].xml": "x", "word/document.xml": "<w/>"}), `C:\tmp\Mẫu 01.docx`, "Mẫu 01.docx"},
			{zipWith(t, map[string]string{"mimetype": procedure.TypeODT, "content.xml": "x"}), "mau.txt", "mau.odt"},
			{append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), "../../x.doc", "x.doc"},
		} {
			ff, err := s.PutForm(ctx, bytes.NewReader(tc.body), tc.name)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if ff.Name != tc.want || len(ff.SHA256) != 64 {
				t.Fatalf("%s: %+v", tc.name, ff)
			}
		}
		for _, bad := range [][]byte{[]byte("<html>not a form</html>"), zipWith(t, map[string]string{"a.txt": "x"}), nil, make([]byte, procedure.MaxFormFile+1)} {
			if _, err := s.PutForm(ctx, bytes.NewReader(bad), "x.pdf"); !apperr.Is(err, apperr.CodeInvalid) {
				t.Fatalf("bad upload accepted: %v", err)
			}
		}
		ff, _ := s.PutForm(ctx, strings.NewReader("%PDF-1.4 tờ khai"), "To khai khai sinh.pdf")
		// Not public until a document refers to it.
		if _, err := s.FormFileInfo(ctx, ff.SHA256); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("unreferenced form is public: %v", err)
		}
		p, err := s.Latest(ctx, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		p.Documents[0].FormFile = ff
		p.EffectiveFrom = "2026-03-10"
		if _, err := s.Update(ctx, admin, p.Code, p, p.Version); err != nil {
			t.Fatalf("%v %v", err, apperr.FieldsOf(err))
		}
		info, err := s.FormFileInfo(ctx, ff.SHA256)
		if err != nil || info.Type != procedure.TypePDF || info.Name != "To khai khai sinh.pdf" {
			t.Fatalf("info = %+v %v", info, err)
		}
		fh, err := s.Files.Open(ff.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		fh.Close()
		// An unknown SHA-256 in a document is refused.
		p.Documents[1].FormFile = &procedure.FormFile{SHA256: strings.Repeat("ab", 32), Name: "x.pdf"}
		p.Name += " (sửa)"
		_, err = s.Update(ctx, admin, p.Code, p, 0)
		if apperr.FieldsOf(err)["doc_1_form_file"] == "" {
			t.Fatalf("unknown form file: %v", err)
		}
	})
}
