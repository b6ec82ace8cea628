package citizen

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Kinds of online supplements.
const (
	KindChanges    = "changes"    // completing an online submission before acceptance (ND 118 Đ17.2)
	KindSupplement = "supplement" // supplementing during processing (ND 118 Đ19.5)
)

// SupplementFile is a file the citizen adds to a supplement.
type SupplementFile struct {
	DocIndex int    `json:"doc_index"` // checklist item it completes (-1: other)
	SHA256   string `json:"sha256"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Size     int64  `json:"size"`
	Title    string `json:"title"`
}

// Supplement is what the citizen sends online in answer to a request (one
// per dossier and kind: the request is made once, and answered once).
type Supplement struct {
	ID          int64
	DossierCode string
	Kind        string
	CitizenID   int64
	Files       []SupplementFile
	Note        string
	CreatedAt   time.Time
	SubmittedAt time.Time
	ReceivedAt  time.Time
}

// Submitted reports whether the citizen has sent it.
func (s *Supplement) Submitted() bool { return !s.SubmittedAt.IsZero() }

const supplementCols = `id, dossier_code, kind, citizen_id, files, note, created_at, submitted_at, received_at`

func scanSupplement(row interface{ Scan(...any) error }) (*Supplement, error) {
	var x Supplement
	var files string
	var created, submitted, received int64
	err := row.Scan(&x.ID, &x.DossierCode, &x.Kind, &x.CitizenID, &files, &x.Note, &created, &submitted, &received)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: scan supplement: %w", err)
	}
	if err := json.Unmarshal([]byte(files), &x.Files); err != nil {
		return nil, err
	}
	x.CreatedAt, x.SubmittedAt, x.ReceivedAt = store.Time(created), store.Time(submitted), store.Time(received)
	return &x, nil
}

// kindFor returns the supplement kind a dossier's state asks for, or "".
func kindFor(d *DossierDetail) string {
	switch d.Status {
	case "changes_requested":
		return KindChanges
	case "awaiting_supplement":
		return KindSupplement
	}
	return ""
}

// PendingSupplement returns the citizen's supplement to the dossier's
// current request (nil when none was started).
func (s *Service) PendingSupplement(ctx context.Context, citizenID int64, d *DossierDetail) (*Supplement, error) {
	kind := kindFor(d)
	if kind == "" {
		return nil, nil
	}
	return scanSupplement(s.DB.QueryRow(ctx, `SELECT `+supplementCols+` FROM citizen_supplements WHERE dossier_code = $1 AND kind = $2 AND citizen_id = $3`,
		d.Code, kind, citizenID))
}

var errNoRequest = apperr.Unprocessable("Hồ sơ không có yêu cầu bổ sung đang chờ ông/bà.")

// AddSupplementFile adds a file (uploaded now, or a document from the
// store) to the citizen's answer to the dossier's current request.
func (s *Service) AddSupplementFile(ctx context.Context, c *Citizen, code string, docIndex int, title, fileName string, r io.Reader, storeDoc string) error {
	d, err := s.Dossiers.Detail(ctx, c.ID, code)
	if err != nil {
		return err
	}
	kind := kindFor(d)
	if kind == "" {
		return errNoRequest
	}
	if docIndex < -1 || docIndex >= len(d.Documents) {
		return fieldErr("doc_index", "Vui lòng chọn thành phần hồ sơ được bổ sung.")
	}
	var f SupplementFile
	switch {
	case r != nil:
		if title == "" && docIndex >= 0 {
			title = ShortTitle(d.Documents[docIndex].Name)
		}
		doc, err := s.AddUpload(ctx, c, title, fileName, r)
		if err != nil {
			return err
		}
		f = SupplementFile{SHA256: doc.File.SHA256, Name: doc.File.Name, Type: doc.File.ContentType, Size: doc.File.Size, Title: doc.Title}
	case storeDoc != "":
		doc, err := s.Document(ctx, c.ID, storeDoc)
		if err != nil {
			return fieldErr("document", "Giấy tờ đã chọn không có trong kho của ông/bà.")
		}
		f = SupplementFile{SHA256: doc.File.SHA256, Name: doc.File.Name, Type: doc.File.ContentType, Size: doc.File.Size, Title: doc.Title}
	default:
		return fieldErr("file", "Vui lòng chọn tệp để tải lên hoặc chọn giấy tờ trong kho.")
	}
	f.DocIndex = docIndex
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		cur, err := scanSupplement(tx.QueryRow(ctx, `SELECT `+supplementCols+` FROM citizen_supplements WHERE dossier_code = $1 AND kind = $2`, d.Code, kind))
		if err != nil {
			return err
		}
		if cur != nil && cur.CitizenID != c.ID {
			return errNoRequest
		}
		if cur != nil && cur.Submitted() {
			return apperr.Conflict("Ông/bà đã gửi hồ sơ bổ sung; chỉ gửi một lần.")
		}
		if cur == nil {
			cur = &Supplement{}
			if err := tx.QueryRow(ctx, `INSERT INTO citizen_supplements (dossier_code, kind, citizen_id, files, note, created_at) VALUES ($1, $2, $3, '[]', '', $4) RETURNING id`,
				d.Code, kind, c.ID, store.Millis(tx.Now)).Scan(&cur.ID); err != nil {
				return fmt.Errorf("citizen: start supplement: %w", err)
			}
		}
		if len(cur.Files) >= 20 {
			return apperr.Unprocessable("Mỗi lần bổ sung tối đa 20 tệp.")
		}
		b, _ := json.Marshal(append(cur.Files, f))
		_, err = tx.Exec(ctx, `UPDATE citizen_supplements SET files = $1 WHERE id = $2`, string(b), cur.ID)
		return err
	})
}

// RemoveSupplementFile removes the i-th file of an unsent supplement.
func (s *Service) RemoveSupplementFile(ctx context.Context, c *Citizen, code string, i int) error {
	d, err := s.Dossiers.Detail(ctx, c.ID, code)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		cur, err := scanSupplement(tx.QueryRow(ctx, `SELECT `+supplementCols+` FROM citizen_supplements WHERE dossier_code = $1 AND kind = $2 AND citizen_id = $3`,
			d.Code, kindFor(d), c.ID))
		if err != nil {
			return err
		}
		if cur == nil || i < 0 || i >= len(cur.Files) {
			return apperr.NotFound("Không tìm thấy tệp.")
		}
		if cur.Submitted() {
			return apperr.Conflict("Ông/bà đã gửi hồ sơ bổ sung; chỉ gửi một lần.")
		}
		files := append(cur.Files[:i:i], cur.Files[i+1:]...)
		b, _ := json.Marshal(files)
		_, err = tx.Exec(ctx, `UPDATE citizen_supplements SET files = $1 WHERE id = $2`, string(b), cur.ID)
		return err
	})
}

// SubmitSupplement sends the citizen's answer, once. Completing an online
// submission goes straight back to the one-stop (the 8-working-hour clock
// runs again); a supplement during processing waits for the one-stop to
// confirm receipt, which restarts the processing time (ND 118 Đ19.5).
func (s *Service) SubmitSupplement(ctx context.Context, c *Citizen, code, note string) error {
	d, err := s.Dossiers.Detail(ctx, c.ID, code)
	if err != nil {
		return err
	}
	kind := kindFor(d)
	if kind == "" {
		return errNoRequest
	}
	cur, err := scanSupplement(s.DB.QueryRow(ctx, `SELECT `+supplementCols+` FROM citizen_supplements WHERE dossier_code = $1 AND kind = $2 AND citizen_id = $3`,
		d.Code, kind, c.ID))
	if err != nil {
		return err
	}
	if cur == nil || len(cur.Files) == 0 {
		return fieldErr("file", "Vui lòng thêm ít nhất một tệp bổ sung trước khi gửi.")
	}
	if cur.Submitted() {
		return apperr.Conflict("Ông/bà đã gửi hồ sơ bổ sung; chỉ gửi một lần.")
	}
	note = textfold.NFC(note)
	if kind == KindChanges {
		docs := map[int][]string{}
		for _, f := range cur.Files {
			if f.DocIndex >= 0 {
				docs[f.DocIndex] = append(docs[f.DocIndex], f.SHA256)
			}
		}
		if err := s.Dossiers.Resubmit(ctx, c.ID, d.Code, d.Version, docs, note); err != nil {
			return err
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE citizen_supplements SET submitted_at = $1, note = $2 WHERE id = $3 AND submitted_at = 0`,
			store.Millis(tx.Now), note, cur.ID)
		if n, _ := rowsAffected(res, err); err == nil && n == 0 {
			return apperr.Conflict("Ông/bà đã gửi hồ sơ bổ sung; chỉ gửi một lần.")
		}
		if err != nil {
			return err
		}
		if kind == KindSupplement && s.Notify != nil {
			// The one-stop confirms it (ND 118 Đ19.5, Đ5.1e): alert its
			// officers. A request for changes before acceptance was
			// answered through Resubmit, whose alert the dossier module sends.
			if err := s.Notify.Enqueue(ctx, tx, Outbound{Event: EventStaffSupplementSubmitted,
				Key: d.Code + ":" + EventStaffSupplementSubmitted + ":" + strconv.FormatInt(cur.ID, 10), DossierCode: d.Code,
				AgencyID: d.AgencyID, AgencyName: d.Agency, ProcedureName: d.ProcedureName, ApplicantName: d.Applicant.Name, Reason: note}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.supplement.submit", "dossier", d.Code, 0, map[string]any{"kind": kind, "files": len(cur.Files)})
	})
}

func scanFiles(s string) ([]SupplementFile, error) {
	var fs []SupplementFile
	err := json.Unmarshal([]byte(s), &fs)
	return fs, err
}
