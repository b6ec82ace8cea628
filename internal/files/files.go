// Package files is the content-addressed store of uploaded files (scans of
// dossier documents, supplements, results): each file is kept once, named
// by the SHA-256 of its content, under a directory on disk. Types are
// checked by content (PDF, JPEG, PNG), never by the name or the declared
// type, and sizes are limited. A write goes to a temporary file, is synced
// to disk and renamed into place, so a crash leaves either the whole file
// or nothing under its name.
//
// Store is the interface the rest of the system uses; Disk implements it on
// a local directory and an S3-compatible store can implement it too. The
// metadata (who uploaded what, which dossier a file belongs to) lives in the
// database of the module that uses the file, not here.
package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/motcua/motcua/internal/apperr"
)

// Blob describes a stored file.
type Blob struct {
	SHA256 string `json:"sha256"` // lower-case hex
	Size   int64  `json:"size"`
	MIME   string `json:"mime"` // application/pdf, image/jpeg or image/png
}

// Store keeps files by content.
type Store interface {
	// Put reads r to the end (at most maxSize bytes), checks its type by
	// content and stores it. Storing the same content twice keeps one copy
	// and returns the same Blob. Errors: invalid (empty, too large, not a
	// PDF/JPEG/PNG) with a Vietnamese message; others are internal.
	Put(ctx context.Context, r io.Reader, maxSize int64) (Blob, error)
	// Open returns the content of a stored file. Errors: not_found.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
}

// MIME types accepted.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// DefaultMaxSize is the default upload limit (20 MiB: a multi-page scan at
// 200 dpi).
const DefaultMaxSize = 20 << 20

// Sniff returns the type of content from its first bytes, or "".
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(head, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return PNG
	}
	return ""
}

// ValidSHA256 reports whether s is a lower-case hex SHA-256.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Disk stores files under Dir as Dir/ab/abcdef… (the first two hex digits
// as a sub-directory keep directories small).
type Disk struct {
	Dir string
}

// NewDisk returns a store in dir, creating it.
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("files: create %s: %w", dir, err)
	}
	return &Disk{Dir: dir}, nil
}

func (d *Disk) path(sha string) string { return filepath.Join(d.Dir, sha[:2], sha) }

// Put implements Store.
func (d *Disk) Put(ctx context.Context, r io.Reader, maxSize int64) (Blob, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	tmp, err := os.CreateTemp(filepath.Join(d.Dir, "tmp"), "up-*")
	if err != nil {
		return Blob{}, fmt.Errorf("files: temp file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	var head [512]byte
	nHead, err := io.ReadFull(r, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Blob{}, apperr.Invalid("Không đọc được tệp tải lên.")
	}
	if nHead == 0 {
		return Blob{}, apperr.Invalid("Tệp tải lên đang trống.")
	}
	mime := Sniff(head[:nHead])
	if mime == "" {
		return Blob{}, apperr.Invalid("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).")
	}
	w := io.MultiWriter(tmp, h)
	if _, err := w.Write(head[:nHead]); err != nil {
		return Blob{}, fmt.Errorf("files: write: %w", err)
	}
	n, err := io.Copy(w, io.LimitReader(r, maxSize-int64(nHead)+1))
	if err != nil {
		if ctx.Err() != nil {
			return Blob{}, ctx.Err()
		}
		return Blob{}, apperr.Invalid("Không đọc được tệp tải lên.")
	}
	size := int64(nHead) + n
	if size > maxSize {
		return Blob{}, apperr.Invalid("Tệp quá lớn (tối đa %d MB).", maxSize>>20)
	}
	if err := tmp.Sync(); err != nil {
		return Blob{}, fmt.Errorf("files: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, fmt.Errorf("files: close: %w", err)
	}
	sha := hex.EncodeToString(h.Sum(nil))
	dst := d.path(sha)
	if _, err := os.Stat(dst); err == nil {
		os.Remove(tmp.Name())
		done = true
		return Blob{SHA256: sha, Size: size, MIME: mime}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Blob{}, fmt.Errorf("files: mkdir: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Blob{}, fmt.Errorf("files: rename: %w", err)
	}
	done = true
	// Make the rename itself durable.
	if dir, err := os.Open(filepath.Dir(dst)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return Blob{SHA256: sha, Size: size, MIME: mime}, nil
}

// Open implements Store.
func (d *Disk) Open(_ context.Context, sha string) (io.ReadCloser, error) {
	if !ValidSHA256(sha) {
		return nil, apperr.NotFound("Không tìm thấy tệp.")
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.NotFound("Không tìm thấy tệp.")
	}
	if err != nil {
		return nil, fmt.Errorf("files: open: %w", err)
	}
	return f, nil
}
