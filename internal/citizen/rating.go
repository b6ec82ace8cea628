package citizen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Criterion is one criterion of the citizen's evaluation of a dossier,
// from ND 118/2025 Đ33.1 (= ND 61/2018 Đ31.1).
type Criterion struct {
	Key   string // column and form field
	Law   string // letter in Đ33.1
	Label string
	Count bool // answered as a count (0, 1, 2 = "2 or more"), not 1–5
	Opt   bool // may be "không áp dụng"
}

// Criteria are asked in this order. Scores are 1–5 (1 rất không hài lòng …
// 5 rất hài lòng, the five-level scale provinces use on DVCQG); criteria b
// and c are facts, asked as counts, which give TT 01/2018 Đ13 indicators 4
// and 3 directly (0 → 2 points, 1 → 1 point, more → 0 points), so the later
// satisfaction module can score officers without asking again.
var Criteria = []Criterion{
	{Key: "time_score", Law: "a", Label: "Thời gian trả kết quả so với quy định"},
	{Key: "agencies_count", Law: "b", Label: "Số cơ quan, đơn vị ông/bà phải liên hệ để hoàn thiện hồ sơ (ngoài Bộ phận Một cửa)", Count: true},
	{Key: "contacts_count", Law: "c", Label: "Số lần ông/bà phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ (kể cả trực tuyến)", Count: true},
	{Key: "info_score", Law: "d", Label: "Thông tin công khai về thủ tục chính xác, đầy đủ, kịp thời"},
	{Key: "attitude_score", Law: "đ", Label: "Thái độ của cán bộ, công chức"},
	{Key: "legality_score", Law: "e", Label: "Kết quả đúng quy định; không phát sinh chi phí ngoài quy định"},
	{Key: "pakn_score", Law: "g", Label: "Việc trả lời phản ánh, kiến nghị (nếu có)", Opt: true},
	{Key: "online_score", Law: "h", Label: "Chất lượng dịch vụ công trực tuyến", Opt: true},
}

// Rating is the citizen's evaluation of a returned dossier.
type Rating struct {
	DossierCode string
	Values      map[string]int // criterion key → score (1–5) or count (0–2); absent = not applicable
	Comment     string
	CreatedAt   time.Time
}

// RatingOf returns the rating of a dossier (nil when not rated).
func (s *Service) RatingOf(ctx context.Context, code string) (*Rating, error) {
	var vals [8]sql.NullInt64
	r := &Rating{DossierCode: code, Values: map[string]int{}}
	var created int64
	err := s.DB.QueryRow(ctx, `SELECT time_score, agencies_count, contacts_count, info_score, attitude_score, legality_score, pakn_score, online_score,
		comment, created_at FROM citizen_ratings WHERE dossier_code = $1`, code).Scan(&vals[0], &vals[1], &vals[2], &vals[3], &vals[4], &vals[5],
		&vals[6], &vals[7], &r.Comment, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for i, c := range Criteria {
		if vals[i].Valid {
			r.Values[c.Key] = int(vals[i].Int64)
		}
	}
	r.CreatedAt = store.Time(created)
	return r, nil
}

// ParseRating reads the rating form: every criterion is required except the
// optional ones ("" or "na" = not applicable).
func ParseRating(get func(string) string) (map[string]int, string, error) {
	var v apperr.Validation
	out := map[string]int{}
	for _, c := range Criteria {
		raw := get(c.Key)
		if raw == "" || raw == "na" {
			v.Check(c.Opt, c.Key, "Vui lòng chọn một mức đánh giá.")
			continue
		}
		n, err := strconv.Atoi(raw)
		lo, hi := 1, 5
		if c.Count {
			lo, hi = 0, 2
		}
		if err != nil || n < lo || n > hi {
			v.Add(c.Key, "Mức đánh giá không hợp lệ.")
			continue
		}
		out[c.Key] = n
	}
	comment := textfold.NFC(get("comment"))
	v.Check(len([]rune(comment)) <= 2000, "comment", "Ý kiến quá dài (tối đa 2.000 ký tự).")
	return out, comment, v.Err()
}

// Rate stores the citizen's evaluation of one of their returned dossiers,
// once (ND 118 Đ31.1: online rating; the full satisfaction module reads it).
func (s *Service) Rate(ctx context.Context, c *Citizen, code string, values map[string]int, comment string) error {
	d, err := s.Dossiers.Detail(ctx, c.ID, code)
	if err != nil {
		return err
	}
	if d.Status != "returned" {
		return apperr.Unprocessable("Chỉ đánh giá sau khi đã nhận kết quả.")
	}
	args := []any{d.Code, d.ID, c.ID, d.AgencyID}
	for _, cr := range Criteria {
		if n, ok := values[cr.Key]; ok {
			args = append(args, n)
		} else {
			args = append(args, nil)
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		args = append(args, comment, store.Millis(tx.Now))
		_, err := tx.Exec(ctx, `INSERT INTO citizen_ratings (dossier_code, dossier_id, citizen_id, agency_id, time_score, agencies_count, contacts_count,
			info_score, attitude_score, legality_score, pakn_score, online_score, comment, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, args...)
		if store.IsUniqueViolation(err) {
			return apperr.Conflict("Hồ sơ này đã được đánh giá.")
		}
		if err != nil {
			return fmt.Errorf("citizen: rate: %w", err)
		}
		return audit.Record(ctx, tx, actorOf(c), "citizen.rate", "dossier", d.Code, 0, values)
	})
}
