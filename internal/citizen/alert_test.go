package citizen_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/app/apptest"
)

// Demo staff e-mail addresses (internal/demo/data/province.json).
func staffMail(username string) string { return username + "@hatinh.gov.vn.example" }

// TestOnlineIntakeAlerts: the receiving one-stop's officers are alerted by
// e-mail of a new online dossier (ND 118/2025 Đ17.2), of one completed after
// a request for changes, and of an online supplement waiting for their
// confirmation; the officers of another commune are not; a retried
// submission alerts once; the menu shows how many wait, in scope. Both
// databases, over HTTP, e-mail read from the in-process SMTP server.
func TestOnlineIntakeAlerts(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) { onlineIntakeAlerts(t, pg) })
	}
}

// navCount returns the count shown on the menu item of the online queue
// ("" when none) and what screen readers hear.
func navCount(t *testing.T, e *apptest.Env, c *http.Client) (shown, spoken string) {
	t.Helper()
	st, body := e.Get(t, c, "/can-bo")
	if st != http.StatusOK {
		t.Fatalf("/can-bo = %d", st)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	a := d.Find(`header nav a[href="/can-bo/truc-tuyen"]`)
	if a.Length() != 1 {
		t.Fatalf("%d menu links to the online queue", a.Length())
	}
	return a.Find(`span[aria-hidden="true"]`).Text(), a.Find(".sr-only").Text()
}

func onlineIntakeAlerts(t *testing.T, pg bool) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC)} // Monday 08:30 in Hà Tĩnh
	w := startWorldWith(t, apptest.Options{Postgres: pg, Now: clk.Now})
	e := w.e
	ctx := context.Background()
	officers := []string{"motcua.phuong.thanhsen1", "motcua.phuong.thanhsen2", "motcua.phuong.thanhsen3"}
	const otherOfficer, supervisor, otherSupervisor = "motcua.phuong.hahuytap1", "pct.phuong.thanhsen", "pct.phuong.hahuytap"
	rows := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := e.App.DB.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	officer := e.Login(t, officers[0], "")
	if shown, _ := navCount(t, e, officer); shown != "" {
		t.Fatalf("count %q with nothing waiting", shown)
	}

	// A citizen submits: every officer of phường Thành Sen's centre is
	// alerted, with the reference, the 8-working-hour deadline in Vietnam's
	// time (Monday 08:30 + 8 working hours, Tuesday 24/11 a holiday →
	// Wednesday 08:30) and the link to the queue.
	c := w.signIn("minh.le@example.vn")
	draft := w.newDraft(c)
	ref := w.fileOnline(c, "/ca-nhan/nop/", draft)
	for _, u := range officers {
		m := w.nextMail(staffMail(u), ref)
		if want := "Hồ sơ trực tuyến mới " + ref + " chờ tiếp nhận, hạn 08:30 ngày 25/11/2026"; m.Subject != want {
			t.Fatalf("subject %q, want %q", m.Subject, want)
		}
		for _, want := range []string{"Thủ tục: Cấp Giấy xác nhận tình trạng hôn nhân", "Người nộp: Phan Văn Đức",
			"Hạn tiếp nhận hoặc yêu cầu bổ sung, hoàn thiện: 08:30 ngày 25/11/2026", "Nghị định 118/2025/NĐ-CP", e.URL + "/can-bo/truc-tuyen"} {
			if !strings.Contains(m.Body, want) {
				t.Fatalf("alert to %s lacks %q:\n%s", u, want, m.Body)
			}
		}
	}
	// A retry files nothing and alerts nobody again: the same draft sent
	// twice, and once more as if the first answer had been lost after the
	// dossier was filed (the draft not yet marked: the idempotency key).
	e.Post(t, c, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{"declared": {"1"}})
	if _, err := e.App.DB.Exec(ctx, `UPDATE citizen_drafts SET submitted_at = 0, dossier_code = '' WHERE id = $1`, draft); err != nil {
		t.Fatal(err)
	}
	if st, loc, _ := e.Post(t, c, "/ca-nhan/nop/"+draft+"/xac-nhan", url.Values{"declared": {"1"}}); st != http.StatusSeeOther || !strings.Contains(loc, url.PathEscape(ref)) {
		t.Fatalf("retried submit: %d %s", st, loc)
	}
	if n := rows(`SELECT COUNT(*) FROM dossiers WHERE citizen_id IS NOT NULL`); n != 1 {
		t.Fatalf("%d dossiers filed", n)
	}
	if n := rows(`SELECT COUNT(*) FROM notify_messages WHERE event = 'staff_online_submitted' AND dossier_code = $1`, ref); n != len(officers) {
		t.Fatalf("%d alerts stored, want one per officer", n)
	}
	// Nobody else: not the other commune's officer, not the supervisor
	// (the centre has officers), not the province.
	for _, u := range []string{otherOfficer, supervisor, otherSupervisor, "gs.vptinh", "motcua.tinh1"} {
		if n := rows(`SELECT COUNT(*) FROM notify_messages WHERE recipient = $1`, staffMail(u)); n != 0 {
			t.Fatalf("%s was alerted", u)
		}
	}
	// The dossier's message log shows the alerts (no separate audit entry:
	// the submission has its own).
	var log struct {
		Messages []struct{ Event, To, Status string }
	}
	if st := e.JSON(t, "GET", "/api/v1/dossiers/"+url.PathEscape(ref)+"/messages", e.Token(t, officers[0], ""), nil, &log); st != http.StatusOK {
		t.Fatalf("message log: %d", st)
	}
	alerts := 0
	for _, m := range log.Messages {
		if m.Event == "staff_online_submitted" {
			alerts++
		}
	}
	if alerts != len(officers) {
		t.Fatalf("message log %+v", log.Messages)
	}
	if n := rows(`SELECT COUNT(*) FROM audit_log WHERE action = 'dossier.online.submit' AND entity_key = $1`, ref); n != 1 {
		t.Fatalf("%d submission audit entries", n)
	}

	// The menu counts it for the centre's officers and its supervisor, with
	// words for screen readers; not in the other commune.
	if shown, spoken := navCount(t, e, officer); shown != "(1)" || spoken != ", 1 hồ sơ đang chờ" {
		t.Fatalf("officer's count %q %q", shown, spoken)
	}
	if shown, _ := navCount(t, e, e.Login(t, supervisor, "")); shown != "(1)" {
		t.Fatalf("supervisor's count %q", shown)
	}
	other := e.Login(t, otherOfficer, "")
	if shown, _ := navCount(t, e, other); shown != "" {
		t.Fatalf("other commune's count %q", shown)
	}
	if _, body := e.Get(t, e.Login(t, officers[1], ""), "/can-bo/truc-tuyen?lang=en"); !strings.Contains(body, "1 dossier(s) waiting") {
		t.Fatal("no English count")
	}

	// A second citizen's dossier: 2.
	c2 := w.signIn("hoa.vu@example.vn")
	ref2 := w.fileOnline(c2, "/ca-nhan/nop/", w.newDraft(c2))
	w.nextMail(staffMail(officers[0]), ref2)
	if shown, _ := navCount(t, e, officer); shown != "(2)" {
		t.Fatalf("count %q with two waiting", shown)
	}

	// The officer asks for changes; the citizen completes the dossier an
	// hour later: the officers are alerted again with the new deadline.
	var q struct {
		Waiting []struct {
			Code    string
			Version int64
		}
	}
	e.JSON(t, "GET", "/api/v1/online-intake", e.Token(t, officers[0], ""), nil, &q)
	version := map[string]int64{}
	for _, x := range q.Waiting {
		version[x.Code] = x.Version
	}
	if st, _, body := e.Post(t, officer, "/can-bo/truc-tuyen/"+url.PathEscape(ref)+"/yeu-cau-bo-sung",
		url.Values{"version": {itoa(int(version[ref]))}, "items": {"Tờ khai có chữ ký của người yêu cầu"}}); st != http.StatusSeeOther {
		t.Fatalf("request changes: %d %s", st, body)
	}
	clk.add(time.Hour)
	if st, _, _ := w.multipartPost(c, "/ca-nhan/ho-so/"+url.PathEscape(ref)+"/bo-sung/tep", map[string]string{"doc_index": "0"}, "to-khai-ky.pdf", pdf("tờ khai có chữ ký")); st != http.StatusSeeOther {
		t.Fatalf("changes file: %d", st)
	}
	if st, _, body := e.Post(t, c, "/ca-nhan/ho-so/"+url.PathEscape(ref)+"/bo-sung", url.Values{"note": {"Đã ký tờ khai."}}); st != http.StatusSeeOther {
		t.Fatalf("changes send: %d %s", st, body)
	}
	m := w.nextMail(staffMail(officers[1]), "đã bổ sung, hoàn thiện hồ sơ trực tuyến "+ref)
	if want := "Hồ sơ trực tuyến " + ref + " đã được bổ sung, chờ tiếp nhận, hạn 09:30 ngày 25/11/2026"; m.Subject != want {
		t.Fatalf("subject %q, want %q", m.Subject, want)
	}

	// Accepted, processed, a supplement asked for; the citizen's online
	// supplement waits for the one-stop: its officers are alerted, and the
	// menu counts it.
	e.JSON(t, "GET", "/api/v1/online-intake", e.Token(t, officers[0], ""), nil, &q)
	for _, x := range q.Waiting {
		version[x.Code] = x.Version
	}
	st, loc, _ := e.Post(t, officer, "/can-bo/truc-tuyen/"+url.PathEscape(ref)+"/tiep-nhan", url.Values{"version": {itoa(int(version[ref]))}})
	lu, _ := url.Parse(loc)
	code := lu.Query().Get("ma-moi")
	if st != http.StatusSeeOther || code == "" {
		t.Fatalf("accept: %d %s", st, loc)
	}
	if shown, _ := navCount(t, e, officer); shown != "(1)" {
		t.Fatalf("count %q after acceptance", shown)
	}
	// Under its new code the dossier's message log still shows what was
	// sent under the NTT reference (the alerts), and the acceptance.
	log.Messages = nil
	if st := e.JSON(t, "GET", "/api/v1/dossiers/"+url.PathEscape(code)+"/messages", e.Token(t, officers[0], ""), nil, &log); st != http.StatusOK {
		t.Fatalf("message log after acceptance: %d", st)
	}
	events := map[string]int{}
	for _, m := range log.Messages {
		events[m.Event]++
	}
	if events["staff_online_submitted"] != len(officers) || events["online_accepted"] == 0 {
		t.Fatalf("message log under %s: %v", code, events)
	}
	w.act(officers[0], code, map[string]any{"action": "forward"})
	w.act(headTS, code, map[string]any{"action": "assign", "assignee_username": specialistTS})
	w.act(specialistTS, code, map[string]any{"action": "request_supplement", "items": []map[string]string{{"content": "Bản sao sổ hộ khẩu cũ", "reason": "Để đối chiếu"}}})
	if st, _, _ := w.multipartPost(c, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung/tep", map[string]string{"doc_index": "-1"}, "so-ho-khau.pdf", pdf("sổ hộ khẩu")); st != http.StatusSeeOther {
		t.Fatalf("supplement file: %d", st)
	}
	if shown, _ := navCount(t, e, officer); shown != "(1)" {
		t.Fatalf("count %q with a supplement not yet sent", shown)
	}
	if st, _, _ := e.Post(t, c, "/ca-nhan/ho-so/"+url.PathEscape(code)+"/bo-sung", url.Values{"note": {"Gửi bản chụp sổ hộ khẩu."}}); st != http.StatusSeeOther {
		t.Fatalf("supplement send: %d", st)
	}
	m = w.nextMail(staffMail(officers[2]), "hồ sơ bổ sung của hồ sơ "+code)
	if m.Subject != "Hồ sơ "+code+" có hồ sơ bổ sung trực tuyến chờ xác nhận" || !strings.Contains(m.Body, "Ghi chú của người nộp: Gửi bản chụp sổ hộ khẩu.") {
		t.Fatalf("supplement alert %q:\n%s", m.Subject, m.Body)
	}
	if shown, _ := navCount(t, e, officer); shown != "(2)" {
		t.Fatalf("count %q with a supplement waiting", shown)
	}
	if shown, _ := navCount(t, e, other); shown != "" {
		t.Fatalf("other commune's count %q", shown)
	}
	if n := rows(`SELECT COUNT(*) FROM notify_messages WHERE recipient = $1`, staffMail(otherOfficer)); n != 0 {
		t.Fatal("the other commune's officer was alerted")
	}
	for _, sm := range w.mail.Messages() {
		for _, to := range sm.To {
			if strings.EqualFold(to, staffMail(otherOfficer)) {
				t.Fatalf("e-mail to the other commune's officer: %s", sm.Subject)
			}
		}
	}
	// Each officer got each alert once.
	if n := rows(`SELECT COUNT(*) FROM notify_messages WHERE recipient = $1 AND event LIKE 'staff_%'`, staffMail(officers[0])); n != 4 {
		t.Fatalf("%d alerts to %s, want 4 (two submissions, the completed one, the supplement)", n, officers[0])
	}
}
