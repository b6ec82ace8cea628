package app

import (
	"errors"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossierui"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/procedure"
)

// mountDossierUI mounts the staff dossier pages (internal/dossierui): counter
// intake, inbox, list, the dossier page with its actions and control sheet,
// the tracking book and the process editor. It needs the dossier module
// (mounted before it) and uses the catalog's search; the file store and the notification
// log are optional.
func mountDossierUI(a *App) error {
	ds, ok := a.Service("dossiers").(*dossier.Service)
	if !ok {
		return errors.New("dossierui: the dossier module must be mounted first")
	}
	ps, ok := a.Service("procedures").(*procedure.Service)
	if !ok {
		ps = &procedure.Service{DB: a.DB} // the catalog tables, without the module's pages
	}
	d := dossierui.Deps{Server: a.Server, Dossiers: ds, Procedures: ps, Agencies: a.Agencies, Accounts: a.Accounts}
	if fs, ok := a.Service("files").(files.Store); ok {
		d.Files = fs
	}
	if n, ok := a.Service("notify").(*notify.Service); ok && n != nil {
		d.Messages = n
	}
	dossierui.New(d).Register()
	return nil
}
