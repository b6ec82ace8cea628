package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testdb"
)

const sampleLink = "https://dichvucong.hatinh.gov.vn/tra-cuu/000.00.10.H27-261121-0001"

// Every shipped template renders with realistic data and every SMS fits in
// two segments; the short ones keep their diacritics.
func TestDefaultTemplatesAreValid(t *testing.T) {
	t.Parallel()
	for _, e := range notify.Events {
		for _, c := range e.Channels() {
			tpl := notify.Default(e, c)
			r, errs := tpl.Validate(sampleLink)
			if len(errs) > 0 {
				t.Errorf("%s/%s: %v", e, c, errs)
				continue
			}
			if strings.Contains(r.Subject+r.Body, "<no value>") {
				t.Errorf("%s/%s renders <no value>: %q", e, c, r.Body)
			}
			if c == notify.ChannelSMS {
				t.Logf("%-26s %d %s %3d chars: %s", e, r.Segments, r.Encoding, len([]rune(r.Body)), r.Body)
			}
		}
	}
	r, _ := notify.Default(notify.EventOTP, notify.ChannelSMS).Render(notify.SampleVars(notify.EventOTP, ""))
	if r.Folded || r.Segments > 2 || !strings.Contains(r.Body, "để đăng nhập: 482913") {
		t.Fatalf("a one-time code SMS must keep its diacritics: %+v", r)
	}
}

// templateCount is the number of editable templates: one per event and
// channel it is sent on.
func templateCount() int {
	n := 0
	for _, e := range notify.Events {
		n += len(e.Channels())
	}
	return n
}

func TestTemplateValidation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		tpl   notify.Template
		field string
		want  string
	}{
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "Hồ sơ {{.DossierCode"}, "body", "không hợp lệ"},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "Hồ sơ {{.MaHoSo}}"}, "body", `không có biến "MaHoSo"`},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "  "}, "body", "Vui lòng nhập"},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: strings.Repeat("Hồ sơ {{.DossierCode}} ", 10)}, "body", "cần 3 phần"},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "{{range 100000000}}x{{end}}"}, "body", "quá dài"},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelEmail, Body: "x"}, "subject", "tiêu đề"},
		{notify.Template{Event: notify.EventReceived, Channel: notify.ChannelEmail, Subject: "{{if}}", Body: "x"}, "subject", "không hợp lệ"},
	} {
		_, errs := c.tpl.Validate(sampleLink)
		if !strings.Contains(errs[c.field], c.want) {
			t.Errorf("%q: errors %v, want %s ~ %q", c.tpl.Body, errs, c.field, c.want)
		}
	}
	// trunc keeps long reasons within the SMS budget.
	tpl := notify.Template{Event: notify.EventRefused, Channel: notify.ChannelSMS, Body: "Lý do: {{trunc 14 .Reason}}"}
	r, err := tpl.Render(notify.Vars{Reason: "Thiếu giấy khai sinh bản sao"})
	if err != nil || r.Body != "Lý do: Thiếu giấy…" {
		t.Fatalf("%q %v", r.Body, err)
	}
}

func TestTemplatesEditableAndAudited(t *testing.T) {
	t.Parallel()
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newClock(db)
		svc := newService(db, notify.Options{})
		admin := audit.Actor{ID: 1, Name: "admin", Kind: "staff"}
		bad := notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "{{.Nope}}"}
		if err := svc.SaveTemplate(ctx, admin, bad); apperr.Code(err) != apperr.CodeInvalid || apperr.FieldsOf(err)["body"] == "" {
			t.Fatalf("invalid template saved: %v", err)
		}
		good := notify.Template{Event: notify.EventReceived, Channel: notify.ChannelSMS, Body: "TTHC Hà Tĩnh: hồ sơ {{.DossierCode}} hẹn trả {{.ExpectedDate}}."}
		if err := svc.SaveTemplate(ctx, admin, good); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Template(ctx, notify.EventReceived, notify.ChannelSMS)
		if err != nil || !got.Custom || got.Body != good.Body || got.UpdatedBy != "admin" {
			t.Fatalf("%+v %v", got, err)
		}
		all, _ := svc.Templates(ctx)
		if len(all) != templateCount() {
			t.Fatalf("%d templates", len(all))
		}
		// New messages use the edited text.
		enqueue(t, db, svc, received("k1", notify.Recipient{Phone: "0912345678"}))
		if d := logOf(t, svc, code)[0]; d.Body != "TTHC Hà Tĩnh: hồ sơ "+code+" hẹn trả 25/11/2026." {
			t.Fatalf("body %q", d.Body)
		}
		if err := svc.ResetTemplate(ctx, admin, notify.EventReceived, notify.ChannelSMS); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Template(ctx, notify.EventReceived, notify.ChannelSMS); got.Custom || got.Body != notify.Default(notify.EventReceived, notify.ChannelSMS).Body {
			t.Fatalf("reset: %+v", got)
		}
		entries, err := audit.List(ctx, db, "notify_template", "received/sms", 10)
		if err != nil || len(entries) != 2 || entries[0].Action != "notify.template.update" || entries[1].Action != "notify.template.reset" ||
			!strings.Contains(string(entries[0].Detail), "TTHC Hà Tĩnh") {
			t.Fatalf("audit %+v %v", entries, err)
		}
		if _, err := audit.Verify(ctx, db); err != nil {
			t.Fatal(err)
		}
	})
}
