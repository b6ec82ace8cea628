package procedure

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// MaxFormFile is the largest blank form accepted (10 MiB).
const MaxFormFile = 10 << 20

// Content types of the accepted blank forms.
const (
	TypePDF  = "application/pdf"
	TypeDOC  = "application/msword"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeODT  = "application/vnd.oasis.opendocument.text"
)

// FileStore keeps blank forms content-addressed on disk: the file with
// SHA-256 s lives at Dir/s[:2]/s. Identical uploads are stored once. Files
// are written to a temporary name and renamed, so a reader never sees a
// partial file.
type FileStore struct {
	Dir string
}

// SniffForm detects the type of a blank form from its content (never from
// the name or the browser's claim): PDF, DOC (OLE2), DOCX or ODT (ZIP with
// the right parts). It returns "" for anything else.
func SniffForm(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return TypeDOC
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return ""
		}
		for _, f := range zr.File {
			switch f.Name {
			case "word/document.xml":
				return TypeDOCX
			case "mimetype":
				rc, err := f.Open()
				if err != nil {
					return ""
				}
				m, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				if strings.TrimSpace(string(m)) == TypeODT {
					return TypeODT
				}
			}
		}
	}
	return ""
}

// Ext is the usual file extension of a form content type.
func Ext(contentType string) string {
	switch contentType {
	case TypePDF:
		return ".pdf"
	case TypeDOC:
		return ".doc"
	case TypeDOCX:
		return ".docx"
	case TypeODT:
		return ".odt"
	}
	return ""
}

var errFormType = apperr.Invalid("Tệp mẫu phải là PDF, DOC, DOCX hoặc ODT.")

// PutForm stores a blank form read from r (at most MaxFormFile bytes), records
// it in procedure_form_files and returns its reference with name as the
// download name (the extension is fixed to match the detected type).
// Errors: invalid (too large, empty, not a PDF/DOC/DOCX/ODT).
func (s *Service) PutForm(ctx context.Context, r io.Reader, name string) (*FormFile, error) {
	if s.Files == nil {
		return nil, apperr.Unprocessable("Hệ thống chưa cấu hình nơi lưu tệp.")
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxFormFile+1))
	if err != nil {
		return nil, apperr.Invalid("Không đọc được tệp tải lên.")
	}
	if len(b) > MaxFormFile {
		return nil, apperr.Invalid("Tệp mẫu quá lớn (tối đa 10 MB).")
	}
	if len(b) == 0 {
		return nil, apperr.Invalid("Tệp mẫu rỗng.")
	}
	ct := SniffForm(b)
	if ct == "" {
		return nil, errFormType
	}
	sum := sha256.Sum256(b)
	ff := &FormFile{SHA256: hex.EncodeToString(sum[:]), Name: cleanFileName(name, ct), Type: ct, Size: int64(len(b))}
	if err := s.Files.write(ff.SHA256, b); err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO procedure_form_files (sha256, content_type, size, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (sha256) DO NOTHING`, ff.SHA256, ff.Type, ff.Size, store.Millis(tx.Now))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("procedure: record form file: %w", err)
	}
	return ff, nil
}

// FormFileInfo returns the stored form with the SHA-256 when a document of
// some version refers to it (only those are public), with the name the most
// recent such document gives it. Errors: not_found.
func (s *Service) FormFileInfo(ctx context.Context, sha string) (*FormFile, error) {
	if !validSHA256(sha) {
		return nil, apperr.NotFound("Không tìm thấy tệp mẫu.")
	}
	var ff FormFile
	err := s.DB.QueryRow(ctx, `SELECT ff.sha256, ff.content_type, ff.size, d.form_file_name FROM procedure_form_files ff
		JOIN procedure_documents d ON d.form_file = ff.sha256 WHERE ff.sha256 = $1 ORDER BY d.id DESC LIMIT 1`, sha).
		Scan(&ff.SHA256, &ff.Type, &ff.Size, &ff.Name)
	if err != nil {
		return nil, apperr.NotFound("Không tìm thấy tệp mẫu.")
	}
	return &ff, nil
}

// Open opens the stored file with the SHA-256.
func (fs *FileStore) Open(sha string) (*os.File, error) {
	if !validSHA256(sha) {
		return nil, os.ErrNotExist
	}
	root, err := os.OpenRoot(fs.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(path.Join(sha[:2], sha))
}

func (fs *FileStore) write(sha string, b []byte) error {
	dir := filepath.Join(fs.Dir, sha[:2])
	final := filepath.Join(dir, sha)
	if _, err := os.Stat(final); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("procedure: form store: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("procedure: form store: %w", err)
	}
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("procedure: form store: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("procedure: form store: %w", err)
	}
	return nil
}

// cleanFileName keeps the base name of an upload, without path separators or
// control characters, with the extension of the detected type.
func cleanFileName(name, ct string) string {
	name = textfold.NFC(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || base == "." {
		base = "mau-don"
	}
	if len([]rune(base)) > 120 {
		base = string([]rune(base)[:120])
	}
	return base + Ext(ct)
}
