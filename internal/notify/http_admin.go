package notify

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html static/*.js
var webFS embed.FS

// Admin serves the administrator's pages: the templates
// (/quan-tri/mau-thong-bao) and the outbox (/quan-tri/thong-bao).
type Admin struct {
	svc   *Service
	srv   *web.Server
	pages *web.Pages
}

// Mount registers the administrator's pages and menu items on srv. The
// templates and the outbox are province-wide, so only administrators of a
// root agency (the province) may use them; others get 404.
func (s *Service) Mount(srv *web.Server) *Admin {
	h := &Admin{svc: s, srv: srv, pages: web.MustPages(webFS, "templates/*.html")}
	admin := account.RoleAdministrator
	srv.Handle("GET /quan-tri/mau-thong-bao", srv.StaffFunc(h.root(h.handleTemplateList), admin))
	srv.Handle("GET /quan-tri/mau-thong-bao/{event}/{channel}", srv.StaffFunc(h.root(h.handleTemplateEdit), admin))
	srv.Handle("POST /quan-tri/mau-thong-bao/{event}/{channel}", srv.StaffFunc(h.root(h.handleTemplateSave), admin))
	srv.Handle("POST /quan-tri/mau-thong-bao/{event}/{channel}/khoi-phuc", srv.StaffFunc(h.root(h.handleTemplateReset), admin))
	srv.Handle("POST /quan-tri/mau-thong-bao/xem-truoc", srv.StaffFunc(h.root(h.handleTemplatePreview), admin))
	srv.HandleFunc("GET /quan-tri/mau-thong-bao/xem-truoc.js", h.handlePreviewScript)
	srv.Handle("GET /quan-tri/thong-bao", srv.StaffFunc(h.root(h.handleOutbox), admin))
	srv.Handle("POST /quan-tri/thong-bao/{id}/gui-lai", srv.StaffFunc(h.root(h.handleRetry), admin))
	srv.AddNav(
		web.NavItem{Label: "Mẫu thông báo", Href: "/quan-tri/mau-thong-bao", Staff: true, Roles: []account.Role{admin}, Order: 92},
		web.NavItem{Label: "Thông báo đã gửi", Href: "/quan-tri/thong-bao", Staff: true, Roles: []account.Role{admin}, Order: 93},
	)
	return h
}

var errNotFound = apperr.NotFound("Không tìm thấy trang hoặc tài nguyên yêu cầu.")

// root limits a handler to administrators of a root agency ("/1/").
func (h *Admin) root(next func(http.ResponseWriter, *http.Request)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if p := account.PrincipalFrom(r.Context()); p == nil || strings.Count(p.AgencyPath, "/") != 2 {
			h.srv.Error(w, r, errNotFound)
			return
		}
		next(w, r)
	}
}

func actor(r *http.Request) audit.Actor {
	p := account.PrincipalFrom(r.Context())
	return audit.Actor{ID: p.UserID, Name: p.Username, Kind: "staff"}
}

type templateRow struct {
	Template
	EventLabel, ChannelLabel string
	Sample                   Rendered
	SampleErr                bool
}

func (h *Admin) handleTemplateList(w http.ResponseWriter, r *http.Request) {
	ts, err := h.svc.Templates(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	rows := make([]templateRow, 0, len(ts))
	for _, t := range ts {
		row := templateRow{Template: t, EventLabel: t.Event.Label(), ChannelLabel: t.Channel.Label()}
		var errs map[string]string
		row.Sample, errs = t.Validate(h.svc.sampleLinkFor(t.Event))
		row.SampleErr = len(errs) > 0
		rows = append(rows, row)
	}
	h.pages.Render(w, http.StatusOK, "template_list", h.srv.NewView(r, "Mẫu thông báo", rows))
}

type editData struct {
	Template     Template
	EventLabel   string
	ChannelLabel string
	Email        bool
	Variables    []Variable
	Preview      Rendered
	Lines        []string // the previewed body, line by line
	Summary      string   // SMS: characters, segments, encoding
	MaxSegments  int
	Action       string
}

// target reads {event}/{channel} from the path.
func target(r *http.Request) (Event, Channel, bool) {
	e, c := Event(r.PathValue("event")), Channel(r.PathValue("channel"))
	return e, c, e.Valid() && c.Valid() && e.Sends(c)
}

func (h *Admin) handleTemplateEdit(w http.ResponseWriter, r *http.Request) {
	e, c, ok := target(r)
	if !ok {
		h.srv.Error(w, r, errNotFound)
		return
	}
	t, err := h.svc.Template(r.Context(), e, c)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	v := h.srv.NewView(r, "Sửa mẫu thông báo", nil)
	v.Form = url.Values{"subject": {t.Subject}, "body": {t.Body}}
	if r.URL.Query().Get("da-luu") == "1" {
		v.Flash = "Đã lưu mẫu thông báo."
	} else if r.URL.Query().Get("da-khoi-phuc") == "1" {
		v.Flash = "Đã khôi phục mẫu mặc định."
	}
	h.renderEdit(w, r, v, t, http.StatusOK)
}

func (h *Admin) renderEdit(w http.ResponseWriter, r *http.Request, v *web.View, t Template, status int) {
	d := editData{Template: t, EventLabel: t.Event.Label(), ChannelLabel: t.Channel.Label(), Email: t.Channel == ChannelEmail,
		Variables: Variables, MaxSegments: MaxSMSSegments}
	edited := Template{Event: t.Event, Channel: t.Channel, Subject: v.Val("subject"), Body: v.Val("body")}
	var err error
	d.Preview, err = edited.Check(h.svc.sampleLinkFor(t.Event))
	if v.Errors == nil && err != nil && status == http.StatusOK {
		// Show why the current text would be refused, without blocking the page.
		v.Errors = apperr.FieldsIn(err, v.T)
	}
	if d.Preview.Body != "" {
		d.Lines = strings.Split(d.Preview.Body, "\n")
	}
	d.Summary = segmentSummary(d.Preview).In(v.T)
	v.Data = d
	h.pages.Render(w, status, "template_edit", v)
}

func (h *Admin) handleTemplateSave(w http.ResponseWriter, r *http.Request) {
	e, c, ok := target(r)
	if !ok {
		h.srv.Error(w, r, errNotFound)
		return
	}
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	current, err := h.svc.Template(r.Context(), e, c)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	// Form values keep their inner line breaks; web.Form trims the ends.
	t := Template{Event: e, Channel: c, Subject: form.Get("subject"), Body: strings.ReplaceAll(form.Get("body"), "\r\n", "\n")}
	v := h.srv.NewView(r, "Sửa mẫu thông báo", nil)
	v.Form = url.Values{"subject": {t.Subject}, "body": {t.Body}}
	if form.Get("action") == "preview" {
		h.renderEdit(w, r, v, current, http.StatusOK)
		return
	}
	if err := h.svc.SaveTemplate(r.Context(), actor(r), t); err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			h.srv.Error(w, r, err)
			return
		}
		v.SetError(err)
		h.renderEdit(w, r, v, current, web.Status(apperr.Code(err)))
		return
	}
	http.Redirect(w, r, "/quan-tri/mau-thong-bao/"+string(e)+"/"+string(c)+"?da-luu=1", http.StatusSeeOther)
}

func (h *Admin) handleTemplateReset(w http.ResponseWriter, r *http.Request) {
	e, c, ok := target(r)
	if !ok {
		h.srv.Error(w, r, errNotFound)
		return
	}
	if err := h.svc.ResetTemplate(r.Context(), actor(r), e, c); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/mau-thong-bao/"+string(e)+"/"+string(c)+"?da-khoi-phuc=1", http.StatusSeeOther)
}

// previewResponse is the JSON of the live preview.
type previewResponse struct {
	Subject     string            `json:"subject"`
	Body        string            `json:"body"`
	Segments    int               `json:"segments"`
	Encoding    string            `json:"encoding"`
	Folded      bool              `json:"folded"`
	Summary     string            `json:"summary"` // the segment line shown under an SMS preview
	Errors      map[string]string `json:"errors"`
	MaxSegments int               `json:"max_segments"`
}

// handleTemplatePreview renders a template being edited with the sample
// data (form fields event, channel, subject, body) and answers JSON; the
// edit page calls it as the administrator types. It changes nothing.
func (h *Admin) handleTemplatePreview(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	t := Template{Event: Event(form.Get("event")), Channel: Channel(form.Get("channel")), Subject: form.Get("subject"),
		Body: strings.ReplaceAll(form.Get("body"), "\r\n", "\n")}
	if !t.Event.Valid() || !t.Channel.Valid() || !t.Event.Sends(t.Channel) {
		web.JSON(w, http.StatusBadRequest, map[string]string{"error": "event, channel"})
		return
	}
	rd, err := t.Check(h.svc.sampleLinkFor(t.Event))
	errs := web.ErrorFields(r, err)
	if errs == nil {
		errs = map[string]string{}
	}
	lang := i18n.FromRequest(r)
	summary := segmentSummary(rd).In(func(vi string) string { return i18n.T(lang, vi) })
	web.JSON(w, http.StatusOK, previewResponse{Subject: rd.Subject, Body: rd.Body, Segments: rd.Segments, Encoding: rd.Encoding,
		Folded: rd.Folded, Summary: summary, Errors: errs, MaxSegments: MaxSMSSegments})
}

// segmentSummary describes an SMS preview (a Vietnamese format and its
// values); empty for an e-mail.
func segmentSummary(r Rendered) apperr.Text {
	if r.Segments == 0 {
		return apperr.Text{}
	}
	chars := len([]rune(r.Body))
	if r.Folded {
		return apperr.Text{Format: "%d ký tự, %d phần tin nhắn (%s); quá %d phần khi có dấu nên được gửi không dấu.",
			Args: []any{chars, r.Segments, r.Encoding, MaxSMSSegments}}
	}
	return apperr.Text{Format: "%d ký tự, %d phần tin nhắn (%s).", Args: []any{chars, r.Segments, r.Encoding}}
}

func (h *Admin) handlePreviewScript(w http.ResponseWriter, r *http.Request) {
	b, err := webFS.ReadFile("static/template-preview.js")
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(b)
}

type outboxData struct {
	Status   Status
	Statuses []Status
	Counts   map[Status]int
	Rows     []Delivery
}

func (h *Admin) handleOutbox(w http.ResponseWriter, r *http.Request) {
	st := Status(r.URL.Query().Get("trang-thai"))
	switch st {
	case "", StatusQueued, StatusSending, StatusSent, StatusFailed:
	default:
		st = ""
	}
	rows, err := h.svc.Recent(r.Context(), Filter{Status: st, Limit: 200})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	counts, err := h.svc.Counts(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	v := h.srv.NewView(r, "Thông báo đã gửi", outboxData{Status: st, Statuses: []Status{StatusQueued, StatusSending, StatusSent, StatusFailed},
		Counts: counts, Rows: rows})
	if r.URL.Query().Get("da-gui-lai") == "1" {
		v.Flash = "Đã đưa thông báo vào hàng đợi để gửi lại."
	}
	h.pages.Render(w, http.StatusOK, "outbox", v)
}

func (h *Admin) handleRetry(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.srv.Error(w, r, errNotFound)
		return
	}
	if err := h.svc.Retry(r.Context(), actor(r), id); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/thong-bao?trang-thai=queued&da-gui-lai=1", http.StatusSeeOther)
}
