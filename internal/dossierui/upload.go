package dossierui

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/files"
)

// maxFilesPerItem bounds the scans of one checklist item.
const maxFilesPerItem = 20

// putFiles stores the files of a multipart field and returns their SHA-256
// and names. A bad file (not PDF/JPEG/PNG, too large) is an invalid error
// on field.
func (h *Handler) putFiles(r *http.Request, hs []*multipart.FileHeader, field string) (shas, names []string, err error) {
	if len(hs) > 0 && h.files == nil {
		return nil, nil, apperr.Unprocessable("Kho tệp chưa được cấu hình; không nhận được bản quét.")
	}
	for _, fh := range hs {
		if fh.Size == 0 && fh.Filename == "" {
			continue // an empty file input
		}
		f, err := fh.Open()
		if err != nil {
			return nil, nil, apperr.Invalid("Không đọc được tệp %s.", fh.Filename)
		}
		b, err := h.files.Put(r.Context(), f, files.DefaultMaxSize)
		f.Close()
		if err != nil {
			if apperr.Code(err) == apperr.CodeInvalid {
				msg := fmt.Sprintf("%s: %s", filepath.Base(fh.Filename), apperr.Message(err))
				return nil, nil, &apperr.Error{Code: apperr.CodeInvalid, Message: msg, Fields: map[string]string{field: msg}}
			}
			return nil, nil, err
		}
		// The uploader may then attach the file to a dossier.
		if err := h.dossiers.RegisterUpload(r.Context(), dossier.OwnerStaff, account.PrincipalFrom(r.Context()).UserID, b); err != nil {
			return nil, nil, err
		}
		shas, names = append(shas, b.SHA256), append(names, filepath.Base(fh.Filename))
	}
	return shas, names, nil
}

// storeScans stores the scans of each checklist item, keeping those
// uploaded on an earlier try of the same form (hidden d{i}_sha fields).
// It returns what it stored even with an error, so the form can show it.
func (h *Handler) storeScans(r *http.Request, form url.Values, ndocs int) (map[int][]string, map[int][]string, error) {
	shas, names := map[int][]string{}, map[int][]string{}
	var firstErr error
	for i := 0; i < ndocs; i++ {
		kept, keptNames := form[fmt.Sprintf("d%d_sha", i)], form[fmt.Sprintf("d%d_shaname", i)]
		for j, s := range kept {
			if files.ValidSHA256(s) && len(shas[i]) < maxFilesPerItem {
				shas[i] = append(shas[i], s)
				n := ""
				if j < len(keptNames) {
					n = keptNames[j]
				}
				names[i] = append(names[i], n)
			}
		}
		if r.MultipartForm == nil {
			continue
		}
		s, n, err := h.putFiles(r, r.MultipartForm.File[fmt.Sprintf("d%d_scan", i)], fmt.Sprintf("documents.%d", i))
		if err != nil && firstErr == nil {
			firstErr = err
		}
		shas[i], names[i] = append(shas[i], s...), append(names[i], n...)
		if len(shas[i]) > maxFilesPerItem {
			if firstErr == nil {
				firstErr = &apperr.Error{Code: apperr.CodeInvalid, Message: "Quá nhiều tệp.",
					Fields: map[string]string{fmt.Sprintf("documents.%d", i): fmt.Sprintf("Tối đa %d tệp cho một thành phần hồ sơ.", maxFilesPerItem)}}
			}
			shas[i], names[i] = shas[i][:maxFilesPerItem], names[i][:maxFilesPerItem]
		}
	}
	return shas, names, firstErr
}
