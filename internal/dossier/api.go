package dossier

import (
	"net/http"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/files"
	"github.com/motcua/motcua/internal/web"
)

// API serves the dossier JSON API (api_*.go; api/openapi.yaml "Dossiers").
type API struct {
	Svc   *Service
	Files files.Store
	Srv   *web.Server
	// MaxUpload is the largest uploaded file (default files.DefaultMaxSize).
	MaxUpload int64
}

// Mount registers the routes.
func (h *API) Mount() {
	s := h.Srv
	staff := func(f http.HandlerFunc, roles ...account.Role) http.Handler { return s.StaffFunc(f, roles...) }
	s.Handle("POST /api/v1/files", staff(h.handleFileUpload))
	s.Handle("GET /api/v1/files/{sha}", staff(h.handleFileGet))
	s.Handle("POST /api/v1/dossiers", staff(h.handleIntake))
	s.Handle("GET /api/v1/dossiers", staff(h.handleList))
	s.Handle("GET /api/v1/dossiers/{code}", staff(h.handleGet))
	s.Handle("GET /api/v1/dossiers/{code}/history", staff(h.handleHistory))
	s.Handle("POST /api/v1/dossiers/{code}/actions", staff(h.handleAction))
	s.Handle("GET /api/v1/dossiers/{code}/forms/{form}", staff(h.handleForm))
	s.Handle("GET /api/v1/inbox", staff(h.handleInbox))
	s.Handle("GET /api/v1/tracking-book", staff(h.handleTrackingBook))
	s.Handle("POST /api/v1/online/{ref}/accept", staff(h.handleOnlineAccept))
	s.Handle("POST /api/v1/online/{ref}/request-changes", staff(h.handleOnlineChanges))
	s.Handle("POST /api/v1/online/{ref}/refuse", staff(h.handleOnlineRefuse))
	s.Handle("GET /api/v1/processes/{code}", staff(h.handleProcessGet))
	s.Handle("PUT /api/v1/processes/{code}", staff(h.handleProcessPut, account.RoleAdministrator))
	s.Handle("DELETE /api/v1/processes/{code}", staff(h.handleProcessDelete, account.RoleAdministrator))
	s.Handle("GET /api/v1/dossier-settings", staff(h.handleSettingsGet))
	s.Handle("PUT /api/v1/dossier-settings", staff(h.handleSettingsPut, account.RoleAdministrator))
}

func principal(r *http.Request) *account.Principal { return account.PrincipalFrom(r.Context()) }
