package dossier_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	_ "github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n/i18ntest"
)

// TestEnglishForMessages fails with every Vietnamese message written in the
// Go code of the dossier module and its state machine and shown translated
// (errors and their formats, field errors, action, state, step and status
// names) that has no English.
func TestEnglishForMessages(t *testing.T) {
	calls := maps.Clone(i18ntest.ErrorCalls)
	maps.Copy(calls, map[string]int{"Check": 2, "Add": 1, "fieldErr": 2, "invalid": 1, "notNow": 0})
	rules := i18ntest.GoRules{Calls: calls, Returns: []string{"Label", "limitText"}, Fields: []string{"Format"}}
	i18ntest.CheckGo(t, ".", rules)
	i18ntest.CheckGo(t, "workflow", rules)
	i18ntest.CheckVerbs(t)
}

// TestErrorLanguage: an error built from a format and values is answered in
// the request's language — the format translated, then the values filled in
// — on the API; Vietnamese is unchanged.
func TestErrorLanguage(t *testing.T) {
	e := startAPI(t)
	off := e.Token(t, "motcua.phuong.thanhsen1", "")
	var d apiDossier
	if st := e.JSON(t, "POST", "/api/v1/dossiers", off, intakeBody("1.004884", 6), &d); st != 201 {
		t.Fatalf("intake %d", st)
	}
	form := "/api/v1/dossiers/" + d.Code + "/forms/03.pdf"
	for _, tc := range []struct{ path, cookie, want string }{
		{form, "", "Hồ sơ này không có biểu mẫu 03."},
		{form + "?lang=vi", "", "Hồ sơ này không có biểu mẫu 03."},
		{form + "?lang=en", "", "This dossier has no form 03."},
		{form, "en", "This dossier has no form 03."},
	} {
		req, _ := http.NewRequest("GET", e.URL+tc.path, nil)
		req.Header.Set("Authorization", "Bearer "+off)
		if tc.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "lang", Value: tc.cookie})
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var ae apiError
		json.NewDecoder(res.Body).Decode(&ae)
		res.Body.Close()
		if res.StatusCode != 404 || ae.Error.Code != "not_found" || ae.Error.Message != tc.want {
			t.Errorf("GET %s (cookie %q) = %d %+v, want 404 %q", tc.path, tc.cookie, res.StatusCode, ae.Error, tc.want)
		}
	}

	// A stale version: the conflict message carries the version sent.
	stale := map[string]any{"action": "forward", "version": d.Version + 5}
	var ae apiError
	if st := e.JSON(t, "POST", "/api/v1/dossiers/"+d.Code+"/actions?lang=en", off, stale, &ae); st != 409 ||
		ae.Error.Message != fmt.Sprintf("Someone else has just updated the dossier (you sent version %d). Please reload the dossier and try again.", d.Version+5) {
		t.Errorf("stale version in English = %d %+v", st, ae.Error)
	}
	if st := e.JSON(t, "POST", "/api/v1/dossiers/"+d.Code+"/actions", off, stale, &ae); st != 409 ||
		ae.Error.Message != fmt.Sprintf("Hồ sơ vừa được người khác cập nhật (phiên bản bạn gửi là %d). Vui lòng tải lại hồ sơ rồi thực hiện lại.", d.Version+5) {
		t.Errorf("stale version in Vietnamese = %d %+v", st, ae.Error)
	}

	// Field errors with values: the missing mandatory documents.
	missing := intakeBody("1.004884", 1)
	ae = apiError{}
	if st := e.JSON(t, "POST", "/api/v1/dossiers?lang=en", off, missing, &ae); st != 422 ||
		!strings.HasPrefix(ae.Error.Message, "The dossier is incomplete and cannot be received. Missing required documents: ") {
		t.Errorf("missing documents in English = %d %+v", st, ae.Error)
	}
	for f, m := range ae.Error.Fields {
		if !strings.HasPrefix(m, "Missing required document: ") {
			t.Errorf("field %s in English = %q", f, m)
		}
	}
	if len(ae.Error.Fields) == 0 {
		t.Error("no field errors for the missing documents")
	}
}
