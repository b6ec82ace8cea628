// Package calendar is the working-time calendar of the one-stop system:
// which days are worked, the office hours, and the legal deadline
// arithmetic built on them (ngày làm việc, giờ làm việc, thời hạn giải
// quyết).
//
// A Year holds the days off that are not ordinary weekends (holidays,
// compensatory days, swapped days) and the weekend days that are worked,
// each with its Vietnamese name and legal basis. Official years come from
// the government's notices (embedded in data/ and then kept in the
// database, editable by an administrator); a year without a notice falls
// back to Propose, computed from the Labour Code 2019 Art. 111–112 and the
// lunar calendar, and is marked "chưa có thông báo chính thức".
//
// A Calendar is built once from consecutive years and one agency's
// OfficeHours. It precomputes per-day indexes (working time and working-day
// counts before each day) so that Due, Elapsed, IsWorkingDay and the other
// questions are answered in O(1) or O(log n) without allocating, in
// Asia/Ho_Chi_Minh whatever the zone of the inputs. It is immutable and safe
// for concurrent use; rebuild it when the data change.
//
// The rules and the choices made where the law is silent (cut-off, "early",
// calendar-day limits ending on a holiday, immediate procedures) are
// explained on Due and Judge and in docs/calendar.md.
//
// Pure Go: imports only the standard library, apperr, textfold and lunar;
// no database, net/http or templates. Errors are apperr errors with
// Vietnamese messages.
package calendar
