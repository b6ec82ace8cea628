package dossier

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// handleIntake: POST /api/v1/dossiers with an optional Idempotency-Key.
// 201 with the dossier (or intake record); 200 with the same body when the
// key and body were seen before; 422 when the key was used with another body.
func (h *API) handleIntake(w http.ResponseWriter, r *http.Request) {
	var in IntakeInput
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	res, err := h.Svc.Intake(r.Context(), principal(r), in, strings.TrimSpace(r.Header.Get("Idempotency-Key")))
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", "/api/v1/dossiers/"+res.Code)
	writeRaw(w, status, res.Body)
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
	if !bytes.HasSuffix(body, []byte("\n")) {
		w.Write([]byte("\n"))
	}
}

func (h *API) handleGet(w http.ResponseWriter, r *http.Request) {
	d, err := h.Svc.Get(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, d)
}

func (h *API) handleHistory(w http.ResponseWriter, r *http.Request) {
	hist, err := h.Svc.History(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": hist})
}

// handleAction: POST /api/v1/dossiers/{code}/actions {"action","version",…}.
func (h *API) handleAction(w http.ResponseWriter, r *http.Request) {
	var in ActionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	d, err := h.Svc.Act(r.Context(), principal(r), r.PathValue("code"), in)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, d)
}

func (h *API) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := ListFilter{Status: q.Get("status"), Agency: q.Get("agency"), Procedure: q.Get("procedure"), Query: q.Get("q")}
	var v apperr.Validation
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n > 0, "page", "Số trang không hợp lệ.")
		f.Page = n
	}
	if s := q.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n > 0 && n <= 200, "per_page", "Số dòng mỗi trang phải từ 1 đến 200.")
		f.PerPage = n
	}
	if s := q.Get("due_before"); s != "" {
		t, err := parseTimeOrDate(s)
		v.Check(err == nil, "due_before", "Ngày không hợp lệ (YYYY-MM-DD hoặc RFC 3339).")
		f.DueBefore = t
	}
	if err := v.Err(); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	page, err := h.Svc.List(r.Context(), principal(r), f)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, page)
}

// parseTimeOrDate accepts RFC 3339 or a date (the end of that day in Vietnam).
func parseTimeOrDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("ICT", 7*3600))
	if err != nil {
		return time.Time{}, err
	}
	return t.Add(24*time.Hour - time.Millisecond), nil
}

func (h *API) handleInbox(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	items, err := h.Svc.Inbox(r.Context(), principal(r), limit)
	if err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"items": items})
}

// handleForm: GET /api/v1/dossiers/{code}/forms/{01|02|03|04|05|dung}.pdf
func (h *API) handleForm(w http.ResponseWriter, r *http.Request) {
	form := strings.TrimSuffix(r.PathValue("form"), ".pdf")
	var buf bytes.Buffer
	if err := h.Svc.WriteForm(r.Context(), principal(r), r.PathValue("code"), form, &buf); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Content-Disposition", `inline; filename="`+pdfName(r.PathValue("code"), form)+`"`)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(buf.Bytes())
}

func pdfName(code, form string) string {
	return "mau-" + form + "-" + strings.NewReplacer(".", "_", "/", "_", `"`, "").Replace(code) + ".pdf"
}

// handleTrackingBook: GET /api/v1/tracking-book?agency=&year=&format=pdf|xlsx
func (h *API) handleTrackingBook(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	year := time.Now().In(time.FixedZone("ICT", 7*3600)).Year()
	if s := q.Get("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			h.Srv.Error(w, r, fieldErr(apperr.CodeInvalid, "year", "Năm không hợp lệ."))
			return
		}
		year = n
	}
	format := q.Get("format")
	var buf bytes.Buffer
	if err := h.Svc.WriteTrackingBook(r.Context(), principal(r), q.Get("agency"), year, format, &buf); err != nil {
		h.Srv.Error(w, r, err)
		return
	}
	name := "so-theo-doi-" + strconv.Itoa(year)
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	} else {
		w.Header().Set("Content-Type", "application/pdf")
		name += ".pdf"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}
