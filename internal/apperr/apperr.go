// Package apperr defines coded application errors whose messages are safe to
// show to users (in Vietnamese). HTTP status mapping happens in one place, in
// package web. Modelled on benbjohnson/wtf's error.go.
package apperr

import (
	"errors"
	"fmt"
	"sort"
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
//
// A message built from a format and arguments keeps both (Format, Args), so
// it can be shown in another language: the format is translated, then
// filled with the arguments (MessageIn). Field messages likewise
// (FieldFormats, from Validation.Addf and Checkf).
type Error struct {
	Code    string
	Message string
	Fields  map[string]string

	Format       string          // Vietnamese format of Message when built with arguments
	Args         []any           // its arguments: data (codes, names, numbers), not translated
	FieldFormats map[string]Text // field → the format and arguments of its message
}

// Text is a Vietnamese format and its arguments. Without arguments Format
// is the finished text.
type Text struct {
	Format string
	Args   []any
}

// String is the text in Vietnamese.
func (t Text) String() string {
	if len(t.Args) == 0 {
		return t.Format
	}
	return fmt.Sprintf(t.Format, t.Args...)
}

// In is the text with its format translated by tr, then filled with the
// arguments (an argument that is itself interface text, a Phrase or a
// Text, translated too).
func (t Text) In(tr func(string) string) string {
	if len(t.Args) == 0 {
		return tr(t.Format)
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		if l, ok := a.(Translatable); ok {
			a = l.In(tr)
		}
		args[i] = a
	}
	return fmt.Sprintf(tr(t.Format), args...)
}

// Translatable is an argument that is itself Vietnamese interface text (a
// Phrase or a Text), translated with the format. Other arguments are data
// (codes, names, numbers, dates) and are shown as they are.
type Translatable interface {
	In(tr func(string) string) string
}

// Phrase is an argument that is Vietnamese interface text (a status or an
// action name): translated with the format it fills.
type Phrase string

// In is the phrase translated by tr.
func (p Phrase) In(tr func(string) string) string { return tr(string(p)) }

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with the code and a formatted message. The
// format and the arguments are kept for translation.
func Errorf(code, format string, args ...any) *Error {
	e := &Error{Code: code, Message: fmt.Sprintf(format, args...)}
	if len(args) > 0 {
		e.Format, e.Args = format, args
	}
	return e
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
	Fields  map[string]string
	formats map[string]Text
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

// Addf records a message formatted from a Vietnamese format and arguments
// for a field (the first message per field wins); the format is kept for
// translation.
func (v *Validation) Addf(field, format string, args ...any) {
	if _, ok := v.Fields[field]; ok {
		return
	}
	t := Text{Format: format, Args: args}
	v.Add(field, fmt.Sprintf(format, args...))
	if len(args) > 0 {
		if v.formats == nil {
			v.formats = map[string]Text{}
		}
		v.formats[field] = t
	}
}

// AddText records t (a message kept with its format and arguments, as
// TextOf and FieldText give) for a field (the first message per field
// wins); an empty Text adds nothing.
func (v *Validation) AddText(field string, t Text) {
	if len(t.Args) == 0 {
		if t.Format != "" {
			v.Add(field, t.Format)
		}
		return
	}
	v.Addf(field, t.Format, t.Args...)
}

// Check adds msg for field when cond is false.
func (v *Validation) Check(cond bool, field, msg string) {
	if !cond {
		v.Add(field, msg)
	}
}

// Checkf adds the formatted message for field when cond is false.
func (v *Validation) Checkf(cond bool, field, format string, args ...any) {
	if !cond {
		v.Addf(field, format, args...)
	}
}

// Err returns nil when no field failed, else an invalid *Error with all fields.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	e := &Error{Code: CodeInvalid, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.", Fields: v.Fields}
	for f, t := range v.formats {
		if v.Fields[f] == t.String() { // not replaced since
			if e.FieldFormats == nil {
				e.FieldFormats = map[string]Text{}
			}
			e.FieldFormats[f] = t
		}
	}
	return e
}

// FieldError returns an error with the code whose message is also the
// message of one field, formatted from a Vietnamese format and arguments
// (both kept for translation).
func FieldError(code, field, format string, args ...any) *Error {
	e := Errorf(code, format, args...)
	e.Fields = map[string]string{field: e.Message}
	if len(args) > 0 {
		e.FieldFormats = map[string]Text{field: {Format: format, Args: args}}
	}
	return e
}

// OnField returns an error with err's code and message that also shows the
// message at field (the format and arguments kept); a non-application error
// becomes the internal message.
func OnField(err error, field string) *Error {
	var e *Error
	if !errors.As(err, &e) {
		return &Error{Code: CodeInternal, Message: MsgInternal, Fields: map[string]string{field: MsgInternal}}
	}
	out := &Error{Code: e.Code, Message: e.Message, Format: e.Format, Args: e.Args, Fields: map[string]string{field: e.Message}}
	if t := text(e.Message, Text{Format: e.Format, Args: e.Args}); len(t.Args) > 0 {
		out.FieldFormats = map[string]Text{field: t}
	}
	return out
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

// MsgInternal is the message of an error that is not an *Error.
const MsgInternal = "Lỗi hệ thống. Vui lòng thử lại sau."

// Message returns the user-safe message of err (Vietnamese).
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return MsgInternal
}

// MessageIn returns the user-safe message of err translated by tr: a
// message built with arguments has its format translated and then filled
// with the arguments; any other message is translated whole.
func MessageIn(err error, tr func(string) string) string {
	var e *Error
	if !errors.As(err, &e) {
		return tr(MsgInternal)
	}
	return text(e.Message, Text{Format: e.Format, Args: e.Args}).In(tr)
}

// TextOf returns the message of err as a Text (its format and arguments
// when it was built with some), to be passed as an argument of another
// message: "Dòng %d: %s" with TextOf(err) reads as before in Vietnamese
// and is translated as a whole. An error that is not an *Error gives the
// internal message.
func TextOf(err error) Text {
	var e *Error
	if !errors.As(err, &e) {
		return Text{Format: MsgInternal}
	}
	return text(e.Message, Text{Format: e.Format, Args: e.Args})
}

// FieldText returns the message of one field of err as a Text (its format
// and arguments when it was built with some), to show it elsewhere; an
// empty Text when err has no message for field.
func FieldText(err error, field string) Text {
	var e *Error
	if !errors.As(err, &e) {
		return Text{}
	}
	m, ok := e.Fields[field]
	if !ok {
		return Text{}
	}
	return text(m, e.FieldFormats[field])
}

// FieldList returns the field messages of err as one Text, "field:
// message" sorted by field and joined by "; " (each message keeps its
// format and arguments, so the list is translated too); an empty Text when
// err has no field messages.
func FieldList(err error) Text {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return Text{}
	}
	keys := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	var t Text
	for i, f := range keys {
		if i > 0 {
			t.Format += "; "
		}
		t.Format += "%s: %s"
		t.Args = append(t.Args, f, text(e.Fields[f], e.FieldFormats[f]))
	}
	return t
}

// text is the format and arguments t when they still give msg (a message
// replaced after creation is translated whole).
func text(msg string, t Text) Text {
	if len(t.Args) > 0 && t.String() == msg {
		return t
	}
	return Text{Format: msg}
}

// FieldsOf returns the field messages of err, if any (Vietnamese).
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldsIn returns the field messages of err translated by tr, as MessageIn
// translates the message; nil when it has none.
func FieldsIn(err error, tr func(string) string) map[string]string {
	var e *Error
	if !errors.As(err, &e) || e.Fields == nil {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for f, m := range e.Fields {
		out[f] = text(m, e.FieldFormats[f]).In(tr)
	}
	return out
}

// Is reports whether err carries the code.
func Is(err error, code string) bool { return Code(err) == code }
