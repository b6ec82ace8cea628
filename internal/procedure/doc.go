// Package procedure is the catalog of administrative procedures (thủ tục
// hành chính, TTHC) and their fields (lĩnh vực): the domain types and rules
// (procedure.go, timelimit.go), their SQL (store.go, search.go), the service
// other modules call (service.go), the JSON and XLSX import/export format
// (catalog.go, jsonfile.go, xlsx.go, import.go) and the store of blank forms
// (formfile.go).
//
// Versioning. A procedure has a stable national code. Every edit adds a
// version valid on the calendar dates [EffectiveFrom, EffectiveUntil) in
// Asia/Ho_Chi_Minh; the previous version's EffectiveUntil is set to the new
// EffectiveFrom, and retiring sets EffectiveUntil on the last version. The
// version in force on a date is the one whose interval contains it
// (Service.InForce); a dossier stores the VersionID it was received under and
// reads it back with Service.Version (product.md A: "a dossier keeps the
// version in force when it was received").
//
// The HTTP pages and the JSON API live in internal/procedure/catalogui. This
// package imports no HTTP or template package.
package procedure
