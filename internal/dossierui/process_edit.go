package dossierui

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/web"
)

// stepRow is one row of the process editor as typed (strings, so a bad
// number is shown back as typed).
type stepRow struct {
	Order, Name, Kind, Agency, Role, Value, Unit, Group string
}

// processPage is the data of the process editor.
type processPage struct {
	View     *dossier.ProcessView
	Rows     []stepRow
	Agencies []option
	Kinds    []workflow.StepKind
	Roles    []account.Role
	Hours    int  // sum of the rows in working hours (parallel groups once)
	SumOK    bool // the sum matches the legal limit
	Checked  bool // the rows were validated without saving
	All      bool // the process applies to every version
	Limit    string
}

// blankRows is how many empty rows the editor offers for new steps.
const blankRows = 3

// maxRows bounds the rows read from a form.
const maxRows = 60

func (h *Handler) handleProcessList(w http.ResponseWriter, r *http.Request) {
	q := trim(r.URL.Query().Get("q"))
	var res *procedure.Results
	if q != "" {
		var err error
		res, err = h.procs.Search(r.Context(), procedure.Query{Text: q, PerPage: 30})
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "process_list", "Quy trình nội bộ", res, r.URL.Query(), nil)
}

func (h *Handler) handleProcessEdit(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	pv, err := h.dossiers.Process(r.Context(), p, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page, err := h.processPage(r, pv, rowsOf(pv.Steps))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.All = pv.VersionKey == "" && !pv.Default
	v := h.srv.NewView(r, "Quy trình nội bộ", page)
	if r.URL.Query().Get("da_luu") == "1" {
		v.Flash = "Đã lưu quy trình nội bộ. Hồ sơ tiếp nhận từ nay đi theo quy trình này; hồ sơ đã tiếp nhận giữ các bước cũ."
	}
	h.pages.Render(w, http.StatusOK, "process", v)
}

func (h *Handler) handleProcessSave(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	form, err := web.Form(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	code := r.PathValue("code")
	pv, err := h.dossiers.Process(r.Context(), p, code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	switch form.Get("action") {
	case "default":
		// Show the default split of the legal time, unsaved.
		def := workflow.DefaultProcess(pv.Limit, pv.Immediate)
		page, err := h.processPage(r, pv, rowsOf(def.Steps))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		page.Checked = true
		v := h.srv.NewView(r, "Quy trình nội bộ", page)
		v.Flash = "Đã điền quy trình mặc định (chưa lưu). Kiểm tra rồi bấm Lưu quy trình."
		h.pages.Render(w, http.StatusOK, "process", v)
		return
	case "reset":
		if err := h.dossiers.ResetProcess(r.Context(), p, code); err != nil {
			h.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/quan-tri/quy-trinh/"+url.PathEscape(pv.ProcedureCode)+"?da_luu=1", http.StatusSeeOther)
		return
	}
	rows := parseRows(form)
	steps, rowErr := stepsOf(rows)
	page, err := h.processPage(r, pv, rows)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.All = form.Get("all_versions") == "1"
	if rowErr == nil {
		if form.Get("action") == "check" {
			rowErr = workflow.Process{Steps: steps}.Validate(pv.Limit, pv.Immediate, func(c string) bool {
				_, err := h.agencies.ByCode(r.Context(), c)
				return err == nil
			})
			if rowErr == nil {
				page.Checked = true
				v := h.srv.NewView(r, "Quy trình nội bộ", page)
				v.Flash = "Quy trình hợp lệ: tổng thời gian khớp thời hạn giải quyết. Bấm Lưu quy trình để áp dụng."
				h.pages.Render(w, http.StatusOK, "process", v)
				return
			}
		} else {
			_, rowErr = h.dossiers.SetProcess(r.Context(), p, code, dossier.ProcessInput{AllVersions: page.All, Steps: steps})
			if rowErr == nil {
				http.Redirect(w, r, "/quan-tri/quy-trinh/"+url.PathEscape(pv.ProcedureCode)+"?da_luu=1", http.StatusSeeOther)
				return
			}
		}
	}
	if !formError(rowErr) {
		h.fail(w, r, rowErr)
		return
	}
	h.render(w, r, web.Status(apperr.Code(rowErr)), "process", "Quy trình nội bộ", page, form, rowErr)
}

func (h *Handler) processPage(r *http.Request, pv *dossier.ProcessView, rows []stepRow) (*processPage, error) {
	ags, err := h.agencies.List(r.Context())
	if err != nil {
		return nil, err
	}
	page := &processPage{View: pv, Agencies: agencyOptions(ags), Kinds: workflow.StepKinds,
		Roles: []account.Role{account.RoleOneStopOfficer, account.RoleSpecialist, account.RoleDivisionHead, account.RoleAgencyLeader},
		Limit: pv.Limit.String()}
	if pv.Immediate {
		page.Limit = "Trả kết quả ngay trong ngày"
	}
	// The running total of what is on screen.
	steps, err := stepsOf(rows)
	if err == nil {
		page.Hours = workflow.Process{Steps: steps}.Hours()
		page.SumOK = workflow.Process{Steps: steps}.Validate(pv.Limit, pv.Immediate, nil) == nil
	}
	for len(rows) == 0 || rows[len(rows)-1].Name != "" {
		rows = append(rows, make([]stepRow, blankRows)...)
	}
	for i := range rows {
		if rows[i].Order == "" {
			rows[i].Order = strconv.Itoa(i + 1)
		}
		if rows[i].Unit == "" {
			rows[i].Unit = workflow.UnitWorkingDays
		}
	}
	page.Rows = rows
	return page, nil
}

// rowsOf turns stored steps into editor rows.
func rowsOf(steps []workflow.StepDef) []stepRow {
	out := make([]stepRow, len(steps))
	for i, s := range steps {
		out[i] = stepRow{Order: strconv.Itoa(i + 1), Name: s.Name, Kind: string(s.Kind), Agency: s.Agency, Role: s.Role,
			Value: strconv.Itoa(s.Time.Value), Unit: s.Time.Unit, Group: s.Group}
	}
	return out
}

// parseRows reads the editor's rows: drops deleted and empty rows and sorts
// the rest by their order number (ties keep their position), so the
// administrator reorders steps by renumbering them.
func parseRows(form url.Values) []stepRow {
	n, _ := strconv.Atoi(form.Get("rows"))
	n = min(max(n, 0), maxRows)
	type keyed struct {
		row   stepRow
		order float64
		pos   int
	}
	var ks []keyed
	for i := 0; i < n; i++ {
		g := func(f string) string { return trim(form.Get(fmt.Sprintf("s%d_%s", i, f))) }
		row := stepRow{Order: g("order"), Name: g("name"), Kind: g("kind"), Agency: g("agency"), Role: g("role"),
			Value: g("value"), Unit: g("unit"), Group: g("group")}
		if g("delete") != "" || row.Name == "" && row.Value == "" && row.Group == "" {
			continue
		}
		o, err := strconv.ParseFloat(row.Order, 64)
		if err != nil {
			o = float64(i + 1)
		}
		ks = append(ks, keyed{row, o, i})
	}
	sort.SliceStable(ks, func(a, b int) bool { return ks[a].order < ks[b].order })
	out := make([]stepRow, len(ks))
	for i, k := range ks {
		out[i] = k.row
		out[i].Order = strconv.Itoa(i + 1)
	}
	return out
}

// stepsOf converts rows to step definitions; a time that is not a whole
// number is a field error on its row.
func stepsOf(rows []stepRow) ([]workflow.StepDef, error) {
	var v apperr.Validation
	steps := make([]workflow.StepDef, len(rows))
	for i, r := range rows {
		val, err := strconv.Atoi(r.Value)
		if err != nil || val < 0 {
			v.Add(fmt.Sprintf("steps.%d.time", i), "Thời gian phải là số nguyên không âm.")
		}
		steps[i] = workflow.StepDef{Name: r.Name, Kind: workflow.StepKind(r.Kind), Agency: r.Agency, Role: r.Role,
			Time: workflow.Duration{Value: val, Unit: r.Unit}, Group: r.Group}
	}
	return steps, v.Err()
}

// RowErr returns the field error of row i's field f (for the template).
func (p *processPage) RowErr(v *web.View, i int, f string) string {
	return v.Err(fmt.Sprintf("steps.%d.%s", i, f))
}
