// Package report writes spreadsheets: a generic streaming table writer
// (WriteXLSX, one or more sheets of typed columns) and, on top of it, the
// tracking book Mẫu số 06 (WriteTrackingBook), the XLSX twin of
// pdfdoc.WriteTrackingBook.
//
// It uses github.com/xuri/excelize/v2 v2.11.0 (shared/docs/dependencies.md
// §5.2; v2.11.1 cannot be tidied behind this proxy) through its StreamWriter,
// so a sheet of tens of thousands of rows does not build a cell tree in
// memory. Text is normalised to NFC; dates are real Excel dates showing the
// wall-clock time in Asia/Ho_Chi_Minh, because Excel has no time zones.
//
// The package reads no database and serves no HTTP: callers pass rows as
// iterators (iter.Seq2[…, error]) so that they can stream from a query.
// It imports pdfdoc only for the tracking book's types and column titles.
package report
