package catalogui

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
)

type importPage struct {
	Report   *procedure.ImportReport
	FileName string
	Fatal    string      // why the file could not be read at all, in the page's language
	Rows     []importRow // Report.Errors, their reasons in the page's language
}

// importRow is a bad row of an import as the page shows it.
type importRow struct {
	procedure.RowError
	Reason string // Message in the page's language
}

// importRows lists the bad rows of rep with their reasons translated by tr.
func importRows(rep *procedure.ImportReport, tr func(string) string) []importRow {
	if rep == nil {
		return nil
	}
	rows := make([]importRow, 0, len(rep.Errors))
	for _, e := range rep.Errors {
		rows = append(rows, importRow{RowError: e, Reason: e.Message.In(tr)})
	}
	return rows
}

// renderImport renders the import page in the request's language: fatal
// (when the file could not be read), the report's bad rows, err above them
// and flash.
func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, page importPage, fatal apperr.Text, err error, flash string) {
	v := h.srv.NewView(r, "Nhập, xuất danh mục thủ tục", nil)
	if fatal.Format != "" {
		page.Fatal = fatal.In(v.T)
	}
	page.Rows = importRows(page.Report, v.T)
	v.Data = page
	if err != nil {
		v.SetError(err)
	}
	v.Flash = flash
	h.pages.Render(w, status, "admin_import", v)
}

func (h *Handler) handleImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderImport(w, r, http.StatusOK, importPage{}, apperr.Text{}, nil, "")
}

// ReadCatalogFile decodes a catalog file by its name (.json or .xlsx).
func ReadCatalogFile(name string, data []byte) (*procedure.Batch, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return procedure.DecodeJSON(data)
	case ".xlsx":
		return procedure.DecodeXLSX(bytes.NewReader(data))
	}
	return nil, apperr.Invalid("tệp phải có đuôi .json hoặc .xlsx")
}

func (h *Handler) handleImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, procedure.MaxImportFile+1<<20)
	page := importPage{}
	fail := func(format string, args ...any) {
		h.renderImport(w, r, http.StatusBadRequest, page, apperr.Text{Format: format, Args: args}, nil, "")
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		fail("Không đọc được tệp tải lên (tối đa 50 MB).")
		return
	}
	file, fh, err := r.FormFile("tep")
	if err != nil {
		fail("Vui lòng chọn tệp danh mục (.json hoặc .xlsx).")
		return
	}
	defer file.Close()
	page.FileName = filepath.Base(fh.Filename)
	data, err := io.ReadAll(io.LimitReader(file, procedure.MaxImportFile+1))
	if err != nil || len(data) > procedure.MaxImportFile {
		fail("Tệp quá lớn (tối đa 50 MB).")
		return
	}
	b, err := ReadCatalogFile(page.FileName, data)
	if err != nil {
		fail("Không nhập được tệp: %s.", apperr.TextOf(err))
		return
	}
	rep, err := h.svc.Import(r.Context(), account.PrincipalFrom(r.Context()).Actor(), b, procedure.ImportOptions{Source: page.FileName})
	page.Report = rep
	switch {
	case errors.Is(err, procedure.ErrImportRefused):
		h.renderImport(w, r, http.StatusUnprocessableEntity, page, apperr.Text{}, err, "")
	case err != nil:
		h.srv.Error(w, r, err)
	default:
		h.renderImport(w, r, http.StatusOK, page, apperr.Text{}, nil, "Đã nhập danh mục.")
	}
}

func (h *Handler) handleExport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("dinh-dang")
	if format != "json" && format != "xlsx" {
		h.srv.Error(w, r, apperr.Invalid("Định dạng xuất phải là json hoặc xlsx."))
		return
	}
	c, err := h.svc.Export(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	name := "danh-muc-thu-tuc-" + h.svc.Today() + "." + format
	if format == "json" {
		err = procedure.EncodeJSON(&buf, c)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	} else {
		err = procedure.EncodeXLSX(&buf, c)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
