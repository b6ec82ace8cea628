package catalogui

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

// API shapes (documented in api/openapi.yaml).

// APIField is a field reference.
type APIField struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Procedures *int   `json:"procedures,omitempty"` // in force today (GET /api/v1/fields only)
}

// APITimeLimit is a time limit.
type APITimeLimit struct {
	Value int    `json:"value"`
	Unit  string `json:"unit"`
}

// APIItem is one search result.
type APIItem struct {
	Code        string       `json:"code"`
	Name        string       `json:"name"`
	Field       APIField     `json:"field"`
	Level       string       `json:"level"`
	TimeLimit   APITimeLimit `json:"time_limit"`
	Immediate   bool         `json:"immediate"`
	OnlineLevel string       `json:"online_level"`
}

// APIList is a page of search results.
type APIList struct {
	Items   []APIItem `json:"items"`
	Total   int       `json:"total"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
}

// APIAgency names an agency or an agency token (@commune, @center, @commune_center).
type APIAgency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// APIFormFile is a downloadable blank form.
type APIFormFile struct {
	URL         string `json:"url"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// APIDocument is one item of the dossier.
type APIDocument struct {
	ID        int64        `json:"id"`
	Name      string       `json:"name"`
	Originals int          `json:"originals"`
	Copies    int          `json:"copies"`
	Required  string       `json:"required"`
	Condition string       `json:"condition"`
	Form      string       `json:"form"`
	FormFile  *APIFormFile `json:"form_file,omitempty"`
}

// APIFee is a fee or charge.
type APIFee struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Amount int64  `json:"amount"`
	Case   string `json:"case"`
}

// APIResult is the result paper.
type APIResult struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// APIProcedure is the full detail of a procedure version.
type APIProcedure struct {
	Code              string        `json:"code"`
	Name              string        `json:"name"`
	Field             APIField      `json:"field"`
	Level             string        `json:"level"`
	HandlingAgency    APIAgency     `json:"handling_agency"`
	ReceivingAgencies []APIAgency   `json:"receiving_agencies"`
	TimeLimit         APITimeLimit  `json:"time_limit"`
	TimeLimitText     string        `json:"time_limit_text"`
	Immediate         bool          `json:"immediate"`
	Cutoff15h         bool          `json:"cutoff_15h"`
	Fees              []APIFee      `json:"fees"`
	Documents         []APIDocument `json:"documents"`
	Result            APIResult     `json:"result"`
	OnlineLevel       string        `json:"online_level"`
	LegalBasis        []string      `json:"legal_basis"`
	Applicants        string        `json:"applicants"`
	Where             string        `json:"where"`
	StepsNote         string        `json:"steps_note"`
	Version           int           `json:"version"`
	VersionID         int64         `json:"version_id"`
	EffectiveFrom     string        `json:"effective_from"`
	EffectiveUntil    *string       `json:"effective_until"`
	InForce           bool          `json:"in_force"`
}

func positiveInt(v, name string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, apperr.Invalid("Tham số %s phải là số nguyên dương.", name)
	}
	return n, nil
}

func (h *Handler) handleAPIList(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	page, err := positiveInt(qv.Get("page"), "page", 1)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	per, err := positiveInt(qv.Get("per_page"), "per_page", 20)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if per > 100 {
		h.srv.Error(w, r, apperr.Invalid("Tham số per_page tối đa là 100."))
		return
	}
	q := procedure.Query{Text: qv.Get("q"), Field: qv.Get("field"), Level: procedure.Level(qv.Get("level")),
		Online: procedure.OnlineLevel(qv.Get("online_level")), Agency: qv.Get("agency"), Date: qv.Get("at"), Page: page, PerPage: per}
	res, err := h.svc.Search(r.Context(), q)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	out := APIList{Items: []APIItem{}, Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	for _, x := range res.Items {
		out.Items = append(out.Items, APIItem{Code: x.Code, Name: x.Name, Field: APIField{Code: x.FieldCode, Name: x.FieldName}, Level: string(x.Level),
			TimeLimit: APITimeLimit{Value: x.TimeLimit.Value, Unit: string(x.TimeLimit.Unit)}, Immediate: x.Immediate, OnlineLevel: string(x.OnlineLevel)})
	}
	web.JSON(w, http.StatusOK, out)
}

func (h *Handler) handleAPIShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	code := r.PathValue("code")
	qv := r.URL.Query()
	var p *procedure.Procedure
	var err error
	switch {
	case qv.Get("version") != "":
		n, perr := positiveInt(qv.Get("version"), "version", 1)
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		p, err = h.svc.VersionNumber(ctx, code, n)
	case qv.Get("at") != "":
		p, err = h.svc.InForceOn(ctx, code, qv.Get("at"))
	default:
		p, err = h.svc.Current(ctx, code)
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, h.apiProcedure(r, p))
}

func (h *Handler) apiProcedure(r *http.Request, p *procedure.Procedure) APIProcedure {
	names := h.agencyNames(r)
	out := APIProcedure{Code: p.Code, Name: p.Name, Field: APIField{Code: p.Field, Name: p.FieldName}, Level: string(p.Level),
		HandlingAgency: APIAgency{Code: p.HandlingAgency, Name: names.Name(p.HandlingAgency)}, ReceivingAgencies: []APIAgency{},
		TimeLimit: APITimeLimit{Value: p.TimeLimit.Value, Unit: string(p.TimeLimit.Unit)}, TimeLimitText: p.TimeWords("vi"),
		Immediate: p.Immediate, Cutoff15h: p.Cutoff15h, Fees: []APIFee{}, Documents: []APIDocument{},
		Result: APIResult{Code: p.Result.Code, Name: p.Result.Name}, OnlineLevel: string(p.OnlineLevel), LegalBasis: p.LegalBasis,
		Applicants: p.Applicants, Where: p.Where, StepsNote: p.StepsNote, Version: p.Version, VersionID: p.VersionID,
		EffectiveFrom: p.EffectiveFrom, InForce: p.InForceOn(h.svc.Today())}
	if p.EffectiveUntil != "" {
		u := p.EffectiveUntil
		out.EffectiveUntil = &u
	}
	for _, a := range p.ReceivingAgencies {
		out.ReceivingAgencies = append(out.ReceivingAgencies, APIAgency{Code: a, Name: names.Name(a)})
	}
	for _, f := range p.Fees {
		out.Fees = append(out.Fees, APIFee{Kind: string(f.Kind), Name: f.Name, Amount: f.Amount, Case: f.Case})
	}
	for _, d := range p.Documents {
		doc := APIDocument{ID: d.ID, Name: d.Name, Originals: d.Originals, Copies: d.Copies, Required: string(d.Required), Condition: d.Condition, Form: d.Form}
		if d.FormFile != nil {
			doc.FormFile = &APIFormFile{URL: "/bieu-mau/" + d.FormFile.SHA256, Name: d.FormFile.Name, ContentType: d.FormFile.Type, Size: d.FormFile.Size, SHA256: d.FormFile.SHA256}
		}
		out.Documents = append(out.Documents, doc)
	}
	return out
}

func (h *Handler) handleAPIFields(w http.ResponseWriter, r *http.Request) {
	fields, err := h.svc.Fields(r.Context())
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	out := struct {
		Items []APIField `json:"items"`
	}{Items: []APIField{}}
	for _, f := range fields {
		n := f.Count
		out.Items = append(out.Items, APIField{Code: f.Code, Name: f.Name, Procedures: &n})
	}
	web.JSON(w, http.StatusOK, out)
}
