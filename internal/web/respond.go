package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/textfold"
	"golang.org/x/text/unicode/norm"
)

// Status maps an application error code to an HTTP status.
func Status(code string) int {
	switch code {
	case apperr.CodeInvalid:
		return http.StatusBadRequest
	case apperr.CodeUnauthorized:
		return http.StatusUnauthorized
	case apperr.CodeForbidden:
		return http.StatusForbidden
	case apperr.CodeNotFound:
		return http.StatusNotFound
	case apperr.CodeConflict:
		return http.StatusConflict
	case apperr.CodeUnprocessable:
		return http.StatusUnprocessableEntity
	case apperr.CodeTooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON error envelope: {"error":{"code","message","fields"}}.
type ErrorBody struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields,omitempty"`
		RequestID string            `json:"request_id,omitempty"`
	} `json:"error"`
}

// msgInternal is what users see of an internal error (with the request id).
const msgInternal = "Lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên mã yêu cầu %s."

// Error writes err as JSON (API requests) or as an error page, its message
// and field messages in the request's language (apperr.MessageIn: a
// message with values has its format translated, then filled in). Internal
// errors are logged once here, with the request id; users see a generic
// message and the id.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := apperr.Code(err)
	status := Status(code)
	lang := i18n.FromRequest(r)
	tr := func(vi string) string { return i18n.T(lang, vi) }
	msg := apperr.MessageIn(err, tr)
	if code == apperr.CodeInternal {
		s.Log.Error("internal error", "rid", RequestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
		msg = i18n.Sprintf(lang, msgInternal, RequestID(r))
	}
	if IsAPI(r) || strings.Contains(r.Header.Get("Accept"), "application/json") && !strings.Contains(r.Header.Get("Accept"), "text/html") {
		var b ErrorBody
		b.Error.Code, b.Error.Message, b.Error.Fields, b.Error.RequestID = code, msg, apperr.FieldsIn(err, tr), RequestID(r)
		JSON(w, status, b)
		return
	}
	v := s.NewView(r, "Lỗi", nil)
	v.Error = msg
	v.Data = status
	s.Render(w, status, "error", v)
}

// ErrorMessage is the user-safe message of err in the request's language.
func ErrorMessage(r *http.Request, err error) string {
	lang := i18n.FromRequest(r)
	return apperr.MessageIn(err, func(vi string) string { return i18n.T(lang, vi) })
}

// ErrorFields are the field messages of err in the request's language.
func ErrorFields(r *http.Request, err error) map[string]string {
	lang := i18n.FromRequest(r)
	return apperr.FieldsIn(err, func(vi string) string { return i18n.T(lang, vi) })
}

// JSON writes v as JSON with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// MaxJSONBody is the largest JSON request body accepted (uploads use multipart).
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON body into v after normalising its text to NFC.
// Unknown fields and trailing data are refused with a Vietnamese message.
func DecodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxJSONBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.Invalid("Nội dung yêu cầu quá lớn.")
		}
		return apperr.Invalid("Không đọc được nội dung yêu cầu.")
	}
	dec := json.NewDecoder(strings.NewReader(norm.NFC.String(string(body))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return apperr.Invalid("JSON không hợp lệ (lỗi cú pháp ở vị trí %d).", se.Offset)
		case errors.As(err, &te):
			return apperr.Invalid("Trường %q có kiểu dữ liệu không đúng.", te.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return apperr.Invalid("Trường không được hỗ trợ: %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
		case errors.Is(err, io.EOF):
			return apperr.Invalid("Thiếu nội dung yêu cầu (JSON).")
		}
		return apperr.Invalid("JSON không hợp lệ.")
	}
	if dec.More() {
		return apperr.Invalid("JSON không hợp lệ: có dữ liệu thừa sau đối tượng.")
	}
	return nil
}

// MaxFormBody is the largest urlencoded form accepted.
const MaxFormBody = 1 << 20

// Form parses a urlencoded (or multipart, already parsed) form and returns
// its values trimmed and NFC-normalised.
func Form(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
		if err := r.ParseForm(); err != nil {
			return nil, apperr.Invalid("Không đọc được dữ liệu biểu mẫu.")
		}
	}
	src := r.PostForm
	if r.MultipartForm != nil {
		src = r.MultipartForm.Value
	}
	out := url.Values{}
	for k, vs := range src {
		for _, v := range vs {
			out.Add(k, textfold.NFC(v))
		}
	}
	return out, nil
}

// SafeNext returns next when it is a local path, else "/".
func SafeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}
