package procedure

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/motcua/motcua/internal/store"
)

// The search index: the summary of every stored version (narrow columns only,
// no documents or long texts) held in process memory and used by Search and
// Fields. It is a cache, not state: every search first reads the catalog
// generation (one tiny row, procedure_catalog_state) that each catalog write
// bumps in its own transaction, and reloads the index when it changed — so
// several processes behind a load balancer never serve a stale catalog.
//
// The generation is read before the rows: a write that commits in between
// makes the next search reload again, never the reverse (old rows labelled
// with a new generation).

type indexEntry struct {
	Hit
	versionID int64
	procID    int64
	latest    bool     // the newest version of its procedure
	nameF     string   // " " + folded name + " "
	hay       string   // " " + folded name, code, result name and field name + " "
	receivers []string // procedure_receivers.agency
}

type catalogIndex struct {
	gen     int64
	entries []indexEntry
	// Orders computed once per load, so a search only filters and buckets:
	// byName is by (folded name, code), the listing order of an empty query;
	// byLen is by (length of the folded name, folded name, code), the order
	// within a rank tier.
	byName []int32
	byLen  []int32
}

// indexCache holds the loaded index of a Service.
type indexCache struct {
	mu  sync.Mutex // serialises reloads
	cur atomic.Pointer[catalogIndex]
}

// bump records a catalog change in tx (see the index comment).
func bump(ctx context.Context, tx *store.Tx) error {
	_, err := tx.Exec(ctx, `UPDATE procedure_catalog_state SET generation = generation + 1 WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("procedure: bump generation: %w", err)
	}
	return nil
}

// index returns the current search index, reloading it when the catalog changed.
func (s *Service) index(ctx context.Context) (*catalogIndex, error) {
	var gen int64
	if err := s.DB.QueryRow(ctx, `SELECT generation FROM procedure_catalog_state WHERE id = 1`).Scan(&gen); err != nil {
		return nil, fmt.Errorf("procedure: catalog generation: %w", err)
	}
	if idx := s.cache.cur.Load(); idx != nil && idx.gen == gen {
		return idx, nil
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if idx := s.cache.cur.Load(); idx != nil && idx.gen >= gen {
		return idx, nil
	}
	idx, err := loadIndex(ctx, s.DB, gen)
	if err != nil {
		return nil, err
	}
	s.cache.cur.Store(idx)
	return idx, nil
}

func loadIndex(ctx context.Context, db *store.DB, gen int64) (*catalogIndex, error) {
	rows, err := db.Query(ctx, `SELECT v.id, p.id, p.code, v.version, v.effective_from, COALESCE(v.effective_until, ''), v.name,
		v.name_folded, v.search_folded, f.code, f.name, f.name_folded, v.level, v.time_value, v.time_unit, v.immediate, v.online_level
		FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id JOIN procedure_fields f ON f.id = v.field_id
		ORDER BY v.id`)
	if err != nil {
		return nil, fmt.Errorf("procedure: load index: %w", err)
	}
	defer rows.Close()
	idx := &catalogIndex{gen: gen}
	pos := map[int64]int{}    // version id → entry
	newest := map[int64]int{} // procedure id → entry of its highest version
	for rows.Next() {
		var e indexEntry
		var nameF, searchF, fieldF, level, unit, online string
		if err := rows.Scan(&e.versionID, &e.procID, &e.Code, &e.Version, &e.EffectiveFrom, &e.EffectiveUntil, &e.Name,
			&nameF, &searchF, &e.FieldCode, &e.FieldName, &fieldF, &level, &e.TimeLimit.Value, &unit, &e.Immediate, &online); err != nil {
			return nil, err
		}
		e.Level, e.TimeLimit.Unit, e.OnlineLevel = Level(level), Unit(unit), OnlineLevel(online)
		e.nameF = " " + nameF + " "
		e.hay = " " + searchF + " " + fieldF + " "
		pos[e.versionID] = len(idx.entries)
		if j, ok := newest[e.procID]; !ok || idx.entries[j].Version < e.Version {
			newest[e.procID] = len(idx.entries)
		}
		idx.entries = append(idx.entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, j := range newest {
		idx.entries[j].latest = true
	}
	rrows, err := db.Query(ctx, `SELECT version_id, agency FROM procedure_receivers ORDER BY version_id, position`)
	if err != nil {
		return nil, fmt.Errorf("procedure: load index receivers: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var vid int64
		var a string
		if err := rrows.Scan(&vid, &a); err != nil {
			return nil, err
		}
		if j, ok := pos[vid]; ok {
			idx.entries[j].receivers = append(idx.entries[j].receivers, a)
		}
	}
	if err := rrows.Err(); err != nil {
		return nil, err
	}
	idx.byName = make([]int32, len(idx.entries))
	for i := range idx.byName {
		idx.byName[i] = int32(i)
	}
	less := func(a, b *indexEntry) bool {
		if a.nameF != b.nameF {
			return a.nameF < b.nameF
		}
		return a.Code < b.Code
	}
	sort.Slice(idx.byName, func(i, j int) bool { return less(&idx.entries[idx.byName[i]], &idx.entries[idx.byName[j]]) })
	idx.byLen = append([]int32(nil), idx.byName...)
	sort.SliceStable(idx.byLen, func(i, j int) bool {
		return len(idx.entries[idx.byLen[i]].nameF) < len(idx.entries[idx.byLen[j]].nameF)
	})
	return idx, nil
}
