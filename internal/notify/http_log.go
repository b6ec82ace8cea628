package notify

import (
	"net/http"

	"github.com/motcua/motcua/internal/web"
)

// LogHandler serves a dossier's message log as JSON,
// {"messages": [Delivery…]}, for GET /api/v1/dossiers/{code}/messages. The
// dossier module owns the scope rules, so it mounts the route and passes
// authorize, which returns the codes the dossier's messages are filed under
// (its code and any earlier reference) when the signed-in user may see the
// dossier, and an apperr otherwise (not_found for a dossier out of scope, so
// that its existence is not revealed):
//
//	srv.Handle("GET /api/v1/dossiers/{code}/messages", srv.Staff(notifySvc.LogHandler(srv, dossiers.MessageCodes)))
func (s *Service) LogHandler(srv *web.Server, authorize func(r *http.Request, code string) ([]string, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := r.PathValue("code")
		codes, err := authorize(r, code)
		if err != nil {
			srv.Error(w, r, err)
			return
		}
		ds, err := s.Log(r.Context(), codes...)
		if err != nil {
			srv.Error(w, r, err)
			return
		}
		web.JSON(w, http.StatusOK, map[string]any{"messages": ds})
	})
}
