package dossierui

import (
	"net/http"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
)

// inboxPage is the list of steps waiting on the user.
type inboxPage struct {
	Items               []dossier.Summary
	Late, NearDue, Mine int
	Done                string // code just acted on (flash)
}

func (h *Handler) handleInbox(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	items, err := h.dossiers.Inbox(r.Context(), p, 200)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page := &inboxPage{Items: items}
	for _, x := range items {
		switch {
		case x.Late:
			page.Late++
		case x.NearDue:
			page.NearDue++
		}
		if x.Assigned {
			page.Mine++
		}
	}
	v := h.srv.NewView(r, "Hồ sơ chờ xử lý", page)
	if code := r.URL.Query().Get("xong"); code != "" {
		v.Flash = "Đã chuyển hồ sơ " + code + "."
	}
	h.pages.Render(w, http.StatusOK, "inbox", v)
}
