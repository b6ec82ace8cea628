package procedure

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Query is a catalog search.
type Query struct {
	Text   string      // words typed by the user, with or without accents; a code finds its procedure
	Field  string      // field code, "" = all
	Level  Level       // "" = all; province or commune also match procedures at both levels
	Online OnlineLevel // "" = all
	Agency string      // receiving agency: an agency code (its kind's token also matches) or @center / @commune_center
	Date   string      // versions in force on this date (default today)
	// Latest searches the newest version of every procedure instead, whether
	// in force, scheduled or retired (administration).
	Latest  bool
	Page    int // 1-based (default 1)
	PerPage int // default 20, at most 100
}

// Hit is one search result: the summary of a version.
type Hit struct {
	Code           string
	Name           string
	FieldCode      string
	FieldName      string
	Level          Level
	TimeLimit      TimeLimit
	Immediate      bool
	OnlineLevel    OnlineLevel
	Version        int
	EffectiveFrom  string
	EffectiveUntil string
	// Rank tier: 0 the code itself, 1 the words as a phrase in the name, 2
	// all words in the name, 3 some words only in other fields (code, field
	// name, result name); for an empty query, 0.
	Tier int
}

// TimeWords renders the hit's time limit (see TimeLimit.Words).
func (h Hit) TimeWords(lang string) string { return h.TimeLimit.Words(h.Immediate, lang) }

// Results is a page of hits.
type Results struct {
	Items   []Hit
	Total   int
	Page    int
	PerPage int
}

// Pages is the number of pages.
func (r *Results) Pages() int {
	if r.PerPage == 0 {
		return 0
	}
	return (r.Total + r.PerPage - 1) / r.PerPage
}

// maxWords bounds the number of LIKE terms of one query.
const maxWords = 8

// Search finds procedures. Matching and ranking are done in portable SQL on
// folded columns, so SQLite and PostgreSQL return the same list in the same
// order:
//
//   - text is folded with textfold.Fold (accents and case dropped, đ→d) and
//     split into words; every word must occur as a whole word in the folded
//     name, code, result name or field name, except the last word, which may
//     be a prefix ("khai sin" finds "khai sinh") — `' ' || col || ' ' LIKE
//     '% word %'`. Folded words hold only letters and digits, so they need no
//     LIKE escaping, and both databases compare them byte for byte (SQLite's
//     ASCII case folding cannot matter on lower-case text).
//   - rank: the code typed exactly, then the words as a phrase in the name,
//     then all words in the name, then the rest; within a tier shorter names
//     first, then folded name and code in byte order (COLLATE "C" on
//     PostgreSQL, BINARY on SQLite, so the locale cannot reorder ties).
//
// Why not FTS5/tsvector: FTS5 does not fold đ, the PostgreSQL index would need
// a different DDL and query, and a catalog has a few thousand procedures, so a
// scan of the in-force rows is fast enough: on 2,400 procedures the p95 of
// the benchmark queries is under 5 ms on both databases (docs/benchmarks.md,
// BenchmarkSearch). Errors: invalid (bad filter values).
func (s *Service) Search(ctx context.Context, q Query) (*Results, error) {
	if q.Level != "" && !q.Level.Valid() {
		return nil, apperr.Invalid("Cấp thực hiện không hợp lệ.")
	}
	if q.Online != "" && !q.Online.Valid() {
		return nil, apperr.Invalid("Mức độ dịch vụ trực tuyến không hợp lệ.")
	}
	if q.Date == "" {
		q.Date = s.Today()
	} else if !ValidDate(q.Date) {
		return nil, apperr.Invalid("Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2025-07-01).")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = 20
	}
	if q.PerPage > 100 {
		q.PerPage = 100
	}
	var agencies []string
	if q.Agency != "" {
		var err error
		if agencies, err = s.receiverTokens(ctx, q.Agency); err != nil {
			return nil, err
		}
	}
	sqlText, args := buildSearch(s.DB.Dialect, q, agencies)
	rows, err := s.DB.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("procedure: search: %w", err)
	}
	defer rows.Close()
	res := &Results{Page: q.Page, PerPage: q.PerPage, Items: []Hit{}}
	for rows.Next() {
		var h Hit
		var level, unit, online string
		if err := rows.Scan(&h.Code, &h.Name, &h.FieldCode, &h.FieldName, &level, &h.TimeLimit.Value, &unit, &h.Immediate, &online,
			&h.Version, &h.EffectiveFrom, &h.EffectiveUntil, &h.Tier, &res.Total); err != nil {
			return nil, err
		}
		h.Level, h.TimeLimit.Unit, h.OnlineLevel = Level(level), Unit(unit), OnlineLevel(online)
		res.Items = append(res.Items, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(res.Items) == 0 && q.Page > 1 {
		// Past the last page: the window count came back with no row.
		q.Page, q.PerPage = 1, 1
		sqlText, args = buildSearch(s.DB.Dialect, q, agencies)
		rows2, err := s.DB.Query(ctx, sqlText, args...)
		if err != nil {
			return nil, err
		}
		defer rows2.Close()
		for rows2.Next() {
			var h Hit
			var level, unit, online string
			if err := rows2.Scan(&h.Code, &h.Name, &h.FieldCode, &h.FieldName, &level, &h.TimeLimit.Value, &unit, &h.Immediate, &online,
				&h.Version, &h.EffectiveFrom, &h.EffectiveUntil, &h.Tier, &res.Total); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// receiverTokens turns a receiving-agency filter into the values stored in
// procedure_receivers that mean "can be received there".
func (s *Service) receiverTokens(ctx context.Context, a string) ([]string, error) {
	a = normAgency(a)
	if a == AtCenter || a == AtCommuneCenter {
		return []string{a}, nil
	}
	refs, err := s.Refs(ctx)
	if err != nil {
		return nil, err
	}
	k, ok := refs.Agencies[a]
	if !ok {
		return nil, apperr.Invalid("Không có cơ quan tiếp nhận mã %s.", a)
	}
	out := []string{a}
	switch {
	case k == "center":
		out = append(out, AtCenter)
	case k == "commune_center":
		out = append(out, AtCommuneCenter)
	}
	return out, nil
}

// buildSearch returns the SQL and arguments of a search (see Search).
func buildSearch(d store.Dialect, q Query, agencies []string) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	coll := ` COLLATE "C"`
	if d == store.SQLite {
		coll = ` COLLATE BINARY`
	}
	var where []string
	if q.Latest {
		where = append(where, `v.version = (SELECT MAX(w.version) FROM procedure_versions w WHERE w.procedure_id = v.procedure_id)`)
	} else {
		where = append(where, inForceSQL(arg(q.Date)))
	}
	if q.Field != "" {
		where = append(where, `f.code = `+arg(strings.ToUpper(q.Field)))
	}
	switch q.Level {
	case LevelProvince, LevelCommune:
		where = append(where, `(v.level = `+arg(string(q.Level))+` OR v.level = `+arg(string(LevelBoth))+`)`)
	case LevelBoth:
		where = append(where, `v.level = `+arg(string(LevelBoth)))
	}
	if q.Online != "" {
		where = append(where, `v.online_level = `+arg(string(q.Online)))
	}
	if len(agencies) > 0 {
		var ph []string
		for _, a := range agencies {
			ph = append(ph, arg(a))
		}
		where = append(where, `EXISTS (SELECT 1 FROM procedure_receivers r WHERE r.version_id = v.id AND r.agency IN (`+strings.Join(ph, ", ")+`))`)
	}
	words := textfold.Words(q.Text)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	tier := "0"
	order := `v.name_folded` + coll + `, p.code` + coll
	if len(words) > 0 {
		hay := `(' ' || v.search_folded || ' ' || f.name_folded || ' ')`
		name := `(' ' || v.name_folded || ' ')`
		var inName []string
		for i, w := range words {
			pat := "% " + w + " %"
			if i == len(words)-1 {
				pat = "% " + w + "%"
			}
			ph := arg(pat)
			where = append(where, hay+` LIKE `+ph)
			inName = append(inName, name+` LIKE `+ph)
		}
		phrase := arg("% " + strings.Join(words, " ") + "%")
		tier = `CASE WHEN p.code = ` + arg(textfold.NFC(q.Text)) + ` THEN 0 WHEN ` + name + ` LIKE ` + phrase + ` THEN 1 WHEN ` +
			strings.Join(inName, " AND ") + ` THEN 2 ELSE 3 END`
		order = `tier, LENGTH(v.name_folded), ` + order
	}
	sqlText := `SELECT p.code, v.name, f.code, f.name, v.level, v.time_value, v.time_unit, v.immediate, v.online_level,
		v.version, v.effective_from, COALESCE(v.effective_until, ''), ` + tier + ` AS tier, COUNT(*) OVER () AS total` +
		versionFrom + `WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ` + arg(q.PerPage) + ` OFFSET ` + arg((q.Page-1)*q.PerPage)
	return sqlText, args
}
