package i18ntest

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestTemplateStrings(t *testing.T) {
	fsys := fstest.MapFS{"templates/a.html": {Data: []byte(`{{define "content"}}
<h1>{{.T "Một"}}</h1>{{$v := .}}{{range .Data}}{{$.T "Hai"}} {{$v.T "Ba"}}{{end}}
{{template "input" dict "V" . "Name" "x" "Label" "Bốn" "Hint" "Năm" "Value" "không dịch"}}
{{.V.T (or .Label "Sáu")}} {{call .T "Bảy"}} {{if .X}}{{.T "Tám"}}{{else}}{{with .Y}}{{$.T "Chín"}}{{end}}{{end}}
{{printf "%s" "không dịch"}} {{.T .Field}} {{unknownfunc "không dịch"}}
{{end}}`)}}
	uses, err := TemplateStrings(fsys, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range uses {
		got = append(got, u.Text)
	}
	want := []string{"Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if uses[0].Line != 2 || uses[3].Line != 3 {
		t.Errorf("lines: %+v", uses[:4])
	}
	if _, err := TemplateStrings(fsys, "templates/*.txt"); err == nil {
		t.Error("a pattern matching nothing must fail")
	}
}

func TestVerbs(t *testing.T) {
	if got := Verbs("Còn %d ngày, 100%% xong, %s và %[1]d"); !slices.Equal(got, []string{"%d", "%s", "%[1]d"}) {
		t.Fatalf("Verbs = %q", got)
	}
}

func TestGoStrings(t *testing.T) {
	uses, err := GoStrings("testdata", GoRules{
		Calls:   map[string]int{"apperr.Invalid": 0, "Check": 2, "render": 1},
		Returns: []string{"label"},
		Fields:  []string{"Label"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range uses {
		got = append(got, u.Text)
	}
	want := []string{"Lỗi một", "Thủ tục %s bị lỗi", "Phiên bản %d đã cũ", "Trường hai", "Tệp thứ %d lỗi",
		"Không có thành phần số %d", "Tiêu đề", "Nhãn", "Tên", "Đáp án"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
