package procedure

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
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

// maxWords bounds the number of words of one query.
const maxWords = 8

// Search finds procedures. Matching and ranking run in Go over the in-memory
// index (index.go), so SQLite and PostgreSQL give the same list in the same
// order by construction:
//
//   - the text is folded with textfold.Fold (accents and case dropped, đ→d)
//     and split into words; every word must occur as a whole word in the
//     folded name, code, result name or field name, except the last word,
//     which may be a prefix ("khai sin" finds "khai sinh");
//   - rank: the code typed exactly (tier 0), then the words as a phrase in
//     the name (1), then all words in the name (2), then the rest (3); within
//     a tier shorter names first, then folded name and code in byte order.
//     An empty query lists by folded name and code.
//
// Why in memory: the first version ran the same matching as portable SQL
// (`' ' || search_folded || ' ' LIKE '% dang %'`, ranking in ORDER BY with a
// CASE). On 2,438 procedures (2,926 version rows) on the 2-vCPU test VM it
// measured p50 9.8–18 ms and p95 19–43 ms on SQLite and p50 5.5–10 ms on
// PostgreSQL for the benchmark queries: every query reads every wide version
// row (legal basis, notes), and even a narrow copy of the columns took 5.1 ms
// best-of-20 on SQLite. FTS5 would not fold đ and would need a second,
// PostgreSQL-specific index and query. The catalog is small (a province has a
// few thousand procedures, ~1 KB of index each), so the index is held per
// process and checked against the database generation on every call; the
// in-memory search is well under 1 ms (docs/benchmarks.md, BenchmarkSearch).
// Errors: invalid (bad filter values).
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
	idx, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	hits := match(idx, q, agencies)
	res := &Results{Page: q.Page, PerPage: q.PerPage, Total: len(hits), Items: []Hit{}}
	from := (q.Page - 1) * q.PerPage
	for i := from; i < len(hits) && i < from+q.PerPage; i++ {
		h := idx.entries[hits[i].entry].Hit
		h.Tier = int(hits[i].tier)
		res.Items = append(res.Items, h)
	}
	return res, nil
}

// match returns the matching entries of the index, ranked (see Search). It
// walks a precomputed order and buckets by tier, so no sorting happens per
// query.
func match(idx *catalogIndex, q Query, agencies []string) []ranked {
	words := textfold.Words(q.Text)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	pats := make([]string, len(words))
	for i, w := range words {
		pats[i] = " " + w + " "
		if i == len(words)-1 {
			pats[i] = " " + w
		}
	}
	phrase := " " + strings.Join(words, " ")
	code := textfold.NFC(q.Text)
	field := strings.ToUpper(q.Field)
	order := idx.byName
	if len(words) > 0 {
		order = idx.byLen
	}
	var tiers [4][]ranked
	for _, i := range order {
		e := &idx.entries[i]
		switch {
		case q.Latest && !e.latest:
			continue
		case !q.Latest && !(e.EffectiveFrom <= q.Date && (e.EffectiveUntil == "" || q.Date < e.EffectiveUntil)):
			continue
		case field != "" && e.FieldCode != field:
			continue
		case q.Online != "" && e.OnlineLevel != q.Online:
			continue
		case q.Level == LevelBoth && e.Level != LevelBoth:
			continue
		case (q.Level == LevelProvince || q.Level == LevelCommune) && e.Level != q.Level && e.Level != LevelBoth:
			continue
		case len(agencies) > 0 && !receivedAt(e.receivers, agencies):
			continue
		case !allIn(e.hay, pats):
			continue
		}
		tier := 0
		if len(words) > 0 {
			switch {
			case e.Code == code:
				tier = 0
			case strings.Contains(e.nameF, phrase):
				tier = 1
			case allIn(e.nameF, pats):
				tier = 2
			default:
				tier = 3
			}
		}
		tiers[tier] = append(tiers[tier], ranked{i, int8(tier)})
	}
	out := tiers[0]
	for _, t := range tiers[1:] {
		out = append(out, t...)
	}
	return out
}

// ranked is a matching index entry with its tier for this query (the shared
// index is never written by a search).
type ranked struct {
	entry int32
	tier  int8
}

func allIn(s string, pats []string) bool {
	for _, p := range pats {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func receivedAt(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// receiverTokens turns a receiving-agency filter into the values stored in
// procedure_receivers that mean "can be received there".
func (s *Service) receiverTokens(ctx context.Context, a string) ([]string, error) {
	a = normAgency(a)
	if a == AtCenter || a == AtCommuneCenter {
		return []string{a}, nil
	}
	var kind string
	if err := s.DB.QueryRow(ctx, `SELECT kind FROM agencies WHERE code = $1`, a).Scan(&kind); err != nil {
		return nil, apperr.Invalid("Không có cơ quan tiếp nhận mã %s.", a)
	}
	out := []string{a}
	switch agency.Kind(kind) {
	case agency.KindCenter:
		out = append(out, AtCenter)
	case agency.KindCommuneCenter:
		out = append(out, AtCommuneCenter)
	}
	return out, nil
}
