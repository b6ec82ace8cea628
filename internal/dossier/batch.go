package dossier

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// writer groups concurrent dossier writes into one database transaction
// (group commit). Each write runs under its own SAVEPOINT: a write that
// fails is rolled back to its savepoint alone and gets its error; the
// others commit together. A caller hears back only after the commit, so an
// acknowledged write is as durable as with its own transaction
// (synchronous=FULL on SQLite: fsynced), but the batch pays for one commit,
// one fsync and one copy of the pages that every write touches (the
// rightmost leaves of the code, counter, event and audit indexes, the
// audit head) instead of one per write. That is the SQLite setting (one
// writer connection anyway). On PostgreSQL, which runs transactions side by
// side, several unbatched writers are used instead (see newWriter); a
// batched configuration (MOTCUA_DOSSIER_WRITERS="1,16") stays available and
// locks the audit head first in each batch.
//
// With no queue a write runs at once (a batch of one): batching adds no
// wait, it only forms under load, while a transaction is already running.
type writer struct {
	db      *store.DB
	max     int // writes per batch
	workers int // concurrent transactions: 1 on SQLite, up to 4 on PostgreSQL (MOTCUA_DOSSIER_WRITERS="n,m" tunes, n or m = 1)

	mu      sync.Mutex
	running int
	jobs    chan *writeJob

	batches, writes atomic.Int64
}

type writeJob struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *store.Tx) error
	done chan error
}

func newWriter(db *store.DB, max int) *writer {
	w := &writer{db: db, max: max, workers: 1, jobs: make(chan *writeJob, 4096)}
	if db.Dialect == store.Postgres {
		// PostgreSQL runs transactions side by side, so several unbatched
		// writes are in flight at once, overlapping their round trips; they
		// serialise only on the audit head, which every write locks last,
		// and intakes on their centre's daily counter row, taken late (see
		// Intake). Measured on two shared cores: 410 intakes/s over five
		// centres and 556 lifecycle requests/s, against 306 and 347 for one
		// batching writer. At most half of the pool (4 per CPU) is held by
		// writes, because a write may read through the pool while it holds
		// its connection (the calendar service checks for changes).
		w.workers, w.max = min(4, 2*runtime.NumCPU()), 1
	}
	if v := os.Getenv("MOTCUA_DOSSIER_WRITERS"); v != "" { // tuning: "workers,batch"
		var n, m int
		if _, err := fmt.Sscanf(v, "%d,%d", &n, &m); err == nil && n > 0 && m > 0 && (n == 1 || m == 1) && n <= 2*runtime.NumCPU() {
			w.workers, w.max = n, m
		}
	}
	return w
}

// do runs fn in a (shared) write transaction and returns fn's error, or the
// commit's.
func (w *writer) do(ctx context.Context, fn func(ctx context.Context, tx *store.Tx) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Start a loop after queueing, not before: a loop that found the queue
	// empty and is exiting (under mu) would otherwise leave this job queued
	// with no loop to run it.
	w.mu.Lock()
	if w.running < w.workers && (w.running == 0 || len(w.jobs) > 0) {
		w.running++
		go w.loop()
	}
	w.mu.Unlock()
	// Once queued, the write runs (a client that went away gets its answer
	// from the idempotency key on retry); wait for it.
	return <-j.done
}

// loop runs batches until the queue has been empty for a second.
func (w *writer) loop() {
	idle := time.NewTimer(time.Second)
	defer idle.Stop()
	for {
		select {
		case j := <-w.jobs:
			batch := []*writeJob{j}
		drain:
			for len(batch) < w.max {
				select {
				case j := <-w.jobs:
					batch = append(batch, j)
				default:
					break drain
				}
			}
			w.run(batch)
			if !idle.Stop() {
				select {
				case <-idle.C:
				default:
				}
			}
			idle.Reset(time.Second)
		case <-idle.C:
			w.mu.Lock()
			if len(w.jobs) == 0 {
				w.running--
				w.mu.Unlock()
				return
			}
			w.mu.Unlock()
			idle.Reset(time.Second)
		}
	}
}

func (w *writer) run(batch []*writeJob) {
	w.batches.Add(1)
	w.writes.Add(int64(len(batch)))
	errs := make([]error, len(batch))
	ctx := context.WithoutCancel(batch[0].ctx)
	err := w.db.InTx(ctx, func(tx *store.Tx) error {
		if len(batch) == 1 {
			errs[0] = w.call(batch[0], tx)
			return errs[0]
		}
		if tx.Dialect() == store.Postgres {
			// Lock order: the audit head before any counter row. A write
			// takes its counter, then the audit head; in a batch the second
			// write's counter would come after the first one's audit head,
			// and two processes' batches could wait on each other.
			if _, err := tx.Exec(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`); err != nil {
				return fmt.Errorf("dossier: lock audit head: %w", err)
			}
		}
		for i, j := range batch {
			if _, err := tx.Exec(ctx, `SAVEPOINT dossier_write`); err != nil {
				return fmt.Errorf("dossier: savepoint: %w", err)
			}
			errs[i] = w.call(j, tx)
			if errs[i] != nil {
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT dossier_write`); err != nil {
					return fmt.Errorf("dossier: rollback to savepoint: %w", err)
				}
			}
			if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT dossier_write`); err != nil {
				return fmt.Errorf("dossier: release savepoint: %w", err)
			}
		}
		return nil
	})
	for i, j := range batch {
		switch {
		case len(batch) == 1:
			j.done <- err
		case errs[i] != nil:
			j.done <- errs[i]
		default:
			j.done <- err // nil, or the commit's failure
		}
	}
}

// call runs one write, turning a panic into an error for that write only.
func (w *writer) call(j *writeJob, tx *store.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("dossier: panic in write: %v", p)
		}
	}()
	return j.fn(context.WithoutCancel(j.ctx), tx)
}

// WriteStats returns how many write transactions (batches) ran and how many
// writes they carried since start: writes/batches is the group-commit factor.
func (s *Service) WriteStats() (batches, writes int64) {
	return s.w.batches.Load(), s.w.writes.Load()
}
