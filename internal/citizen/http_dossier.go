package citizen

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

type dossiersData struct {
	Dossiers []DossierSummary
	Drafts   []Draft
}

func (h *Web) handleDossiers(w http.ResponseWriter, r *http.Request, c *Citizen) {
	var d dossiersData
	var err error
	if h.S.Dossiers != nil {
		if d.Dossiers, err = h.S.Dossiers.ForCitizen(r.Context(), c.ID, 0); err != nil {
			h.Server.Error(w, r, err)
			return
		}
	}
	if d.Drafts, err = h.S.Drafts(r.Context(), c.ID); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "dossiers", "Hồ sơ của tôi", c, d, nil, nil)
}

type dossierData struct {
	D          *DossierDetail
	Timeline   []TimelineEvent
	Supplement *Supplement
	Kind       string // the request waiting on the citizen: changes | supplement | ""
	Documents  []Document
	Rating     *Rating
	Criteria   []Criterion
	CanRate    bool
}

// FormTitle names a form (for templates).
func (dossierData) FormTitle(n string) string { return FormTitle(n) }

// DocName names a checklist item (for templates).
func (x dossierData) DocName(i int) string {
	if i >= 0 && i < len(x.D.Documents) {
		return x.D.Documents[i].Name
	}
	return "Giấy tờ khác"
}

// Request is the request waiting on the citizen (for templates).
func (x dossierData) Request() *ChangeRequest {
	switch x.Kind {
	case KindChanges:
		return x.D.OnlineChanges
	case KindSupplement:
		return x.D.Supplement
	}
	return nil
}

// Scale is the five-level scale (for templates).
func (dossierData) Scale() []int { return []int{1, 2, 3, 4, 5} }

// Checked reports whether a rating form value is v (for templates).
func (dossierData) Checked(form url.Values, key string, v int) bool {
	return form.Get(key) == strconv.Itoa(v)
}

func (h *Web) dossierData(r *http.Request, c *Citizen) (*dossierData, error) {
	if h.S.Dossiers == nil {
		return nil, apperr.NotFound("Không tìm thấy hồ sơ.")
	}
	d, err := h.S.Dossiers.Detail(r.Context(), c.ID, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	x := &dossierData{D: d, Timeline: Timeline(d), Kind: kindFor(d), Criteria: Criteria}
	if x.Kind != "" {
		if x.Supplement, err = h.S.PendingSupplement(r.Context(), c.ID, d); err != nil {
			return nil, err
		}
		if x.Documents, err = h.S.Documents(r.Context(), c.ID); err != nil {
			return nil, err
		}
	}
	if d.Status == "returned" {
		if x.Rating, err = h.S.RatingOf(r.Context(), d.Code); err != nil {
			return nil, err
		}
		x.CanRate = x.Rating == nil
	}
	return x, nil
}

func (h *Web) handleDossier(w http.ResponseWriter, r *http.Request, c *Citizen) {
	x, err := h.dossierData(r, c)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "dossier", "Hồ sơ "+x.D.Code, c, x, nil, nil)
}

func (h *Web) reshowDossier(w http.ResponseWriter, r *http.Request, c *Citizen, form url.Values, err error) {
	if internal(err) || apperr.Code(err) == apperr.CodeNotFound {
		h.Server.Error(w, r, err)
		return
	}
	x, lerr := h.dossierData(r, c)
	if lerr != nil {
		h.Server.Error(w, r, lerr)
		return
	}
	h.render(w, r, statusOf(err), "dossier", "Hồ sơ "+x.D.Code, c, x, form, err)
}

func (h *Web) back(w http.ResponseWriter, r *http.Request, flash string) {
	http.Redirect(w, r, "/ca-nhan/ho-so/"+url.PathEscape(r.PathValue("code"))+"?tb="+flash+"#bo-sung", http.StatusSeeOther)
}

func (h *Web) handleSupplementFile(w http.ResponseWriter, r *http.Request, c *Citizen) {
	f, fh, form, err := uploadForm(w, r, "file")
	if err == nil {
		idx, _ := strconv.Atoi(form.Get("doc_index"))
		if form.Get("doc_index") == "" {
			idx = -1
		}
		if f != nil {
			defer f.Close()
			err = h.S.AddSupplementFile(r.Context(), c, r.PathValue("code"), idx, form.Get("title"), cleanName(fh.Filename), f, "")
		} else {
			err = h.S.AddSupplementFile(r.Context(), c, r.PathValue("code"), idx, "", "", nil, form.Get("document"))
		}
	}
	if err != nil {
		h.reshowDossier(w, r, c, form, withField(err, "file"))
		return
	}
	h.back(w, r, "luu")
}

func (h *Web) handleSupplementRemove(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err == nil {
		i, _ := strconv.Atoi(form.Get("i"))
		err = h.S.RemoveSupplementFile(r.Context(), c, r.PathValue("code"), i)
	}
	if err != nil {
		h.reshowDossier(w, r, c, form, err)
		return
	}
	h.back(w, r, "xoa")
}

func (h *Web) handleSupplementSubmit(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err == nil {
		err = h.S.SubmitSupplement(r.Context(), c, r.PathValue("code"), form.Get("note"))
	}
	if err != nil {
		h.reshowDossier(w, r, c, form, err)
		return
	}
	h.back(w, r, "bo-sung")
}

func (h *Web) handleRate(w http.ResponseWriter, r *http.Request, c *Citizen) {
	form, err := web.Form(w, r)
	if err == nil {
		var vals map[string]int
		var comment string
		if vals, comment, err = ParseRating(form.Get); err == nil {
			err = h.S.Rate(r.Context(), c, r.PathValue("code"), vals, comment)
		}
	}
	if err != nil {
		h.reshowDossier(w, r, c, form, err)
		return
	}
	http.Redirect(w, r, "/ca-nhan/ho-so/"+url.PathEscape(r.PathValue("code"))+"?tb=danh-gia", http.StatusSeeOther)
}

// handleForm serves one of the dossier's forms as PDF (Mẫu 01 receipt…).
func (h *Web) handleForm(w http.ResponseWriter, r *http.Request, c *Citizen) {
	if h.S.Dossiers == nil {
		h.Server.Error(w, r, errNoDossier)
		return
	}
	var buf bytes.Buffer
	form := r.PathValue("form")
	if err := h.S.Dossiers.WriteForm(r.Context(), c.ID, r.PathValue("code"), form, &buf); err != nil {
		h.Server.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="mau-`+url.PathEscape(form)+`-`+url.PathEscape(r.PathValue("code"))+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}

// handleFile serves a file of one of the citizen's dossiers (the result).
func (h *Web) handleFile(w http.ResponseWriter, r *http.Request, c *Citizen) {
	if h.S.Dossiers == nil {
		h.Server.Error(w, r, errNoDossier)
		return
	}
	// The file must belong to this dossier of this citizen.
	d, err := h.S.Dossiers.Detail(r.Context(), c.ID, r.PathValue("code"))
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	sha, ok := r.PathValue("sha"), false
	for _, f := range d.Files {
		ok = ok || f.SHA256 == sha
	}
	if !ok {
		h.Server.Error(w, r, apperr.NotFound("Không tìm thấy tệp."))
		return
	}
	rc, fi, err := h.S.Dossiers.OpenFile(r.Context(), c.ID, sha)
	if err != nil {
		h.Server.Error(w, r, err)
		return
	}
	defer rc.Close()
	if fi.Name == "" {
		fi.Name = "ho-so-" + d.Code + "-" + sha[:8]
	}
	serveFile(w, fi, rc)
}
