package citizen

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// mountStaff registers the one-stop pages: the online-intake queue,
// assisted filing and the counter's access to a citizen's store.
func (h *Web) mountStaff() {
	s := h.Server
	queue := []account.Role{account.RoleOneStopOfficer, account.RoleSupervisor}
	oneStop := account.RoleOneStopOfficer
	s.Handle("GET /can-bo/truc-tuyen", s.StaffFunc(h.handleQueue, queue...))
	s.Handle("POST /can-bo/truc-tuyen/{code}/tiep-nhan", s.StaffFunc(h.handleAccept, oneStop))
	s.Handle("POST /can-bo/truc-tuyen/{code}/yeu-cau-bo-sung", s.StaffFunc(h.handleRequestChanges, oneStop))
	s.Handle("POST /can-bo/truc-tuyen/{code}/nhan-bo-sung", s.StaffFunc(h.handleConfirmSupplement, oneStop))
	s.Handle("GET /api/v1/online-intake", s.StaffFunc(h.handleQueueAPI, queue...))
	s.Handle("POST /api/v1/online-intake/{code}/supplement-received", s.StaffFunc(h.handleConfirmSupplementAPI, oneStop))
	s.Handle("GET /can-bo/nop-thay", s.StaffFunc(h.handleAssistForm, oneStop))
	s.Handle("POST /can-bo/nop-thay", s.StaffFunc(h.handleAssistStart, oneStop))
	s.Handle("GET /can-bo/nop-thay/xac-nhan", s.StaffFunc(h.handleAssistCodeForm, oneStop))
	s.Handle("POST /can-bo/nop-thay/xac-nhan", s.StaffFunc(h.handleAssistFinish, oneStop))
	s.Handle("GET /can-bo/nop-thay/{id}", s.StaffFunc(h.assisted(h.handleApplyShow), oneStop))
	s.Handle("POST /can-bo/nop-thay/{id}/xoa", s.StaffFunc(h.assisted(h.handleApplyDelete), oneStop))
	s.Handle("POST /can-bo/nop-thay/{id}/{step}", s.StaffFunc(h.assisted(h.handleApplySave), oneStop))
	s.Handle("GET /can-bo/kho-cong-dan/{consent}", s.StaffFunc(h.handleCounterDocuments, oneStop))
	s.Handle("GET /can-bo/kho-cong-dan/{consent}/{doc}", s.StaffFunc(h.handleCounterDownload, oneStop))
	s.Handle("POST /can-bo/kho-cong-dan/{consent}/{doc}/dung", s.StaffFunc(h.handleCounterUse, oneStop))
}

type queueData struct {
	Waiting     []QueueItem
	Supplements []QueueItem
	Accepted    string // code just issued
	AcceptedDue time.Time
	Ref         string // assisted filing just submitted
}

func (h *Web) handleQueue(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	waiting, sups, err := h.S.Queue(r.Context(), p, h.WorkingLeft)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d := queueData{Waiting: waiting, Supplements: sups, Accepted: r.URL.Query().Get("ma-moi"), Ref: r.URL.Query().Get("ma")}
	if t, err := time.Parse(time.RFC3339, r.URL.Query().Get("hen")); err == nil {
		d.AcceptedDue = t
	}
	h.render(w, r, http.StatusOK, "staff_queue", "Hồ sơ trực tuyến chờ tiếp nhận", nil, d, nil, nil)
}

func (h *Web) queueError(w http.ResponseWriter, r *http.Request, err error) {
	if internal(err) {
		h.Server.Error(w, r, err)
		return
	}
	p := account.PrincipalFrom(r.Context())
	waiting, sups, lerr := h.S.Queue(r.Context(), p, h.WorkingLeft)
	if lerr != nil {
		h.Server.Error(w, r, lerr)
		return
	}
	h.render(w, r, statusOf(err), "staff_queue", "Hồ sơ trực tuyến chờ tiếp nhận", nil, queueData{Waiting: waiting, Supplements: sups}, nil, err)
}

func (h *Web) handleAccept(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	version, _ := strconv.ParseInt(form.Get("version"), 10, 64)
	code, due, err := h.Staff.Accept(r.Context(), account.PrincipalFrom(r.Context()), r.PathValue("code"), version)
	if err != nil {
		h.queueError(w, r, err)
		return
	}
	http.Redirect(w, r, "/can-bo/truc-tuyen?tb=tiep-nhan&ma-moi="+url.QueryEscape(code)+"&hen="+url.QueryEscape(due.UTC().Format(time.RFC3339)), http.StatusSeeOther)
}

// parseItems reads one request item per line: "content — reason" (the
// reason after an em dash, " - " or ":" is optional).
func parseItems(text string) []Item {
	var out []Item
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		it := Item{Content: line}
		for _, sep := range []string{" — ", " - ", ": "} {
			if c, rsn, ok := strings.Cut(line, sep); ok {
				it = Item{Content: strings.TrimSpace(c), Reason: strings.TrimSpace(rsn)}
				break
			}
		}
		out = append(out, it)
	}
	return out
}

func (h *Web) handleRequestChanges(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	version, _ := strconv.ParseInt(form.Get("version"), 10, 64)
	items := parseItems(form.Get("items"))
	if len(items) == 0 {
		h.queueError(w, r, apperr.Invalid("Vui lòng nêu đầy đủ từng nội dung cần bổ sung, hoàn thiện (mỗi nội dung một dòng)."))
		return
	}
	if err := h.Staff.RequestChanges(r.Context(), account.PrincipalFrom(r.Context()), r.PathValue("code"), version, items); err != nil {
		h.queueError(w, r, err)
		return
	}
	http.Redirect(w, r, "/can-bo/truc-tuyen?tb=yeu-cau", http.StatusSeeOther)
}

func (h *Web) handleConfirmSupplement(w http.ResponseWriter, r *http.Request) {
	if _, err := web.Form(w, r); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	if err := h.S.ConfirmSupplement(r.Context(), account.PrincipalFrom(r.Context()), h.Staff, r.PathValue("code")); err != nil {
		h.queueError(w, r, err)
		return
	}
	http.Redirect(w, r, "/can-bo/truc-tuyen?tb=luu", http.StatusSeeOther)
}

// queueJSON is an item of GET /api/v1/online-intake.
type queueJSON struct {
	Code         string     `json:"code"`
	Procedure    string     `json:"procedure"`
	Applicant    string     `json:"applicant"`
	Agency       string     `json:"agency"`
	Version      int64      `json:"version"`
	SubmittedAt  *time.Time `json:"submitted_at,omitempty"`
	AcceptBy     *time.Time `json:"accept_by,omitempty"`
	WorkingLeft  int64      `json:"working_minutes_left"`
	Overdue      bool       `json:"overdue"`
	Flagged      bool       `json:"flagged"`
	SupplementAt *time.Time `json:"supplement_at,omitempty"`
}

func tp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (h *Web) handleQueueAPI(w http.ResponseWriter, r *http.Request) {
	waiting, sups, err := h.S.Queue(r.Context(), account.PrincipalFrom(r.Context()), h.WorkingLeft)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	conv := func(qs []QueueItem) []queueJSON {
		out := []queueJSON{}
		for _, q := range qs {
			out = append(out, queueJSON{Code: q.Code, Procedure: q.Procedure, Applicant: q.Applicant, Agency: q.Agency, Version: q.Version,
				SubmittedAt: tp(q.SubmittedAt), AcceptBy: tp(q.AcceptBy), WorkingLeft: int64(q.Left / time.Minute), Overdue: q.Overdue,
				Flagged: !q.FlaggedAt.IsZero(), SupplementAt: tp(q.SupplementAt)})
		}
		return out
	}
	web.JSON(w, http.StatusOK, map[string]any{"waiting": conv(waiting), "supplements": conv(sups)})
}

func (h *Web) handleConfirmSupplementAPI(w http.ResponseWriter, r *http.Request) {
	if err := h.S.ConfirmSupplement(r.Context(), account.PrincipalFrom(r.Context()), h.Staff, r.PathValue("code")); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type assistData struct {
	Challenge *Challenge
	Consent   *Consent
	Citizen   *Citizen
	Documents []Document
}

func (h *Web) handleAssistForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("purpose") == "" {
		q.Set("purpose", ConsentFile)
	}
	h.render(w, r, http.StatusOK, "staff_assist", "Hỗ trợ công dân nộp hồ sơ trực tuyến", nil, assistData{}, q, nil)
}

func (h *Web) handleAssistStart(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	ch, err := h.S.StartConsent(r.Context(), account.PrincipalFrom(r.Context()),
		ConsentRequest{Who: form.Get("who"), Purpose: form.Get("purpose"), Procedure: form.Get("procedure")}, h.Server.ClientAddr(r))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		h.render(w, r, statusOf(err), "staff_assist", "Hỗ trợ công dân nộp hồ sơ trực tuyến", nil, assistData{}, form, err)
		return
	}
	http.Redirect(w, r, "/can-bo/nop-thay/xac-nhan?ma="+url.QueryEscape(ch.ID), http.StatusSeeOther)
}

func (h *Web) handleAssistCodeForm(w http.ResponseWriter, r *http.Request) {
	ch, err := h.S.ChallengeInfo(r.Context(), r.URL.Query().Get("ma"), PurposeConsent)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "staff_assist_code", "Nhập mã đồng ý của công dân", nil, assistData{Challenge: ch}, r.URL.Query(), nil)
}

func (h *Web) handleAssistFinish(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	p := account.PrincipalFrom(r.Context())
	consent, err := h.S.FinishConsent(r.Context(), p, form.Get("ma"), form.Get("code"))
	if err != nil {
		if internal(err) {
			h.Server.Error(w, r, err)
			return
		}
		ch, _ := h.S.ChallengeInfo(r.Context(), form.Get("ma"), PurposeConsent)
		form.Del("code")
		if ch == nil {
			h.render(w, r, statusOf(err), "staff_assist", "Hỗ trợ công dân nộp hồ sơ trực tuyến", nil, assistData{}, nil, err)
			return
		}
		h.render(w, r, statusOf(err), "staff_assist_code", "Nhập mã đồng ý của công dân", nil, assistData{Challenge: ch}, form, err)
		return
	}
	if consent.Purpose == ConsentDocuments {
		http.Redirect(w, r, "/can-bo/kho-cong-dan/"+strconv.FormatInt(consent.ID, 10), http.StatusSeeOther)
		return
	}
	c, err := h.S.ByID(r.Context(), consent.CitizenID)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d, err := h.S.CreateDraft(r.Context(), c, consent.Ref, p.UserID)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	http.Redirect(w, r, assistedBase+d.ID, http.StatusSeeOther)
}

// assisted runs a draft handler for the officer filing for a citizen.
func (h *Web) assisted(next func(w http.ResponseWriter, r *http.Request, c *Citizen)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, c, err := h.S.AssistedDraft(r.Context(), account.PrincipalFrom(r.Context()), r.PathValue("id"))
		if err != nil {
			h.Server.Error(w, r, err)
			return
		}
		next(w, r, c)
	}
}

func (h *Web) counterConsent(r *http.Request) (*Consent, *Citizen, error) {
	id, _ := strconv.ParseInt(r.PathValue("consent"), 10, 64)
	cs, err := h.S.ActiveConsent(r.Context(), account.PrincipalFrom(r.Context()), id)
	if err != nil {
		return nil, nil, err
	}
	if cs.Purpose != ConsentDocuments {
		return nil, nil, errNoConsent
	}
	c, err := h.S.ByID(r.Context(), cs.CitizenID)
	return cs, c, err
}

func (h *Web) handleCounterDocuments(w http.ResponseWriter, r *http.Request) {
	cs, c, err := h.counterConsent(r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.syncResults(r, c)
	docs, err := h.S.Documents(r.Context(), c.ID)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "staff_documents", "Kho giấy tờ của công dân", nil, assistData{Consent: cs, Citizen: c, Documents: docs}, r.URL.Query(), nil)
}

func (h *Web) handleCounterDownload(w http.ResponseWriter, r *http.Request) {
	_, c, err := h.counterConsent(r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d, rc, err := h.S.OpenDocument(r.Context(), c.ID, r.PathValue("doc"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, d.File, rc)
}

// handleCounterUse makes a document of the citizen's store attachable by
// the officer to the dossier being received (by its SHA-256 in the intake
// form), so the citizen is not asked for it again (ND 118 Đ5.1i, Đ17.1b).
func (h *Web) handleCounterUse(w http.ResponseWriter, r *http.Request) {
	if _, err := web.Form(w, r); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	cs, c, err := h.counterConsent(r)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	d, err := h.S.Document(r.Context(), c.ID, r.PathValue("doc"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	p := account.PrincipalFrom(r.Context())
	if err := h.S.UseAtCounter(r.Context(), p, h.Staff, c, d); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/can-bo/kho-cong-dan/"+strconv.FormatInt(cs.ID, 10)+"?dung="+url.QueryEscape(d.File.SHA256), http.StatusSeeOther)
}
