package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/web"
)

// userFormData is the data of the user create/edit page.
type userFormData struct {
	User     *account.User // nil when creating
	Self     bool          // the administrator edits their own account
	Agencies []option
	Roles    []option
}

var phoneRE = regexp.MustCompile(`^[0-9 .()+-]{6,20}$`)

func userForm(u *account.User) url.Values {
	f := url.Values{"username": {u.Username}, "full_name": {u.FullName}, "title": {u.Title}, "phone": {u.Phone}, "email": {u.Email},
		"agency": {u.AgencyCode}}
	for _, r := range u.Roles {
		f.Add("roles", string(r))
	}
	if u.OnDuty {
		f.Set("on_duty", "1")
	}
	return f
}

func (h *Handler) userFormPage(ctx context.Context, p *account.Principal, editing *account.User, form url.Values) (page, error) {
	scope, err := h.scopeAgencies(ctx, p)
	if err != nil {
		return page{}, err
	}
	d := userFormData{User: editing, Self: editing != nil && editing.ID == p.UserID}
	for _, a := range scope {
		d.Agencies = append(d.Agencies, option{Value: a.Code, Label: a.Name, Depth: a.Depth, Selected: form.Get("agency") == a.Code})
	}
	for _, r := range account.Roles {
		d.Roles = append(d.Roles, option{Value: string(r), Label: r.Label(), Selected: slices.Contains(form["roles"], string(r))})
	}
	title := "Thêm người dùng"
	if editing != nil {
		title = "Sửa người dùng"
	}
	return page{name: "user_form", title: title, data: d, form: form}, nil
}

// applyUserForm copies the profile, agency and roles from the form into u
// and collects the checks the account package does not make: the agency must
// be in the administrator's scope, the phone well formed, the roles known.
func (h *Handler) applyUserForm(ctx context.Context, p *account.Principal, u *account.User, form url.Values, v *apperr.Validation) {
	u.FullName, u.Title, u.Phone, u.Email = form.Get("full_name"), form.Get("title"), form.Get("phone"), form.Get("email")
	u.OnDuty = form.Get("on_duty") != ""
	u.AgencyID = 0
	if a, err := h.scopedAgency(ctx, p, form.Get("agency")); err == nil {
		u.AgencyID, u.AgencyCode = a.ID, a.Code
	} else {
		// The same message whether the agency does not exist or lies
		// outside the scope: nothing is revealed.
		v.Add("agency", "Vui lòng chọn cơ quan trong phạm vi quản lý của bạn.")
	}
	u.Roles = nil
	for _, x := range form["roles"] {
		r := account.Role(x)
		if !r.Valid() {
			v.Add("roles", "Vai trò không hợp lệ.")
			continue
		}
		if !slices.Contains(u.Roles, r) {
			u.Roles = append(u.Roles, r)
		}
	}
	v.Check(u.Phone == "" || phoneRE.MatchString(u.Phone), "phone", "Số điện thoại không hợp lệ.")
	u.Normalize()
	mergeFields(v, u.Validate())
}

func (h *Handler) handleUserNew(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	form := url.Values{"agency": {p.AgencyCode}}
	if c := r.URL.Query().Get("co-quan"); c != "" {
		form.Set("agency", c)
	}
	pg, err := h.userFormPage(r.Context(), p, nil, form)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

func (h *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	// Passwords are taken as typed (not trimmed or normalised by web.Form).
	pw, again := r.PostForm.Get("password"), r.PostForm.Get("password_again")
	form.Del("password")
	form.Del("password_again")
	u := &account.User{Username: form.Get("username")}
	var v apperr.Validation
	h.applyUserForm(ctx, p, u, form, &v)
	if msg := account.ValidatePassword(pw); msg != "" {
		v.Add("password", msg)
	} else if pw != again {
		v.Add("password_again", "Mật khẩu nhập lại không khớp.")
	}
	err = v.Err()
	if err == nil {
		err = h.accounts.Create(ctx, p.Actor(), u, pw)
	}
	if err != nil {
		pg, perr := h.userFormPage(ctx, p, nil, form)
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		h.formError(w, r, pg, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+url.PathEscape(u.Username)+"?ok=tao", http.StatusSeeOther)
}

func (h *Handler) handleUserEdit(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	u, err := h.scopedUser(r.Context(), p, r.PathValue("username"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pg, err := h.userFormPage(r.Context(), p, u, userForm(u))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, pg)
}

func (h *Handler) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	before, err := h.scopedUser(ctx, p, r.PathValue("username"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	form, err := web.Form(w, r)
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	form.Set("username", before.Username)
	u := *before
	var v apperr.Validation
	h.applyUserForm(ctx, p, &u, form, &v)
	if u.ID == p.UserID {
		// Nobody changes their own roles or agency: that would let an
		// administrator widen their own powers (or lock themselves out).
		if !slices.Equal(sortedRoles(u.Roles), sortedRoles(before.Roles)) {
			v.Add("roles", "Bạn không thể tự thay đổi vai trò của mình.")
		}
		if u.AgencyID != before.AgencyID {
			v.Add("agency", "Bạn không thể tự chuyển mình sang cơ quan khác.")
		}
	}
	err = v.Err()
	if err == nil {
		err = h.accounts.Update(ctx, p.Actor(), &u)
	}
	if err != nil {
		pg, perr := h.userFormPage(ctx, p, before, form)
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		h.formError(w, r, pg, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+url.PathEscape(u.Username)+"?ok=luu", http.StatusSeeOther)
}

func sortedRoles(rs []account.Role) []account.Role {
	out := slices.Clone(rs)
	slices.Sort(out)
	return out
}

func (h *Handler) handleUserDeactivate(w http.ResponseWriter, r *http.Request) {
	h.setUserActive(w, r, false)
}

func (h *Handler) handleUserReactivate(w http.ResponseWriter, r *http.Request) {
	h.setUserActive(w, r, true)
}

// setUserActive deactivates (ending every session of the user, in
// account.Service.Update) or reactivates a user. Administrators cannot
// deactivate themselves.
func (h *Handler) setUserActive(w http.ResponseWriter, r *http.Request, active bool) {
	ctx, p := r.Context(), principal(r)
	before, err := h.scopedUser(ctx, p, r.PathValue("username"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if _, err := web.Form(w, r); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if before.ID == p.UserID {
		err = apperr.Unprocessable("Bạn không thể tự ngừng hoạt động tài khoản của mình.")
	} else if before.Active != active {
		u := *before
		u.Active = active
		err = h.accounts.Update(ctx, p.Actor(), &u)
	}
	if err != nil {
		pg, perr := h.userFormPage(ctx, p, before, userForm(before))
		if perr != nil {
			h.srv.Error(w, r, perr)
			return
		}
		h.formError(w, r, pg, err)
		return
	}
	ok := "kich-hoat"
	if !active {
		ok = "ngung"
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+url.PathEscape(before.Username)+"?ok="+ok, http.StatusSeeOther)
}

type userPasswordData struct {
	User *account.User
}

func (h *Handler) handleUserPasswordForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	u, err := h.scopedUser(r.Context(), p, r.PathValue("username"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	h.render(w, r, page{name: "user_password", title: "Đặt lại mật khẩu", data: userPasswordData{User: u}})
}

// handleUserPasswordReset sets a new password for another user and ends all
// their sessions. Own passwords are changed at /tai-khoan/mat-khau, which
// asks for the current one.
func (h *Handler) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), principal(r)
	u, err := h.scopedUser(ctx, p, r.PathValue("username"))
	if err != nil {
		h.srv.Error(w, r, err)
		return
	}
	if _, err := web.Form(w, r); err != nil {
		h.srv.Error(w, r, err)
		return
	}
	pw, again := r.PostForm.Get("new_password"), r.PostForm.Get("new_password_again")
	pg := page{name: "user_password", title: "Đặt lại mật khẩu", data: userPasswordData{User: u}}
	switch {
	case u.ID == p.UserID:
		err = apperr.Unprocessable("Để đổi mật khẩu của chính bạn, hãy dùng trang Đổi mật khẩu.")
	case account.ValidatePassword(pw) != "":
		msg := account.ValidatePassword(pw)
		err = &apperr.Error{Code: apperr.CodeInvalid, Message: msg, Fields: map[string]string{"new_password": msg}}
	case pw != again:
		err = &apperr.Error{Code: apperr.CodeInvalid, Message: "Mật khẩu nhập lại không khớp.", Fields: map[string]string{"new_password_again": "Mật khẩu nhập lại không khớp."}}
	default:
		err = h.accounts.SetPassword(ctx, p.Actor(), u.ID, pw, "")
	}
	if err != nil {
		h.formError(w, r, pg, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+url.PathEscape(u.Username)+"?ok=mat-khau", http.StatusSeeOther)
}
