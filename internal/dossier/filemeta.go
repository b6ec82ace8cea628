package dossier

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/store"
)

// Owner kinds of uploads.
const (
	OwnerStaff   = "staff"
	OwnerCitizen = "citizen"
)

// RegisterUpload records a stored file and its uploader, so the uploader can
// attach it to a dossier and read it back (citizen module: call it with
// OwnerCitizen after storing a citizen's upload).
func (s *Service) RegisterUpload(ctx context.Context, ownerKind string, ownerID int64, b files.Blob) error {
	if ownerKind != OwnerStaff && ownerKind != OwnerCitizen {
		return fmt.Errorf("dossier: unknown owner kind %q", ownerKind)
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(tx.Now)
		if _, err := tx.Exec(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
			b.SHA256, b.Size, b.MIME, now); err != nil {
			return fmt.Errorf("dossier: register file: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO file_owners (sha256, owner_kind, owner_id, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (sha256, owner_kind, owner_id) DO NOTHING`, b.SHA256, ownerKind, ownerID, now)
		return err
	})
}

// FileInfo returns a file's metadata if the staff member may read it: they
// uploaded it, or it is attached to a dossier they can see. Errors:
// not_found otherwise (also for files that exist).
func (s *Service) FileInfo(ctx context.Context, p *account.Principal, sha string) (*files.Blob, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	if !files.ValidSHA256(sha) {
		return nil, errNoFile
	}
	var b files.Blob
	if err := s.DB.QueryRow(ctx, `SELECT sha256, size, mime FROM files WHERE sha256 = $1`, sha).Scan(&b.SHA256, &b.Size, &b.MIME); err != nil {
		return nil, errNoFile
	}
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM file_owners WHERE sha256 = $1 AND owner_kind = 'staff' AND owner_id = $2`, sha, p.UserID).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return &b, nil
	}
	// Readable through any dossier in scope that holds the file (usually
	// one); each checked by id, an index probe whatever the subtree's size.
	rows, err := s.DB.Query(ctx, `SELECT DISTINCT dossier_id FROM dossier_files WHERE sha256 = $1 ORDER BY dossier_id`, sha)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if ok, err := s.inScope(ctx, p, id); err != nil {
			return nil, err
		} else if ok {
			return &b, nil
		}
	}
	return nil, errNoFile
}

// CitizenFileInfo is FileInfo for a citizen: files they uploaded or attached
// to their own dossiers.
func (s *Service) CitizenFileInfo(ctx context.Context, citizenID int64, sha string) (*files.Blob, error) {
	if citizenID <= 0 || !files.ValidSHA256(sha) {
		return nil, errNoFile
	}
	var b files.Blob
	err := s.DB.QueryRow(ctx, `SELECT f.sha256, f.size, f.mime FROM files f WHERE f.sha256 = $1 AND (
		EXISTS (SELECT 1 FROM file_owners o WHERE o.sha256 = f.sha256 AND o.owner_kind = 'citizen' AND o.owner_id = $2)
		OR EXISTS (SELECT 1 FROM dossier_files df JOIN dossiers d ON d.id = df.dossier_id WHERE df.sha256 = f.sha256 AND d.citizen_id = $2))`,
		sha, citizenID).Scan(&b.SHA256, &b.Size, &b.MIME)
	if err != nil {
		return nil, errNoFile
	}
	return &b, nil
}

var errNoFile = apperr.NotFound("Không tìm thấy tệp.")
