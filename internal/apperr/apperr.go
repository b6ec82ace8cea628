// Package apperr defines coded application errors whose messages are safe to
// show to users (in Vietnamese). HTTP status mapping happens in one place, in
// package web. Modelled on benbjohnson/wtf's error.go.
package apperr

import (
	"errors"
	"fmt"
)

// Error codes.
const (
	CodeInvalid       = "invalid"       // 400/422: bad input
	CodeUnauthorized  = "unauthorized"  // 401: not signed in
	CodeForbidden     = "forbidden"     // 403: signed in but not allowed
	CodeNotFound      = "not_found"     // 404
	CodeConflict      = "conflict"      // 409: stale version, duplicate
	CodeUnprocessable = "unprocessable" // 422: well-formed but violates a rule
	CodeTooMany       = "too_many"      // 429: rate limited
	CodeInternal      = "internal"      // 500
)

// Error is an application error. Message is Vietnamese and safe to show.
// Fields carries per-field validation messages (form field or JSON path → message).
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an invalid-input error.
func Invalid(format string, args ...any) *Error { return Errorf(CodeInvalid, format, args...) }

// NotFound returns a not-found error.
func NotFound(format string, args ...any) *Error { return Errorf(CodeNotFound, format, args...) }

// Conflict returns a conflict error.
func Conflict(format string, args ...any) *Error { return Errorf(CodeConflict, format, args...) }

// Forbidden returns a forbidden error.
func Forbidden(format string, args ...any) *Error { return Errorf(CodeForbidden, format, args...) }

// Unauthorized returns an unauthorized error.
func Unauthorized(format string, args ...any) *Error {
	return Errorf(CodeUnauthorized, format, args...)
}

// Unprocessable returns an error for input that is well formed but breaks a
// business rule (e.g. a second supplement request).
func Unprocessable(format string, args ...any) *Error {
	return Errorf(CodeUnprocessable, format, args...)
}

// TooMany returns a rate-limit error.
func TooMany(format string, args ...any) *Error { return Errorf(CodeTooMany, format, args...) }

// Validation collects field errors; call Err() to get nil or an *Error.
type Validation struct {
	Fields map[string]string
}

// Add records a message for a field (the first message per field wins).
func (v *Validation) Add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = msg
	}
}

// Check adds msg for field when cond is false.
func (v *Validation) Check(cond bool, field, msg string) {
	if !cond {
		v.Add(field, msg)
	}
}

// Err returns nil when no field failed, else an invalid *Error with all fields.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.", Fields: v.Fields}
}

// Code returns the code of err, CodeInternal for non-application errors and
// "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Message returns the user-safe message of err.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Lỗi hệ thống. Vui lòng thử lại sau."
}

// FieldsOf returns the field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Is reports whether err carries the code.
func Is(err error, code string) bool { return Code(err) == code }
