// Package dossier is the dossier lifecycle (hồ sơ thủ tục hành chính,
// issue 4): intake at the counter, by post and online; the internal process
// of each procedure (quy trình nội bộ) with a deadline and a verdict per
// step; processing actions (assign, consult, supplement, refuse, apology and
// new date, stop, result, sign, return, correction); the inbox; the
// append-only history (the electronic Mẫu 05) mirrored in the hash-chained
// audit log; the tracking book (Mẫu 06); the public tracking view; the
// 15-day close-out worker; and the JSON API (api_*.go).
//
// The pure rules live in package workflow (states, DVCQG codes, who may do
// what when, process validation, code format). This package adds storage,
// the calendar and the other modules:
//
//   - Catalog (the procedure version in force) and the working calendar
//     (calendar.Calendar per office hours) are reached through the small
//     interfaces in deps.go, wired by internal/app/module_dossier.go;
//   - citizen notifications go through Notifier.Enqueue inside the same
//     transaction as the change (outbox);
//   - uploaded files are stored by internal/files; this package records
//     their metadata and who may read them.
//
// Scope: a staff member sees a dossier when one of its agencies (receiving,
// handling, consulted, or the unit of someone who acted on it or was
// assigned it) lies in their agency subtree, or when an open step waits on
// them. Everything else answers not_found (404), through every function.
//
// Every change is one transaction: the dossier row (optimistic version),
// its steps, a dossier_events row, the notification and the audit entry
// commit together or not at all.
package dossier
