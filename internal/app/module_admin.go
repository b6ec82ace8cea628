package app

import "github.com/motcua/motcua/internal/admin"

// mountAdmin mounts the administration of agencies and users, the audit
// viewer and the public agency pages (internal/admin). The office-hours
// validator is looked up per request, so the calendar module may mount later.
func mountAdmin(a *App) error {
	admin.New(admin.Deps{Server: a.Server, DB: a.DB, Accounts: a.Accounts, OfficeHoursCheck: a.officeHoursCheck}).Register()
	return nil
}
