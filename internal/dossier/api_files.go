package dossier

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/web"
)

// handleFileUpload stores a scan: multipart/form-data with one part named
// "file". 201 {"sha256","size","mime"}.
func (h *API) handleFileUpload(w http.ResponseWriter, r *http.Request) {
	max := h.MaxUpload
	if max <= 0 {
		max = files.DefaultMaxSize
	}
	r.Body = http.MaxBytesReader(w, r.Body, max+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		h.Srv.Error(w, r, apperr.Invalid("Cần gửi tệp dạng multipart/form-data với trường \"file\"."))
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			h.Srv.Error(w, r, uploadErr(err, max))
			return
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		b, err := h.Files.Put(r.Context(), part, max)
		part.Close()
		if err != nil {
			h.Srv.Error(w, r, uploadErr(err, max))
			return
		}
		if err := h.Svc.RegisterUpload(r.Context(), OwnerStaff, principal(r).UserID, b); err != nil {
			h.Srv.Error(w, r, err)
			return
		}
		web.JSON(w, http.StatusCreated, b)
		return
	}
	h.Srv.Error(w, r, apperr.Invalid("Thiếu trường \"file\" trong yêu cầu tải lên."))
}

func uploadErr(err error, max int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.Invalid("Tệp quá lớn (tối đa %d MB).", max>>20)
	}
	if _, ok := err.(*apperr.Error); ok {
		return err
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return apperr.Invalid("Tệp quá lớn (tối đa %d MB).", max>>20)
	}
	return apperr.Invalid("Không đọc được tệp tải lên.")
}

// handleFileGet streams a file the caller may read (404 otherwise).
func (h *API) handleFileGet(w http.ResponseWriter, r *http.Request) {
	b, err := h.Svc.FileInfo(r.Context(), principal(r), r.PathValue("sha"))
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	rc, err := h.Files.Open(r.Context(), b.SHA256)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	defer rc.Close()
	serveBlob(w, b, rc)
}

func serveBlob(w http.ResponseWriter, b *files.Blob, rc io.Reader) {
	ext := map[string]string{files.PDF: ".pdf", files.JPEG: ".jpg", files.PNG: ".png"}[b.MIME]
	w.Header().Set("Content-Type", b.MIME)
	w.Header().Set("Content-Length", strconv.FormatInt(b.Size, 10))
	w.Header().Set("Content-Disposition", `attachment; filename="`+b.SHA256[:16]+ext+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	io.Copy(w, rc)
}
