package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Purposes of a citizen's consent to an officer.
const (
	ConsentFile      = "file"      // file an online dossier for the citizen (assisted filing)
	ConsentDocuments = "documents" // use documents of the citizen's store at the counter
)

// ConsentTTL is how long a consent lasts: one visit to the counter.
const ConsentTTL = 2 * time.Hour

// Consent is a citizen's consent, given by reading a one-time code to the
// officer, for that officer to act for them (anchors (c) 11: assisted digital
// with the citizen's OTP consent; ND 118 Đ17.1a: officers help applicants).
type Consent struct {
	ID        int64
	CitizenID int64
	StaffID   int64
	Purpose   string
	Ref       string // procedure code for ConsentFile
	GrantedAt time.Time
	ExpiresAt time.Time
}

// ConsentRequest is what the officer asks for.
type ConsentRequest struct {
	Who       string // the citizen's phone number, e-mail or ID number
	Purpose   string
	Procedure string // ConsentFile: the procedure code
}

func consentText(p *account.Principal, purpose, procName string) string {
	who := p.FullName
	if p.AgencyName != "" {
		who += " (" + p.AgencyName + ")"
	}
	if purpose == ConsentFile {
		return "Cán bộ " + who + " đề nghị nộp hồ sơ trực tuyến thủ tục " + procName + " thay ông/bà. Nếu đồng ý, đọc mã này cho cán bộ."
	}
	return "Cán bộ " + who + " đề nghị sử dụng giấy tờ trong kho dữ liệu điện tử của ông/bà cho hồ sơ đang nộp. Nếu đồng ý, đọc mã này cho cán bộ."
}

// StartConsent sends the citizen a one-time code saying what the officer
// asks to do. An unknown phone number or e-mail address gets a code too:
// entering it creates the account (the citizen is at the counter).
func (s *Service) StartConsent(ctx context.Context, p *account.Principal, req ConsentRequest, clientAddr string) (*Challenge, error) {
	if p == nil || !p.Has(account.RoleOneStopOfficer) {
		return nil, apperr.Forbidden("Chỉ công chức Bộ phận Một cửa được hỗ trợ công dân.")
	}
	var v apperr.Validation
	v.Check(req.Purpose == ConsentFile || req.Purpose == ConsentDocuments, "purpose", "Vui lòng chọn việc cần công dân đồng ý.")
	who := strings.TrimSpace(req.Who)
	v.Check(who != "", "who", "Vui lòng nhập số điện thoại, thư điện tử hoặc số định danh của công dân.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	procName := ""
	if req.Purpose == ConsentFile {
		pr, err := s.Procedures.Online(ctx, strings.TrimSpace(req.Procedure))
		if err != nil {
			return nil, fieldErr("procedure", "Không tìm thấy thủ tục "+req.Procedure+".")
		}
		if !pr.Online() {
			return nil, fieldErr("procedure", "Thủ tục này không được thực hiện trực tuyến.")
		}
		procName, req.Procedure = pr.Name, pr.Code
	}
	var citizenID int64
	var ch, dest string
	c, err := s.FindByContact(ctx, who)
	switch {
	case err == nil:
		citizenID = c.ID
		ch, dest = ChannelSMS, c.Phone
		if dest == "" {
			ch, dest = ChannelEmail, c.Email
		}
		if dest == "" {
			return nil, fieldErr("who", "Tài khoản của công dân chưa có số điện thoại hoặc thư điện tử đã xác thực.")
		}
	case apperr.Is(err, apperr.CodeNotFound):
		if ch, dest, err = Destination(who); err != nil {
			return nil, fieldErr("who", "Không tìm thấy công dân có số định danh này. Nhập số điện thoại di động hoặc thư điện tử để tạo tài khoản cho công dân.")
		}
	default:
		return nil, err
	}
	var out *Challenge
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.issueOTP(ctx, tx, otpRequest{Purpose: PurposeConsent, Channel: ch, Destination: dest, CitizenID: citizenID, StaffID: p.UserID,
			Ref: req.Purpose + ":" + req.Procedure, ClientAddr: clientAddr, Reason: consentText(p, req.Purpose, procName),
			Agency: p.AgencyName, Procedure: procName})
		return err
	})
	return out, err
}

// FinishConsent checks the code the citizen read to the officer and records
// the consent (valid ConsentTTL). The citizen's account is created if it
// did not exist.
func (s *Service) FinishConsent(ctx context.Context, p *account.Principal, challenge, code string) (*Consent, error) {
	if p == nil {
		return nil, apperr.Unauthorized("Vui lòng đăng nhập.")
	}
	var codeErr error
	var out *Consent
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		row, cerr := s.checkOTP(ctx, tx, challenge, PurposeConsent, code, func(r *otpRow) bool { return r.StaffID == p.UserID })
		if cerr != nil {
			codeErr = cerr
			return nil
		}
		c, err := byContact(ctx, tx, row.Channel, row.Destination)
		if apperr.Is(err, apperr.CodeNotFound) {
			c = &Citizen{NotifySMS: row.Channel == ChannelSMS, NotifyEmail: row.Channel == ChannelEmail}
			if row.Channel == ChannelSMS {
				c.Phone = row.Destination
			} else {
				c.Email = row.Destination
			}
			if err := insertCitizen(ctx, tx, c); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, p.Actor(), "citizen.signup.assisted", "citizen", fmt.Sprint(c.ID), p.AgencyID, map[string]string{"via": row.Channel}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		purpose, ref, _ := strings.Cut(row.Ref, ":")
		out = &Consent{CitizenID: c.ID, StaffID: p.UserID, Purpose: purpose, Ref: ref, GrantedAt: tx.Now, ExpiresAt: tx.Now.Add(ConsentTTL)}
		if err := tx.QueryRow(ctx, `INSERT INTO citizen_consents (citizen_id, staff_id, purpose, ref, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			out.CitizenID, out.StaffID, out.Purpose, out.Ref, store.Millis(out.GrantedAt), store.Millis(out.ExpiresAt)).Scan(&out.ID); err != nil {
			return fmt.Errorf("citizen: consent: %w", err)
		}
		return audit.Record(ctx, tx, p.Actor(), "citizen.consent", "citizen", fmt.Sprint(c.ID), p.AgencyID, map[string]string{"purpose": purpose, "ref": ref})
	})
	if err == nil && codeErr != nil {
		return nil, codeErr
	}
	return out, err
}

var errNoConsent = apperr.NotFound("Không có sự đồng ý còn hiệu lực của công dân. Vui lòng gửi lại mã xác nhận cho công dân.")

// ActiveConsent returns the officer's consent with the id if it has not
// expired (not_found otherwise, also for another officer's).
func (s *Service) ActiveConsent(ctx context.Context, p *account.Principal, id int64) (*Consent, error) {
	if p == nil {
		return nil, errNoConsent
	}
	var c Consent
	var granted, expires int64
	err := s.DB.QueryRow(ctx, `SELECT id, citizen_id, staff_id, purpose, ref, granted_at, expires_at FROM citizen_consents WHERE id = $1 AND staff_id = $2`,
		id, p.UserID).Scan(&c.ID, &c.CitizenID, &c.StaffID, &c.Purpose, &c.Ref, &granted, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !store.Time(expires).After(s.DB.Now())) {
		return nil, errNoConsent
	}
	if err != nil {
		return nil, err
	}
	c.GrantedAt, c.ExpiresAt = store.Time(granted), store.Time(expires)
	return &c, nil
}

// AssistedDraft returns a draft an officer is filing for a citizen, with
// the citizen, while the citizen's consent to that officer lasts.
func (s *Service) AssistedDraft(ctx context.Context, p *account.Principal, id string) (*Draft, *Citizen, error) {
	if p == nil || !ValidDraftID(id) {
		return nil, nil, errNoDraft
	}
	d, err := scanDraft(s.DB.QueryRow(ctx, `SELECT `+draftCols+` FROM citizen_drafts WHERE id = $1 AND assisted_by = $2`, id, p.UserID))
	if err != nil {
		return nil, nil, err
	}
	var n int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM citizen_consents WHERE staff_id = $1 AND citizen_id = $2 AND purpose = $3 AND expires_at > $4`,
		p.UserID, d.CitizenID, ConsentFile, store.Millis(s.DB.Now())).Scan(&n); err != nil {
		return nil, nil, err
	}
	if n == 0 && !d.Submitted() {
		return nil, nil, errNoConsent
	}
	c, err := s.ByID(ctx, d.CitizenID)
	if err != nil {
		return nil, nil, err
	}
	return d, c, nil
}

// UseAtCounter makes a document of the citizen's store attachable by the
// officer (consent checked by the caller), and audits it.
func (s *Service) UseAtCounter(ctx context.Context, p *account.Principal, staff Staff, c *Citizen, d *Document) error {
	if err := staff.RegisterForStaff(ctx, p, d.File); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, p.Actor(), "citizen.document.use", "citizen_document", d.PublicID, p.AgencyID,
			map[string]any{"citizen": c.ID, "sha256": d.File.SHA256, "title": d.Title})
	})
}
