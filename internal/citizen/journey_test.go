package citizen_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/citizen"
)

// TestOnlineJourney drives the citizen side over HTTP on both databases:
// sign in with a code read from the SMTP server, fill a draft, resume it on
// a new device, submit, acceptance by the one-stop, the e-mail with code
// and date, a supplement during processing answered online once, the
// result downloaded and filed in the document store, the rating — and at
// every step the public tracking shows the right state and nothing
// personal; bad input and other people's data are refused.
func TestOnlineJourney(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) { onlineJourney(t, pg) })
	}
}

func onlineJourney(t *testing.T, pg bool) {
	w := startWorld(t, pg)
	e := w.e
	const email, fullName, idNumber, phone = "huong.nguyen@example.vn", "Nguyễn Thị Hường", "042190001234", "0912345678"
	secrets := []string{fullName, idNumber, phone, email, "Nguyễn", "Hường"}

	// Sign in: a wrong code is refused with the attempts left.
	c := e.Client()
	_, loc, _ := e.Post(t, c, "/dang-nhap-cong-dan", url.Values{"destination": {email}})
	u, _ := url.Parse(loc)
	challenge := u.Query().Get("ma")
	right := w.code(email)
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	st, _, body := e.Post(t, c, "/dang-nhap-cong-dan/xac-nhan", url.Values{"ma": {challenge}, "code": {wrong}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Bạn còn 4 lần thử") {
		t.Fatalf("wrong code: %d", st)
	}
	st, loc, _ = e.Post(t, c, "/dang-nhap-cong-dan/xac-nhan", url.Values{"ma": {challenge}, "code": {right}})
	if st != http.StatusSeeOther || loc != "/ca-nhan/thong-tin?moi=1" {
		t.Fatalf("first sign-in: %d %s", st, loc)
	}
	// Profile (pre-fills applications).
	st, _, body = e.Post(t, c, "/ca-nhan/thong-tin", url.Values{"full_name": {fullName}, "id_number": {"12345"}, "birth_date": {"1990-05-06"},
		"address": {"Số 5 Trần Phú, phường Thành Sen"}, "notify_email": {"1"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "12 chữ số") {
		t.Fatalf("bad ID number accepted: %d", st)
	}
	st, _, _ = e.Post(t, c, "/ca-nhan/thong-tin", url.Values{"full_name": {fullName}, "id_number": {idNumber}, "birth_date": {"1990-05-06"},
		"address": {"Số 5 Trần Phú, phường Thành Sen"}, "notify_email": {"1"}})
	if st != http.StatusSeeOther {
		t.Fatalf("profile: %d", st)
	}

	// Start an application.
	if st, body := e.Get(t, c, "/nop-truc-tuyen/"+procXNTTHN); st != http.StatusOK || !strings.Contains(body, "Bắt đầu nộp hồ sơ") {
		t.Fatalf("apply page: %d", st)
	}
	st, loc, _ = e.Post(t, c, "/nop-truc-tuyen/"+procXNTTHN, nil)
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ca-nhan/nop/") {
		t.Fatalf("create draft: %d %s", st, loc)
	}
	draft := strings.TrimPrefix(loc, "/ca-nhan/nop/")
	if !citizen.ValidDraftID(draft) {
		t.Fatalf("draft id %q", draft)
	}
	if _, body := e.Get(t, c, loc); !strings.Contains(body, fullName) || !strings.Contains(body, idNumber) {
		t.Fatal("applicant not pre-filled from the profile")
	}
	st, loc, body = e.Post(t, c, "/ca-nhan/nop/"+draft+"/nguoi-nop", url.Values{"name": {fullName}, "id_number": {idNumber}, "birth_date": {"1990-05-06"},
		"address": {"Số 5 Trần Phú, phường Thành Sen"}, "phone": {phone}, "email": {email}, "agency_code": {centreTS}})
	if st != http.StatusSeeOther || !strings.HasSuffix(loc, "?buoc=giay-to") {
		t.Fatalf("applicant step: %d %s %s", st, loc, body)
	}
	// Uploads: wrong type and oversize are refused, in Vietnamese, and change nothing.
	st, _, body = w.multipartPost(c, "/ca-nhan/nop/"+draft+"/giay-to?muc=0", map[string]string{"muc": "0"}, "to-khai.exe", []byte("MZ\x90\x00 not a pdf"))
	if st != http.StatusBadRequest && st != http.StatusUnprocessableEntity || !strings.Contains(body, "Chỉ nhận tệp PDF, JPEG hoặc PNG") {
		t.Fatalf("wrong type: %d", st)
	}
	big := append(pdf("lớn"), bytes.Repeat([]byte{' '}, citizen.MaxUpload)...)
	st, _, body = w.multipartPost(c, "/ca-nhan/nop/"+draft+"/giay-to?muc=0", map[string]string{"muc": "0"}, "to-khai.pdf", big)
	if st != http.StatusBadRequest && st != http.StatusUnprocessableEntity || !strings.Contains(body, "Tệp quá lớn") {
		t.Fatalf("oversize: %d", st)
	}
	if _, body := e.Get(t, c, "/ca-nhan/giay-to"); !strings.Contains(body, "Kho chưa có giấy tờ nào") {
		t.Fatal("a refused upload reached the store")
	}
	if st, _, _ := w.multipartPost(c, "/ca-nhan/nop/"+draft+"/giay-to?muc=0", map[string]string{"muc": "0", "title": "Tờ khai"}, "to-khai.pdf", pdf("tờ khai")); st != http.StatusOK {
		t.Fatalf("upload 0: %d", st)
	}
	// Tampered and foreign draft ids: 404, nothing leaked.
	other := w.signIn("lan.tran@example.vn")
	for _, path := range []string{"/ca-nhan/nop/" + draft[:len(draft)-2] + "ff", "/ca-nhan/nop/not-a-uuid", "/ca-nhan/nop/" + draft} {
		cl := c
		if path == "/ca-nhan/nop/"+draft {
			cl = other
		}
		if st, body := e.Get(t, cl, path); st != http.StatusNotFound || strings.Contains(body, fullName) {
			t.Fatalf("GET %s = %d", path, st)
		}
	}
	if st, _, _ := e.Post(t, other, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{"declared": {"1"}}); st != http.StatusNotFound {
		t.Fatalf("foreign save: %d", st)
	}

	// Leave, come back on another device: sign in again, the draft is there.
	c2 := w.signIn(email)
	if _, body := e.Get(t, c2, "/ca-nhan"); !strings.Contains(body, "/ca-nhan/nop/"+draft) {
		t.Fatal("draft not listed on the new device")
	}
	if _, body := e.Get(t, c2, "/ca-nhan/nop/"+draft+"?buoc=giay-to"); !strings.Contains(body, "to-khai.pdf") {
		t.Fatal("uploaded document not in the resumed draft")
	}
	if st, _, _ := w.multipartPost(c2, "/ca-nhan/nop/"+draft+"/giay-to?muc=4", map[string]string{"muc": "4"}, "cccd.pdf", pdf("căn cước")); st != http.StatusOK {
		t.Fatalf("upload 4: %d", st)
	}
	if st, loc, _ := w.multipartPost(c2, "/ca-nhan/nop/"+draft+"/giay-to", nil, "", nil); st != http.StatusSeeOther || !strings.HasSuffix(loc, "nhan-ket-qua") {
		t.Fatalf("documents step: %d %s", st, loc)
	}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/nop/"+draft+"/nhan-ket-qua", url.Values{"delivery": {"online"}}); st != http.StatusSeeOther {
		t.Fatalf("delivery step: %d", st)
	}
	st, _, body = e.Post(t, c2, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "cam đoan") {
		t.Fatalf("submit without declaration: %d", st)
	}
	st, loc, _ = e.Post(t, c2, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{"declared": {"1"}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "/ca-nhan/ho-so/NTT-") {
		t.Fatalf("submit: %d %s", st, loc)
	}
	ref, _ := url.PathUnescape(strings.TrimPrefix(strings.Split(loc, "?")[0], "/ca-nhan/ho-so/"))
	// Submitting again files nothing new.
	if st, loc2, _ := e.Post(t, c2, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{"declared": {"1"}}); st != http.StatusConflict && !strings.Contains(loc2, url.PathEscape(ref)) {
		t.Fatalf("second submit: %d %s", st, loc2)
	}
	if v := w.tracking(ref, secrets...); v["status"] != "submitted" || v["applicant"] != "N. T. H." {
		t.Fatalf("tracking after submit: %v", v)
	}

	// The one-stop accepts it from the queue page.
	officer := e.Login(t, officerTS, "")
	st, body = e.Get(t, officer, "/can-bo/truc-tuyen")
	if st != http.StatusOK || !strings.Contains(body, ref) || !strings.Contains(body, "làm việc") {
		t.Fatalf("queue: %d", st)
	}
	var q struct {
		Waiting []struct {
			Code    string
			Version int64
		}
	}
	e.JSON(t, "GET", "/api/v1/online-intake", e.Token(t, officerTS, ""), nil, &q)
	if len(q.Waiting) != 1 || q.Waiting[0].Code != ref {
		t.Fatalf("queue API %+v", q)
	}
	st, loc, _ = e.Post(t, officer, "/can-bo/truc-tuyen/"+url.PathEscape(ref)+"/tiep-nhan", url.Values{"version": {itoa(int(q.Waiting[0].Version))}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "ma-moi=") {
		t.Fatalf("accept: %d %s", st, loc)
	}
	lu, _ := url.Parse(loc)
	code := lu.Query().Get("ma-moi")
	if !strings.HasPrefix(code, centreTS+"-") {
		t.Fatalf("dossier code %q", code)
	}
	// The citizen is told by e-mail, with the code and the date.
	m := w.nextMail(email, code)
	if !strings.Contains(m.Body, "Ngày hẹn trả kết quả") {
		t.Fatalf("acceptance e-mail: %s", m.Body)
	}
	if v := w.tracking(code, secrets...); v["status"] != "received" || v["due_at"] == nil {
		t.Fatalf("tracking after acceptance: %v", v)
	}
	// The old reference still finds it.
	if v := w.tracking(ref, secrets...); v["code"] != code {
		t.Fatalf("tracking by reference: %v", v)
	}
	if _, body := e.Get(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)); !strings.Contains(body, "Đã tiếp nhận") || !strings.Contains(body, "hẹn trả kết quả ngày") {
		t.Fatal("timeline after acceptance")
	}

	// Processing: forward, assign, request a supplement.
	w.act(officerTS, code, map[string]any{"action": "forward"})
	w.act(headTS, code, map[string]any{"action": "assign", "assignee_username": specialistTS})
	w.act(specialistTS, code, map[string]any{"action": "request_supplement", "items": []map[string]string{{"content": "Bản sao sổ hộ khẩu cũ", "reason": "Để đối chiếu nơi cư trú"}}})
	if v := w.tracking(code, secrets...); v["status"] != "awaiting_supplement" {
		t.Fatalf("tracking while waiting: %v", v)
	}
	if _, page := e.Get(t, nil, "/tra-cuu?ma="+url.QueryEscape(code)); !strings.Contains(page, "tạm dừng tính thời gian") {
		t.Fatal("public page must show the paused clock")
	}
	if _, body := e.Get(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)); !strings.Contains(body, "Bản sao sổ hộ khẩu cũ") || !strings.Contains(body, "tạm dừng") {
		t.Fatal("supplement request not shown to the citizen")
	}
	// The citizen answers online, once.
	st, _, _ = e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung", url.Values{})
	if st != http.StatusBadRequest && st != http.StatusUnprocessableEntity {
		t.Fatalf("empty supplement: %d", st)
	}
	if st, _, _ := w.multipartPost(c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung/tep", map[string]string{"doc_index": "-1"}, "so-ho-khau.pdf", pdf("sổ hộ khẩu")); st != http.StatusSeeOther {
		t.Fatalf("supplement file: %d", st)
	}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung", url.Values{"note": {"Gửi bản chụp sổ hộ khẩu."}}); st != http.StatusSeeOther {
		t.Fatalf("supplement send: %d", st)
	}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung", url.Values{}); st != http.StatusConflict {
		t.Fatalf("second supplement: %d", st)
	}
	// The one-stop confirms receipt (the clock restarts).
	if st, b := e.Raw(t, "POST", "/api/v1/online-intake/"+url.PathEscape(code)+"/supplement-received", e.Token(t, officerTS, ""), nil, nil); st != http.StatusNoContent {
		t.Fatalf("confirm supplement: %d %s", st, b)
	}
	if v := w.tracking(code, secrets...); v["status"] != "supplemented" {
		t.Fatalf("tracking after supplement: %v", v)
	}

	// Result: attached, approved, signed, handed back, returned online.
	sha := w.staffUpload(specialistTS, pdf("Giấy xác nhận tình trạng hôn nhân số 15"))
	w.act(specialistTS, code, map[string]any{"action": "attach_result", "result_code": "15/2026/XNTTHN", "result_files": []string{sha}})
	w.act(specialistTS, code, map[string]any{"action": "forward"})
	w.act(headTS, code, map[string]any{"action": "approve"})
	w.act(leaderTS, code, map[string]any{"action": "sign"})
	w.act(leaderTS, code, map[string]any{"action": "return_to_onestop"})
	if v := w.tracking(code, secrets...); v["status"] != "result_ready" {
		t.Fatalf("tracking with result: %v", v)
	}
	w.act(officerTS, code, map[string]any{"action": "notify_early_return", "channel": "email"})
	w.act(officerTS, code, map[string]any{"action": "return", "return": map[string]string{"method": "online"}})
	if v := w.tracking(code, secrets...); v["status"] != "returned" {
		t.Fatalf("tracking after return: %v", v)
	}
	// The citizen downloads the result; it is filed in the store with its code.
	_, body = e.Get(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code))
	if !strings.Contains(body, "/tep/"+sha) || !strings.Contains(body, "Đánh giá dịch vụ") {
		t.Fatal("result link or rating form missing")
	}
	if st, got := e.Get(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/tep/"+sha); st != http.StatusOK || got != string(pdf("Giấy xác nhận tình trạng hôn nhân số 15")) {
		t.Fatalf("result download: %d", st)
	}
	if _, body := e.Get(t, c2, "/ca-nhan/giay-to"); !strings.Contains(body, idNumber+".") || !strings.Contains(body, "Kết quả giải quyết") {
		t.Fatal("result not in the document store with its document code")
	}
	if st, pdfBody := e.Get(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/mau/01"); st != http.StatusOK || !strings.HasPrefix(pdfBody, "%PDF") {
		t.Fatalf("receipt Mẫu 01: %d", st)
	}
	// Rating, once.
	rating := url.Values{"time_score": {"5"}, "agencies_count": {"0"}, "contacts_count": {"1"}, "info_score": {"4"}, "attitude_score": {"5"},
		"legality_score": {"5"}, "pakn_score": {"na"}, "online_score": {"4"}, "comment": {"Nhanh, không phải đi lại."}}
	bad := url.Values{"time_score": {"9"}}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/danh-gia", bad); st != http.StatusBadRequest && st != http.StatusUnprocessableEntity {
		t.Fatalf("bad rating: %d", st)
	}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/danh-gia", rating); st != http.StatusSeeOther {
		t.Fatalf("rating: %d", st)
	}
	if st, _, _ := e.Post(t, c2, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/danh-gia", rating); st != http.StatusConflict {
		t.Fatalf("second rating: %d", st)
	}
	// Another citizen sees none of it.
	for _, path := range []string{"/ca-nhan/ho-so/" + url.PathEscape(code), "/ca-nhan/ho-so/" + url.PathEscape(code) + "/tep/" + sha,
		"/ca-nhan/ho-so/" + url.PathEscape(code) + "/mau/01"} {
		if st, body := e.Get(t, other, path); st != http.StatusNotFound || strings.Contains(body, fullName) {
			t.Fatalf("other citizen GET %s = %d", path, st)
		}
	}
	if _, body := e.Get(t, other, "/ca-nhan/ho-so"); strings.Contains(body, code) {
		t.Fatal("other citizen's list shows the dossier")
	}
	// Anonymous users are sent to sign in.
	if st, _ := e.Get(t, nil, "/ca-nhan/ho-so/"+url.PathEscape(code)); st != http.StatusSeeOther {
		t.Fatalf("anonymous dossier page: %d", st)
	}
}
