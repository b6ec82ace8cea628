package procedure

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// DecodeJSON reads a catalog in the JSON format. Syntax errors fail the whole
// file (with the line); a procedure or field with an unknown key or a value of
// the wrong type becomes a RowError at the line where its object starts, and
// the rest is still read so that one import reports every bad row.
func DecodeJSON(data []byte) (*Batch, error) {
	data = norm.NFC.Bytes(data)
	b := &Batch{Format: "json"}
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) (*Batch, error) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("JSON không hợp lệ ở dòng %d: %s", lineAt(data, se.Offset), se.Error())
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("tệp JSON bị cắt cụt hoặc rỗng")
		}
		return nil, fmt.Errorf("JSON không hợp lệ: %v", err)
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
			return nil, fmt.Errorf("khóa %q ở dòng %d không thuộc định dạng danh mục (chỉ có \"fields\" và \"procedures\")", key, lineAt(data, dec.InputOffset()))
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
					b.Errors = append(b.Errors, RowError{Row: line, Code: codeOf(raw), Message: "Lĩnh vực không đúng định dạng: " + err.Error()})
					continue
				}
				b.Fields = append(b.Fields, f)
				b.FieldAt = append(b.FieldAt, loc)
				continue
			}
			var p Procedure
			if err := strictJSON(raw, &p); err != nil {
				b.Errors = append(b.Errors, RowError{Row: line, Code: codeOf(raw), Message: "Thủ tục không đúng định dạng: " + err.Error()})
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
		return nil, errors.New("JSON không hợp lệ: có dữ liệu thừa sau đối tượng danh mục")
	}
	return b, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("cần %q, gặp %v", string(d), tok)
	}
	return nil
}

// strictJSON decodes one object refusing unknown keys, with Vietnamese errors.
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
		return fmt.Errorf("trường %q có kiểu dữ liệu không đúng (cần %s)", te.Field, te.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("trường %s không thuộc định dạng", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return err
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
