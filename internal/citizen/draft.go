package citizen

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Steps of an online application, in order. Every step's POST saves the
// draft on the server, so the citizen can leave and resume on any device.
const (
	StepApplicant = "nguoi-nop"    // applicant data (pre-filled from the profile), receiving agency
	StepDocuments = "giay-to"      // each checklist document: upload, or pick from the store
	StepDelivery  = "nhan-ket-qua" // how to receive the result; fees due
	StepReview    = "xac-nhan"     // review, declaration, submit
)

// Steps lists the steps in order.
var Steps = []string{StepApplicant, StepDocuments, StepDelivery, StepReview}

// StepLabel is the Vietnamese title of a step.
func StepLabel(step string) string {
	switch step {
	case StepApplicant:
		return "Thông tin người nộp"
	case StepDocuments:
		return "Thành phần hồ sơ"
	case StepDelivery:
		return "Hình thức nhận kết quả"
	case StepReview:
		return "Kiểm tra và nộp"
	}
	return step
}

// Delivery methods of the result (ND 118 Đ15, Đ22).
const (
	DeliveryCounter = "counter" // at the one-stop
	DeliveryPost    = "post"    // by public postal service (QĐ 45/2016)
	DeliveryOnline  = "online"  // electronic result, in the document store
)

// DeliveryLabel is the Vietnamese name of a delivery method.
func DeliveryLabel(m string) string {
	switch m {
	case DeliveryCounter:
		return "Nhận trực tiếp tại Bộ phận Một cửa"
	case DeliveryPost:
		return "Nhận qua dịch vụ bưu chính công ích"
	case DeliveryOnline:
		return "Nhận kết quả điện tử trực tuyến"
	}
	return m
}

// Applicant is the applicant data of a draft.
type Applicant struct {
	Name      string `json:"name"`
	IDNumber  string `json:"id_number"`
	BirthDate string `json:"birth_date"`
	Address   string `json:"address"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
}

// DraftData is what the citizen has entered so far (stored as JSON).
type DraftData struct {
	Applicant       Applicant      `json:"applicant"`
	AgencyCode      string         `json:"agency_code"`
	Documents       map[int]string `json:"documents"` // checklist index → document public id in the store
	Delivery        string         `json:"delivery"`
	DeliveryAddress string         `json:"delivery_address"`
	Note            string         `json:"note"`
	Declared        bool           `json:"declared"` // "tôi xin cam đoan…"
}

// Draft is a server-side draft of an online application, bound to one
// citizen. Its ID is a UUIDv7: unguessable, and looked up together with the
// citizen, so a tampered or foreign id is simply not found.
type Draft struct {
	ID            string
	CitizenID     int64
	ProcedureCode string
	ProcedureName string
	Step          string
	Data          DraftData
	AssistedBy    int64 // staff user filing on the citizen's behalf (with consent)
	DossierCode   string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	SubmittedAt   time.Time
}

// Submitted reports whether the draft became a dossier.
func (d *Draft) Submitted() bool { return !d.SubmittedAt.IsZero() }

var errNoDraft = apperr.NotFound("Không tìm thấy hồ sơ nháp.")

const draftCols = `id, citizen_id, procedure_code, procedure_name, step, data, assisted_by, dossier_code, created_at, updated_at, submitted_at`

func scanDraft(row interface{ Scan(...any) error }) (*Draft, error) {
	var d Draft
	var data string
	var created, updated, submitted int64
	err := row.Scan(&d.ID, &d.CitizenID, &d.ProcedureCode, &d.ProcedureName, &d.Step, &data, &d.AssistedBy, &d.DossierCode, &created, &updated, &submitted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoDraft
	}
	if err != nil {
		return nil, fmt.Errorf("citizen: scan draft: %w", err)
	}
	if err := json.Unmarshal([]byte(data), &d.Data); err != nil {
		return nil, fmt.Errorf("citizen: draft %s data: %w", d.ID, err)
	}
	if d.Data.Documents == nil {
		d.Data.Documents = map[int]string{}
	}
	d.CreatedAt, d.UpdatedAt, d.SubmittedAt = store.Time(created), store.Time(updated), store.Time(submitted)
	return &d, nil
}

// ValidDraftID reports whether id is a well-formed draft id (a UUID).
func ValidDraftID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}

// Drafts lists the citizen's unsubmitted drafts, most recently saved first.
func (s *Service) Drafts(ctx context.Context, citizenID int64) ([]Draft, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+draftCols+` FROM citizen_drafts WHERE citizen_id = $1 AND submitted_at = 0 ORDER BY updated_at DESC`, citizenID)
	if err != nil {
		return nil, fmt.Errorf("citizen: drafts: %w", err)
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// Draft returns one of the citizen's drafts (not_found for a malformed,
// unknown or foreign id).
func (s *Service) Draft(ctx context.Context, citizenID int64, id string) (*Draft, error) {
	if !ValidDraftID(id) {
		return nil, errNoDraft
	}
	return scanDraft(s.DB.QueryRow(ctx, `SELECT `+draftCols+` FROM citizen_drafts WHERE id = $1 AND citizen_id = $2`, id, citizenID))
}

func draftTx(ctx context.Context, tx *store.Tx, citizenID int64, id string) (*Draft, error) {
	if !ValidDraftID(id) {
		return nil, errNoDraft
	}
	return scanDraft(tx.QueryRow(ctx, `UPDATE citizen_drafts SET updated_at = updated_at WHERE id = $1 AND citizen_id = $2 RETURNING `+draftCols, id, citizenID))
}

// CreateDraft starts an online application for the procedure, pre-filled
// from the citizen's profile. assistedBy is the officer filing for the
// citizen (0 when the citizen files).
func (s *Service) CreateDraft(ctx context.Context, c *Citizen, procedureCode string, assistedBy int64) (*Draft, error) {
	p, err := s.Procedures.Online(ctx, procedureCode)
	if err != nil {
		return nil, err
	}
	if !p.Online() {
		return nil, apperr.Unprocessable("Thủ tục %s chưa được cung cấp trực tuyến. Vui lòng nộp hồ sơ tại Bộ phận Một cửa hoặc qua bưu chính.", p.Name)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	d := &Draft{ID: id.String(), CitizenID: c.ID, ProcedureCode: p.Code, ProcedureName: p.Name, Step: StepApplicant, AssistedBy: assistedBy}
	d.Data = DraftData{Applicant: Applicant{Name: c.FullName, IDNumber: c.IDNumber, BirthDate: c.BirthDate, Address: c.Address, Phone: c.Phone, Email: c.Email},
		Documents: map[int]string{}, Delivery: DeliveryOnline}
	if p.OnlineLevel != "full" {
		d.Data.Delivery = DeliveryCounter
	}
	if len(p.Agencies) == 1 {
		d.Data.AgencyCode = p.Agencies[0].Code
	}
	data, _ := json.Marshal(d.Data)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(tx.Now)
		if _, err := tx.Exec(ctx, `INSERT INTO citizen_drafts (id, citizen_id, procedure_code, procedure_name, agency_code, step, data, assisted_by,
			dossier_code, created_at, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $9, 0)`,
			d.ID, c.ID, d.ProcedureCode, d.ProcedureName, d.Data.AgencyCode, d.Step, string(data), assistedBy, now); err != nil {
			return fmt.Errorf("citizen: create draft: %w", err)
		}
		d.CreatedAt, d.UpdatedAt = tx.Now, tx.Now
		actor := actorOf(c)
		if assistedBy != 0 {
			actor = audit.Actor{ID: assistedBy, Name: fmt.Sprintf("staff:%d", assistedBy), Kind: "staff"}
		}
		return audit.Record(ctx, tx, actor, "citizen.draft.create", "citizen_draft", d.ID, 0, map[string]any{
			"procedure": d.ProcedureCode, "citizen": c.ID, "assisted": assistedBy != 0})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// StepInput is what one step's form sends.
type StepInput struct {
	Applicant       *Applicant
	AgencyCode      *string
	Delivery        *string
	DeliveryAddress *string
	Note            *string
	Declared        *bool
	// Documents sets (public id) or clears ("") the document of checklist items.
	Documents map[int]string
}

// SaveStep saves a step of the draft whatever its content (so nothing typed
// is lost) and returns the saved draft together with the step's validation
// errors (nil when the step is complete). A submitted draft cannot change.
func (s *Service) SaveStep(ctx context.Context, citizenID int64, id, step string, in StepInput) (*Draft, error, error) {
	var out *Draft
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		d, err := draftTx(ctx, tx, citizenID, id)
		if err != nil {
			return err
		}
		if d.Submitted() {
			return apperr.Conflict("Hồ sơ này đã được nộp (mã %s), không sửa được bản nháp.", d.DossierCode)
		}
		if in.Applicant != nil {
			a := *in.Applicant
			a.Name = collapseSpaces(textfold.NFC(a.Name))
			a.IDNumber = digitsOnly(a.IDNumber)
			a.Address = collapseSpaces(textfold.NFC(a.Address))
			if p := NormalizePhone(a.Phone); p != "" {
				a.Phone = p
			}
			if e := NormalizeEmail(a.Email); e != "" {
				a.Email = e
			}
			d.Data.Applicant = a
		}
		if in.AgencyCode != nil {
			d.Data.AgencyCode = *in.AgencyCode
		}
		if in.Delivery != nil {
			d.Data.Delivery = *in.Delivery
		}
		if in.DeliveryAddress != nil {
			d.Data.DeliveryAddress = collapseSpaces(textfold.NFC(*in.DeliveryAddress))
		}
		if in.Note != nil {
			d.Data.Note = textfold.NFC(*in.Note)
		}
		if in.Declared != nil {
			d.Data.Declared = *in.Declared
		}
		for idx, pub := range in.Documents {
			if pub == "" {
				delete(d.Data.Documents, idx)
				continue
			}
			// Only the citizen's own documents can be attached.
			if _, err := documentTx(ctx, tx, citizenID, pub); err != nil {
				return apperr.Invalid("Giấy tờ đã chọn không có trong kho của ông/bà.")
			}
			d.Data.Documents[idx] = pub
		}
		d.Step = step
		data, _ := json.Marshal(d.Data)
		if _, err := tx.Exec(ctx, `UPDATE citizen_drafts SET data = $1, step = $2, agency_code = $3, updated_at = $4 WHERE id = $5`,
			string(data), step, d.Data.AgencyCode, store.Millis(tx.Now), d.ID); err != nil {
			return fmt.Errorf("citizen: save draft: %w", err)
		}
		d.UpdatedAt = tx.Now
		out = d
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Procedures.Online(ctx, out.ProcedureCode)
	if err != nil {
		return out, nil, err
	}
	return out, ValidateStep(out, p, step, s.DB.Now().In(vnLoc)), nil
}

// ValidateStep checks one step of a draft against the procedure.
func ValidateStep(d *Draft, p *OnlineProcedure, step string, today time.Time) error {
	var v apperr.Validation
	switch step {
	case StepApplicant:
		a := d.Data.Applicant
		prof := Profile{FullName: a.Name, IDNumber: a.IDNumber, BirthDate: a.BirthDate, Address: a.Address}
		if err := prof.Validate(today); err != nil {
			for f, m := range apperr.FieldsOf(err) {
				if f == "full_name" {
					f = "name"
				}
				v.Add(f, m)
			}
		}
		v.Check(a.Phone == "" || NormalizePhone(a.Phone) != "", "phone", "Số điện thoại di động không hợp lệ.")
		v.Check(a.Email == "" || NormalizeEmail(a.Email) != "", "email", "Địa chỉ thư điện tử không hợp lệ.")
		v.Check(a.Phone != "" || a.Email != "", "phone", "Vui lòng nhập số điện thoại hoặc thư điện tử để nhận thông báo.")
		ok := false
		for _, ag := range p.Agencies {
			ok = ok || ag.Code == d.Data.AgencyCode
		}
		v.Check(ok, "agency_code", "Vui lòng chọn nơi tiếp nhận hồ sơ.")
	case StepDocuments:
		for i, doc := range p.Documents {
			if doc.Mandatory && d.Data.Documents[i] == "" {
				v.Add(fmt.Sprintf("doc_%d", i), "Vui lòng tải lên hoặc chọn giấy tờ này.")
			}
		}
	case StepDelivery:
		switch d.Data.Delivery {
		case DeliveryOnline:
			v.Check(p.OnlineLevel == "full", "delivery", "Thủ tục này không trả kết quả điện tử; vui lòng chọn nhận trực tiếp hoặc qua bưu chính.")
		case DeliveryCounter:
		case DeliveryPost:
			v.Check(d.Data.DeliveryAddress != "", "delivery_address", "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
		default:
			v.Add("delivery", "Vui lòng chọn hình thức nhận kết quả.")
		}
	case StepReview:
		v.Check(d.Data.Declared, "declared", "Vui lòng xác nhận cam đoan trước khi nộp hồ sơ.")
	}
	return v.Err()
}

// ValidateDraft checks every step; it returns the first incomplete step and
// its errors.
func ValidateDraft(d *Draft, p *OnlineProcedure, today time.Time) (string, error) {
	for _, st := range Steps {
		if err := ValidateStep(d, p, st, today); err != nil {
			return st, err
		}
	}
	return "", nil
}

// DeleteDraft deletes an unsubmitted draft.
func (s *Service) DeleteDraft(ctx context.Context, c *Citizen, id string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		d, err := draftTx(ctx, tx, c.ID, id)
		if err != nil {
			return err
		}
		if d.Submitted() {
			return apperr.Conflict("Hồ sơ này đã được nộp, không xóa được.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM citizen_drafts WHERE id = $1`, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.draft.delete", "citizen_draft", d.ID, 0, map[string]string{"procedure": d.ProcedureCode})
	})
}
