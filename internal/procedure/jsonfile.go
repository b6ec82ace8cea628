package procedure

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
)

// DecodeJSON reads a catalog in the JSON format. Syntax errors fail the whole
// file (an invalid apperr error with the line); a procedure or field with an unknown key or a value of
// the wrong type becomes a RowError at the line where its object starts, and
// the rest is still read so that one import reports every bad row.
func DecodeJSON(data []byte) (*Batch, error) {
	data = norm.NFC.Bytes(data)
	b := &Batch{Format: "json"}
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) (*Batch, error) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, apperr.Invalid("JSON không hợp lệ ở dòng %d: %s", lineAt(data, se.Offset), se.Error())
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, apperr.Invalid("tệp JSON bị cắt cụt hoặc rỗng")
		}
		return nil, apperr.Invalid("JSON không hợp lệ: %s", errText(err))
	}
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		switch key {
		case "fields", "procedures":
		default:
			return nil, apperr.Invalid("khóa %q ở dòng %d không thuộc định dạng danh mục (chỉ có \"fields\" và \"procedures\")", key, lineAt(data, dec.InputOffset()))
		}
		if err := expectDelim(dec, '['); err != nil {
			return fail(err)
		}
		for dec.More() {
			start := dec.InputOffset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(err)
			}
			line := lineAt(data, skipSep(data, start))
			loc := Loc{Row: line}
			if key == "fields" {
				var f Field
				if err := strictJSON(raw, &f); err != nil {
					b.Errors = append(b.Errors, RowError{Row: line, Code: codeOf(raw), Message: apperr.Text{Format: "Lĩnh vực không đúng định dạng: %s", Args: []any{errText(err)}}})
					continue
				}
				b.Fields = append(b.Fields, f)
				b.FieldAt = append(b.FieldAt, loc)
				continue
			}
			var p Procedure
			if err := strictJSON(raw, &p); err != nil {
				b.Errors = append(b.Errors, RowError{Row: line, Code: codeOf(raw), Message: apperr.Text{Format: "Thủ tục không đúng định dạng: %s", Args: []any{errText(err)}}})
				continue
			}
			b.Procedures = append(b.Procedures, p)
			b.ProcAt = append(b.ProcAt, loc)
		}
		if err := expectDelim(dec, ']'); err != nil {
			return fail(err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, apperr.Invalid("JSON không hợp lệ: có dữ liệu thừa sau đối tượng danh mục")
	}
	return b, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return apperr.Invalid("cần %q, gặp %v", string(d), tok)
	}
	return nil
}

// strictJSON decodes one object refusing unknown keys, with Vietnamese
// errors (invalid apperr errors; any other decoding error as it is).
func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return apperr.Invalid("trường %q có kiểu dữ liệu không đúng (cần %s)", te.Field, te.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return apperr.Invalid("trường %s không thuộc định dạng", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return err
}

// errText is err as an argument of another message: the message of an
// apperr error, kept with its format to be translated with it; the text of
// any other error (from the JSON decoder) as data.
func errText(err error) any {
	var e *apperr.Error
	if errors.As(err, &e) {
		return apperr.TextOf(err)
	}
	return err.Error()
}

// codeOf extracts "code" from an object that did not decode, for messages.
func codeOf(raw []byte) string {
	var x struct {
		Code any `json:"code"`
	}
	json.Unmarshal(raw, &x)
	if s, ok := x.Code.(string); ok {
		return s
	}
	return ""
}

// skipSep moves past white space and commas to the start of a value.
func skipSep(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// EncodeJSON writes a catalog in the JSON format: UTF-8 NFC, indented with
// two spaces, no HTML escaping (like internal/demo/data/catalog.json).
func EncodeJSON(w io.Writer, c *Catalog) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}
