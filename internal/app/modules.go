package app

// mountModules mounts every feature module: each registers its routes on
// a.Server, its services with a.Provide, and its seeders, workers and
// commands. Order matters where a module uses another's service.
// Each module lives in its own file module_<name>.go.
func (a *App) mountModules() error {
	for _, mount := range []func(*App) error{
		// mountX, // module_x.go — one line per module
		mountAdmin,
		mountCatalog, // module_catalog.go — provides "procedures"; before dossier and citizen
		mountCalendar,
		mountNotify,  // module_notify.go — before the modules that enqueue messages
		mountDossier, // module_dossier.go — after calendar, notify and procedures; before citizen and dossierui
		mountCitizen, // module_citizen.go — after notify, procedures, files and dossier, whose services it adapts
		// module_dossierui.go — the staff dossier pages, after the dossier module:
		mountDossierUI,
	} {
		if err := mount(a); err != nil {
			return err
		}
	}
	return nil
}
