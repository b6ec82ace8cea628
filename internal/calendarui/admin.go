package calendarui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/web"
)

type adminListData struct {
	Years   []yearRow
	CanEdit bool
	ThisYr  int
	CSS     string
}

type yearRow struct {
	calendarsvc.YearInfo
	Status string
	Badge  string
}

func statusOf(stored, official bool) (label, badge string) {
	switch {
	case stored && official:
		return "Chính thức", "ok"
	case stored:
		return "Bản làm việc (chưa chính thức)", "warn"
	}
	return "Đề xuất tự động (chưa có thông báo chính thức)", "warn"
}

func (h *Handler) adminListPage(r *http.Request) (page, error) {
	info, err := h.svc.Overview(r.Context())
	if err != nil {
		return page{}, err
	}
	d := adminListData{CanEdit: requireRoot(r) == nil, ThisYr: calendar.DateOf(h.srv.DB.Now()).Year, CSS: CSSURL}
	for _, i := range info {
		row := yearRow{YearInfo: i}
		row.Status, row.Badge = statusOf(i.Stored, i.Official)
		d.Years = append(d.Years, row)
	}
	return page{name: "calendar_admin", title: "Quản lý lịch nghỉ lễ, ngày làm việc", data: d}, nil
}

func (h *Handler) handleAdminList(w http.ResponseWriter, r *http.Request) {
	pg, err := h.adminListPage(r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

// listError re-renders the list page with an error (forms on the list page).
func (h *Handler) listError(w http.ResponseWriter, r *http.Request, form url.Values, err error) {
	if apperr.Code(err) == apperr.CodeInternal || apperr.Code(err) == apperr.CodeForbidden {
		h.srv.Error(w, r, err)
		return
	}
	pg, perr := h.adminListPage(r)
	if perr != nil {
		h.srv.Error(w, r, perr)
		return
	}
	pg.status, pg.form, pg.errs, pg.err = web.Status(apperr.Code(err)), form, web.ErrorFields(r, err), web.ErrorMessage(r, err)
	if pg.status == http.StatusBadRequest {
		pg.status = http.StatusUnprocessableEntity
	}
	h.render(w, r, pg)
}

func actor(r *http.Request) account.Principal {
	if p := account.PrincipalFrom(r.Context()); p != nil {
		return *p
	}
	return account.Principal{}
}

func (h *Handler) handleAdminCreate(w http.ResponseWriter, r *http.Request) {
	form, err := web.Form(w, r)
	if err == nil {
		err = requireRoot(r)
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	y, err := parseYear(form.Get("year"))
	if err != nil {
		var v apperr.Validation
		v.AddText("year", apperr.TextOf(err))
		h.listError(w, r, form, v.Err())
		return
	}
	p := actor(r)
	if err := h.svc.CreateYear(r.Context(), p.Actor(), y); err != nil {
		h.listError(w, r, form, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/lich/"+strconv.Itoa(y)+"?ok=tao", http.StatusSeeOther)
}

// maxImport is the largest calendar file accepted.
const maxImport = 4 << 20

func (h *Handler) handleAdminImport(w http.ResponseWriter, r *http.Request) {
	if err := requireRoot(r); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImport+64<<10)
	if err := r.ParseMultipartForm(maxImport); err != nil {
		h.listError(w, r, nil, apperr.Invalid("Không đọc được tệp tải lên (tối đa 4 MB)."))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var v apperr.Validation
		v.Add("file", "Vui lòng chọn tệp JSON hoặc CSV.")
		h.listError(w, r, nil, v.Err())
		return
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImport))
	if err != nil {
		h.listError(w, r, nil, apperr.Invalid("Không đọc được tệp tải lên."))
		return
	}
	var years []calendar.Year
	trim := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\uFEFF")))
	if strings.HasSuffix(strings.ToLower(hdr.Filename), ".json") || bytes.HasPrefix(trim, []byte("{")) || bytes.HasPrefix(trim, []byte("[")) {
		years, err = calendar.ReadJSON(bytes.NewReader(trim))
	} else {
		years, err = calendar.ReadCSV(bytes.NewReader(b))
	}
	if err == nil {
		p := actor(r)
		err = h.svc.Import(r.Context(), p.Actor(), years)
	}
	if err != nil {
		if len(apperr.FieldsOf(err)) > 0 {
			err = apperr.Invalid("%s %s", apperr.TextOf(err), apperr.FieldList(err))
		}
		h.listError(w, r, nil, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/lich?ok=nhap", http.StatusSeeOther)
}

// handleAdminExport serves GET /quan-tri/lich/xuat?tu=2024&den=2026&dang=json|csv.
func (h *Handler) handleAdminExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := parseYear(q.Get("tu"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	to := from
	if s := q.Get("den"); s != "" {
		if to, err = parseYear(s); err != nil {
			h.srv.Error(w, r, err)
			return
		}
	}
	if to < from || to-from > 50 {
		h.srv.Error(w, r, apperr.Invalid("Khoảng năm không hợp lệ (từ năm đến năm, tối đa 50 năm)."))
		return
	}
	var ys []int
	for y := from; y <= to; y++ {
		ys = append(ys, y)
	}
	years, err := h.svc.Export(r.Context(), ys...)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	name := fmt.Sprintf("lich-lam-viec-%d", from)
	if to != from {
		name += fmt.Sprintf("-%d", to)
	}
	switch q.Get("dang") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		calendar.WriteCSV(w, years)
	case "", "json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(years)
	default:
		h.srv.Error(w, r, apperr.Invalid("Định dạng xuất phải là json hoặc csv."))
	}
}

type adminYearData struct {
	YearPage
	Stored   bool
	CanEdit  bool
	Source   string // where an unstored year's data come from
	Kinds    []kindOption
	Status   string
	Badge    string
	NoteText string
}

type kindOption struct {
	Value, Label string
	Selected     bool
}

func (h *Handler) adminYearPage(r *http.Request, y int, form url.Values) (page, error) {
	data, stored, err := h.svc.StoredYear(r.Context(), y)
	if err != nil {
		return page{}, err
	}
	d := adminYearData{Stored: stored, CanEdit: requireRoot(r) == nil}
	if !stored {
		if off, ok := calendar.Official(y); ok {
			data, d.Source = off, "official"
		} else if data, err = calendar.Propose(y); err != nil {
			return page{}, err
		} else {
			d.Source = "proposal"
		}
	}
	d.YearPage = buildYear(data, calendar.DateOf(h.srv.DB.Now()))
	d.Status, d.Badge = statusOf(stored, data.Official)
	if !stored && d.Source == "official" {
		d.Status, d.Badge = "Dữ liệu chính thức có sẵn, chưa lưu vào hệ thống", "warn"
	}
	d.NoteText = data.Note
	sel := form.Get("kind")
	for _, k := range append(append([]calendar.Kind{}, calendar.OffKinds...), calendar.KindSwapWork) {
		label := "Nghỉ: " + k.Label()
		if k == calendar.KindSwapWork {
			label = "Làm việc: " + k.Label() + " (thứ Bảy, Chủ nhật)"
		}
		d.Kinds = append(d.Kinds, kindOption{Value: string(k), Label: label, Selected: string(k) == sel})
	}
	return page{name: "calendar_admin_year", title: "Lịch năm " + strconv.Itoa(y), data: d, form: form}, nil
}

func (h *Handler) handleAdminYear(w http.ResponseWriter, r *http.Request) {
	y, err := parseYear(r.PathValue("year"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pg, err := h.adminYearPage(r, y, url.Values{})
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

// yearError re-renders the year page after a failed change.
func (h *Handler) yearError(w http.ResponseWriter, r *http.Request, y int, form url.Values, err error) {
	if c := apperr.Code(err); c == apperr.CodeInternal || c == apperr.CodeForbidden {
		h.srv.Error(w, r, err)
		return
	}
	pg, perr := h.adminYearPage(r, y, form)
	if perr != nil {
		h.srv.Error(w, r, perr)
		return
	}
	pg.status, pg.errs, pg.err = web.Status(apperr.Code(err)), web.ErrorFields(r, err), web.ErrorMessage(r, err)
	if pg.status == http.StatusBadRequest {
		pg.status = http.StatusUnprocessableEntity
	}
	h.render(w, r, pg)
}

// yearForm parses the year path and the form and checks the editor.
func (h *Handler) yearForm(w http.ResponseWriter, r *http.Request) (int, url.Values, bool) {
	y, err := parseYear(r.PathValue("year"))
	var form url.Values
	if err == nil {
		form, err = web.Form(w, r)
	}
	if err == nil {
		err = requireRoot(r)
	}
	if err != nil {
		h.srv.Error(w, r, err)
		return 0, nil, false
	}
	return y, form, true
}

func yearURL(y int, ok string) string {
	return "/quan-tri/lich/" + strconv.Itoa(y) + "?ok=" + ok
}

func (h *Handler) handleAdminDayAdd(w http.ResponseWriter, r *http.Request) {
	y, form, ok := h.yearForm(w, r)
	if !ok {
		return
	}
	var v apperr.Validation
	date, err := calendar.ParseDate(form.Get("date"))
	v.Check(err == nil, "date", "Vui lòng nhập ngày hợp lệ.")
	v.Checkf(err != nil || date.Year == y, "date", "Ngày phải thuộc năm %d.", y)
	v.Check(strings.TrimSpace(form.Get("name")) != "", "name", "Vui lòng nhập tên ngày.")
	kind := calendar.Kind(form.Get("kind"))
	v.Check(kind == calendar.KindSwapWork || containsKind(kind), "kind", "Vui lòng chọn loại ngày.")
	if err := v.Err(); err != nil {
		h.yearError(w, r, y, form, err)
		return
	}
	d := calendar.Day{Date: date, Name: form.Get("name"), Kind: kind, Basis: form.Get("basis")}
	p := actor(r)
	if err := h.svc.AddDay(r.Context(), p.Actor(), d, kind == calendar.KindSwapWork); err != nil {
		h.yearError(w, r, y, form, err)
		return
	}
	http.Redirect(w, r, yearURL(y, "them"), http.StatusSeeOther)
}

func containsKind(k calendar.Kind) bool {
	for _, x := range calendar.OffKinds {
		if x == k {
			return true
		}
	}
	return false
}

func (h *Handler) handleAdminDayRemove(w http.ResponseWriter, r *http.Request) {
	y, form, ok := h.yearForm(w, r)
	if !ok {
		return
	}
	date, err := calendar.ParseDate(r.PathValue("date"))
	if err == nil && date.Year != y {
		err = apperr.NotFound("Ngày %s không thuộc năm %d.", date.VN(), y)
	}
	if err == nil {
		p := actor(r)
		err = h.svc.RemoveDay(r.Context(), p.Actor(), date)
	}
	if err != nil {
		h.yearError(w, r, y, form, err)
		return
	}
	http.Redirect(w, r, yearURL(y, "xoa-ngay"), http.StatusSeeOther)
}

func (h *Handler) handleAdminStatus(w http.ResponseWriter, r *http.Request) {
	y, form, ok := h.yearForm(w, r)
	if !ok {
		return
	}
	var v apperr.Validation
	v.Check(len([]rune(form.Get("note"))) <= 2000, "note", "Ghi chú quá dài (tối đa 2000 ký tự).")
	err := v.Err()
	if err == nil {
		p := actor(r)
		err = h.svc.SetStatus(r.Context(), p.Actor(), y, form.Get("official") == "1", form.Get("note"))
	}
	if err != nil {
		h.yearError(w, r, y, form, err)
		return
	}
	http.Redirect(w, r, yearURL(y, "trang-thai"), http.StatusSeeOther)
}

func (h *Handler) handleAdminDelete(w http.ResponseWriter, r *http.Request) {
	y, form, ok := h.yearForm(w, r)
	if !ok {
		return
	}
	p := actor(r)
	if err := h.svc.DeleteYear(r.Context(), p.Actor(), y); err != nil {
		h.yearError(w, r, y, form, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/lich?ok=xoa", http.StatusSeeOther)
}
