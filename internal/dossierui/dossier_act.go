package dossierui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/web"
)

// MaxActionBody bounds an action form with its files.
const MaxActionBody = 64 << 20

// staleMessage is shown when the page was out of date (the version posted
// is not the current one).
const staleMessage = "Hồ sơ đã được người khác cập nhật, vui lòng tải lại trang."

// actionFields maps the service's field names to the forms'.
var actionFields = map[string]string{
	"time": "time_value", "return.method": "return_method", "return.received_by": "received_by",
	"return.slip_number": "slip_number", "return.handover_record": "handover_record", "result_files": "files",
}

// actionInput builds the service request from an action form.
func (h *Handler) actionInput(r *http.Request, form url.Values) (dossier.ActionInput, error) {
	var v apperr.Validation
	in := dossier.ActionInput{Action: workflow.Action(form.Get("action")), Note: form.Get("note"), Reason: form.Get("reason"),
		Reply: form.Get("reply"), NewDueDate: form.Get("new_due_date"), ResultCode: form.Get("result_code"), Role: form.Get("role"),
		Channel: form.Get("channel"), Refund: form.Get("refund")}
	in.Version, _ = strconv.ParseInt(form.Get("version"), 10, 64)
	if s := form.Get("assignee"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil, "assignee", "Người được phân công không hợp lệ.")
		in.Assignee = id
	}
	if s := form.Get("step_id"); s != "" {
		in.StepID, _ = strconv.ParseInt(s, 10, 64)
	}
	seen := map[string]bool{}
	for _, a := range form["agencies"] {
		if a = strings.TrimSpace(a); a != "" && !seen[a] {
			seen[a] = true
			in.Agencies = append(in.Agencies, a)
		}
	}
	if in.Action == workflow.ActConsult {
		par := form.Get("parallel") != ""
		in.Parallel = &par
		if s := form.Get("time_value"); s != "" {
			n, err := strconv.Atoi(s)
			v.Check(err == nil && n > 0, "time_value", "Thời hạn trả lời phải là số nguyên dương.")
			in.Time = workflow.Duration{Value: n, Unit: form.Get("time_unit")}
		}
	}
	for n := 0; n < 5; n++ {
		c, rs := form.Get(fmt.Sprintf("it%d_content", n)), form.Get(fmt.Sprintf("it%d_reason", n))
		if c != "" || rs != "" {
			v.Check(c != "", "items", "Vui lòng nêu nội dung cần bổ sung cho lý do đã nhập.")
			in.Items = append(in.Items, dossier.Item{Content: c, Reason: rs})
		}
	}
	if s := form.Get("requested_at"); s != "" {
		t, err := parseLocal(s)
		v.Check(err == nil, "requested_at", "Thời điểm không hợp lệ (ngày và giờ).")
		in.RequestedAt = t
	}
	if in.Action == workflow.ActReturn {
		in.Return = &dossier.ReturnInput{Method: form.Get("return_method"), ReceivedBy: form.Get("received_by"),
			SlipNumber: form.Get("slip_number"), HandoverRecord: form.Get("handover_record"), Note: form.Get("note")}
	}
	if r.MultipartForm != nil {
		shas, _, err := h.putFiles(r, r.MultipartForm.File["result_file"], "files")
		if err != nil {
			return in, err
		}
		in.ResultFiles = shas
		if shas, _, err = h.putFiles(r, r.MultipartForm.File["files"], "files"); err != nil {
			return in, err
		}
		in.Files = shas
	}
	return in, v.Err()
}

func (h *Handler) handleAct(w http.ResponseWriter, r *http.Request) {
	p := account.PrincipalFrom(r.Context())
	code := r.PathValue("code")
	r.Body = http.MaxBytesReader(w, r.Body, MaxActionBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				h.fail(w, r, apperr.Invalid("Tệp tải lên quá lớn."))
				return
			}
			h.fail(w, r, apperr.Invalid("Không đọc được dữ liệu biểu mẫu."))
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	form, err := web.Form(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in, err := h.actionInput(r, form)
	if err == nil {
		_, err = h.dossiers.Act(r.Context(), p, code, in)
		if err == nil {
			// The dossier may have left the user's hands (and, rarely, scope).
			if _, gerr := h.dossiers.Get(r.Context(), p, code); gerr != nil {
				http.Redirect(w, r, "/can-bo/ho-so/cho-xu-ly?xong="+url.QueryEscape(code), http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(code)+"?ok="+url.QueryEscape(string(in.Action)), http.StatusSeeOther)
			return
		}
	}
	if !formError(err) {
		h.fail(w, r, err)
		return
	}
	page, perr := h.dossierPage(r, code)
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	v := h.srv.NewView(r, "Hồ sơ "+page.D.Code, page)
	v.Form = form
	if apperr.Code(err) == apperr.CodeConflict {
		// Fresh data under the typed values: the user reviews and resubmits.
		v.Error = staleMessage
		form.Set("version", itoa(page.D.Version))
	} else {
		err = formFields(err, actionFields)
		v.SetError(err)
	}
	h.pages.Render(w, web.Status(apperr.Code(err)), "dossier", v)
}
