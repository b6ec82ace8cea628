package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Sources of documents in the personal store.
const (
	SourceUpload  = "upload"  // uploaded by the citizen
	SourceResult  = "result"  // a result issued to the citizen (ND 118 Đ22.4)
	SourceCounter = "counter" // scanned at the counter
)

// Document is an entry of the citizen's personal electronic document store
// (kho quản lý dữ liệu điện tử của cá nhân, ND 118 Đ22.4; ND 45/2020 Đ16 as
// amended by ND 118 Đ40.8): data recorded once is reused, never asked for
// again (ND 118 Đ5.1i).
type Document struct {
	ID          int64
	PublicID    string // UUIDv7, in URLs
	CitizenID   int64
	Title       string
	DocTypeCode string // mã loại giấy tờ (result-type code)
	DocCode     string // mã số giấy tờ
	Source      string
	DossierCode string
	File        FileInfo
	ValidUntil  string
	CreatedAt   time.Time
}

// SourceLabel is the Vietnamese name of the document's origin.
func (d *Document) SourceLabel() string {
	switch d.Source {
	case SourceResult:
		return "Kết quả giải quyết thủ tục hành chính"
	case SourceCounter:
		return "Số hóa tại Bộ phận Một cửa"
	}
	return "Do công dân tải lên"
}

// DocumentCode is the code of an electronic result: the holder's
// identifier followed by the result-type code of the national TTHC database
// (ND 118/2025 Đ22.4: "mã số giấy tờ = số định danh + mã loại giấy tờ"),
// joined with a dot. "" when either is missing.
func DocumentCode(idNumber, typeCode string) string {
	if idNumber == "" || typeCode == "" {
		return ""
	}
	return idNumber + "." + typeCode
}

const documentCols = `id, public_id, citizen_id, title, doc_type_code, doc_code, source, dossier_code, file_ref, file_name, content_type, size, valid_until, created_at`

func scanDocument(row interface{ Scan(...any) error }) (*Document, error) {
	var d Document
	var created int64
	err := row.Scan(&d.ID, &d.PublicID, &d.CitizenID, &d.Title, &d.DocTypeCode, &d.DocCode, &d.Source, &d.DossierCode,
		&d.File.SHA256, &d.File.Name, &d.File.ContentType, &d.File.Size, &d.ValidUntil, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoDocument
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: scan document: %w", err)
	}
	d.CreatedAt = store.Time(created)
	return &d, nil
}

var errNoDocument = apperr.NotFound("Không tìm thấy giấy tờ.")

// Documents lists the citizen's documents, newest first.
func (s *Service) Documents(ctx context.Context, citizenID int64) ([]Document, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+documentCols+` FROM citizen_documents WHERE citizen_id = $1 AND deleted_at = 0 ORDER BY created_at DESC, id DESC`, citizenID)
	if err != nil {
		return nil, fmt.Errorf("citizen: documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// CountDocuments counts the citizen's documents.
func (s *Service) CountDocuments(ctx context.Context, citizenID int64) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM citizen_documents WHERE citizen_id = $1 AND deleted_at = 0`, citizenID).Scan(&n)
	return n, err
}

// Document returns one of the citizen's documents by public id; another
// citizen's document, a deleted one or a malformed id is not_found.
func (s *Service) Document(ctx context.Context, citizenID int64, publicID string) (*Document, error) {
	if _, err := uuid.Parse(publicID); err != nil {
		return nil, errNoDocument
	}
	return documentTx(ctx, s.DB, citizenID, publicID)
}

func documentTx(ctx context.Context, q querier, citizenID int64, publicID string) (*Document, error) {
	return scanDocument(q.QueryRow(ctx, `SELECT `+documentCols+` FROM citizen_documents WHERE public_id = $1 AND citizen_id = $2 AND deleted_at = 0`,
		publicID, citizenID))
}

// MaxDocumentTitle bounds a document's title.
const MaxDocumentTitle = 200

// AddUpload stores a file the citizen uploads (the file store checks its
// type and size) as a document titled title.
func (s *Service) AddUpload(ctx context.Context, c *Citizen, title, fileName string, r io.Reader) (*Document, error) {
	title = collapseSpaces(textfold.NFC(title))
	if title == "" {
		title = strings.TrimSuffix(fileName, fileExt(fileName))
	}
	var v apperr.Validation
	v.Check(title != "", "title", "Vui lòng nhập tên giấy tờ.")
	v.Check(len([]rune(title)) <= MaxDocumentTitle, "title", "Tên giấy tờ quá dài (tối đa 200 ký tự).")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Files == nil {
		return nil, errors.New("citizen: no file store configured")
	}
	fi, err := s.Files.Put(ctx, c.ID, fileName, r)
	if err != nil {
		return nil, err
	}
	var d *Document
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		d, err = insertDocument(ctx, tx, &Document{CitizenID: c.ID, Title: title, Source: SourceUpload, File: fi})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.document.add", "citizen_document", d.PublicID, 0, map[string]any{
			"title": title, "sha256": fi.SHA256, "size": fi.Size, "type": fi.ContentType})
	})
	return d, err
}

// ShortTitle cuts a long name (a checklist item used as a document's
// title) to MaxDocumentTitle characters at a word boundary.
func ShortTitle(s string) string {
	r := []rune(s)
	if len(r) <= MaxDocumentTitle {
		return s
	}
	cut := string(r[:MaxDocumentTitle-1])
	if i := strings.LastIndexByte(cut, ' '); i > MaxDocumentTitle/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;(") + "…"
}

func fileExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[i:]
	}
	return ""
}

func insertDocument(ctx context.Context, tx *store.Tx, d *Document) (*Document, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	d.PublicID, d.CreatedAt = id.String(), tx.Now
	err = tx.QueryRow(ctx, `INSERT INTO citizen_documents (public_id, citizen_id, title, title_folded, doc_type_code, doc_code, source, dossier_code,
		file_ref, file_name, content_type, size, valid_until, created_at, deleted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0) RETURNING id`,
		d.PublicID, d.CitizenID, d.Title, textfold.Fold(d.Title), d.DocTypeCode, d.DocCode, d.Source, d.DossierCode,
		d.File.SHA256, d.File.Name, d.File.ContentType, d.File.Size, d.ValidUntil, store.Millis(tx.Now)).Scan(&d.ID)
	if err != nil {
		return nil, fmt.Errorf("citizen: insert document: %w", err)
	}
	return d, nil
}

// IssuedResult is an electronic result issued to a citizen by a dossier.
type IssuedResult struct {
	DossierCode string
	TypeCode    string   // result-type code of the procedure
	Title       string   // result name
	DocumentNo  string   // number of the result document, if any
	Files       []string // SHA-256 of the result files
}

// AddResults files electronic results in the citizen's store, once each:
// results already there are skipped before any file is touched; a new one
// is adopted (its type and size read, and recorded as the citizen's file so
// it can be attached to later applications, ND 118 Đ22.1) and inserted (a
// UNIQUE index on citizen, dossier and file makes a race a no-op). It
// returns how many were added.
func (s *Service) AddResults(ctx context.Context, c *Citizen, results []IssuedResult) (int, error) {
	type item struct {
		r   IssuedResult
		sha string
	}
	var todo []item
	for _, r := range results {
		for _, sha := range r.Files {
			var n int
			if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM citizen_documents WHERE citizen_id = $1 AND dossier_code = $2 AND file_ref = $3 AND source = $4`,
				c.ID, r.DossierCode, sha, SourceResult).Scan(&n); err != nil {
				return 0, err
			}
			if n == 0 {
				todo = append(todo, item{r, sha})
			}
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	docs := make([]*Document, 0, len(todo))
	for i, it := range todo {
		fi, err := s.Files.Adopt(ctx, c.ID, it.sha)
		if err != nil {
			return 0, err
		}
		fi.Name = fmt.Sprintf("ket-qua-%s-%d%s", it.r.DossierCode, i+1, extFor(fi.ContentType))
		title := it.r.Title
		if title == "" {
			title = "Kết quả hồ sơ " + it.r.DossierCode
		}
		docs = append(docs, &Document{CitizenID: c.ID, Title: title, DocTypeCode: it.r.TypeCode, DocCode: DocumentCode(c.IDNumber, it.r.TypeCode),
			Source: SourceResult, DossierCode: it.r.DossierCode, File: fi})
	}
	added := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		added = 0
		for _, d := range docs {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM citizen_documents WHERE citizen_id = $1 AND dossier_code = $2 AND file_ref = $3 AND source = $4`,
				c.ID, d.DossierCode, d.File.SHA256, SourceResult).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := insertDocument(ctx, tx, d); err != nil {
				return err
			}
			added++
		}
		if added == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.System, "citizen.document.results", "citizen", fmt.Sprint(c.ID), 0, map[string]int{"added": added})
	})
	return added, err
}

func extFor(mime string) string {
	switch mime {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	}
	return ""
}

// DeleteDocument removes an uploaded document from the store (kept for the
// dossiers that already use it). Results issued by the system stay.
func (s *Service) DeleteDocument(ctx context.Context, c *Citizen, publicID string) error {
	d, err := s.Document(ctx, c.ID, publicID)
	if err != nil {
		return err
	}
	if d.Source == SourceResult {
		return apperr.Unprocessable("Kết quả giải quyết thủ tục hành chính được lưu giữ, không xóa được.")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE citizen_documents SET deleted_at = $1 WHERE id = $2`, store.Millis(tx.Now), d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.document.delete", "citizen_document", d.PublicID, 0, map[string]string{"title": d.Title})
	})
}

// OpenDocument opens the content of one of the citizen's documents.
func (s *Service) OpenDocument(ctx context.Context, citizenID int64, publicID string) (*Document, io.ReadCloser, error) {
	d, err := s.Document(ctx, citizenID, publicID)
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.Files.Open(ctx, d.File.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return d, rc, nil
}
