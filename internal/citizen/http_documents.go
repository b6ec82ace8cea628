package citizen

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// MaxUpload is the largest file a citizen may upload (10 MiB: a phone photo
// or a multi-page PDF scan). The file store checks the type by content.
const MaxUpload = 10 << 20

var errTooLarge = apperr.Invalid("Tệp quá lớn (tối đa 10 MB). Vui lòng chụp hoặc quét với độ phân giải thấp hơn.")

// uploadForm parses a multipart form with one file field; it returns the
// file (nil when none was chosen) and the NFC form values.
func uploadForm(w http.ResponseWriter, r *http.Request, field string) (multipart.File, *multipart.FileHeader, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, nil, errTooLarge
		}
		return nil, nil, nil, apperr.Invalid("Không đọc được dữ liệu tải lên.")
	}
	form, err := web.Form(w, r)
	if err != nil {
		return nil, nil, nil, err
	}
	f, fh, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil, form, nil
	}
	if err != nil {
		return nil, nil, form, apperr.Invalid("Không đọc được tệp tải lên.")
	}
	if fh.Size > MaxUpload {
		f.Close()
		return nil, nil, form, errTooLarge
	}
	return f, fh, form, nil
}

// cleanName keeps the base name of an uploaded file, without control
// characters, at most 120 characters.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "" || name == "." || name == "/" {
		name = "tep"
	}
	return name
}

type documentsData struct {
	Documents []Document
}

func (h *Web) handleDocuments(w http.ResponseWriter, r *http.Request, c *Citizen) {
	h.syncResults(r, c)
	docs, err := h.S.Documents(r.Context(), c.ID)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "documents", "Kho giấy tờ điện tử", c, documentsData{Documents: docs}, nil, nil)
}

// syncResults files the electronic results of the citizen's dossiers in the
// store (idempotent), so results appear however the dossier was filed.
func (h *Web) syncResults(r *http.Request, c *Citizen) {
	if h.S.Dossiers == nil {
		return
	}
	res, err := h.S.Dossiers.Results(r.Context(), c.ID, c.IDNumber, c.IDVerified)
	if err == nil {
		_, err = h.S.AddResults(r.Context(), c, res)
	}
	if err != nil {
		h.S.Log.Warn("citizen: file results in the store", "citizen", c.ID, "err", err)
	}
}

func (h *Web) handleDocumentUpload(w http.ResponseWriter, r *http.Request, c *Citizen) {
	f, fh, form, err := uploadForm(w, r, "file")
	if err == nil && f == nil {
		err = fieldErr("file", "Vui lòng chọn tệp cần tải lên.")
	}
	if err == nil {
		defer f.Close()
		_, err = h.S.AddUpload(r.Context(), c, form.Get("title"), cleanName(fh.Filename), f)
	}
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		docs, _ := h.S.Documents(r.Context(), c.ID)
		if apperr.FieldsOf(err) == nil {
			e := apperr.OnField(err, "file")
			e.Code = apperr.CodeInvalid
			err = e
		}
		h.render(w, r, statusOf(err), "documents", "Kho giấy tờ điện tử", c, documentsData{Documents: docs}, form, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/giay-to?tb=tai-len", http.StatusSeeOther)
}

func (h *Web) handleDocumentDownload(w http.ResponseWriter, r *http.Request, c *Citizen) {
	d, rc, err := h.S.OpenDocument(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, d.File, rc)
}

func serveFile(w http.ResponseWriter, f FileInfo, rc io.Reader) {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, rc)
}

func (h *Web) handleDocumentDelete(w http.ResponseWriter, r *http.Request, c *Citizen) {
	if err := h.S.DeleteDocument(r.Context(), c, r.PathValue("id")); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/giay-to?tb=xoa", http.StatusSeeOther)
}
