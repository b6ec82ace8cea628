package dossierui

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/dossier/workflow"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/web"
)

// MessageLog is the notification log of a dossier (internal/notify).
type MessageLog interface {
	Log(ctx context.Context, codes ...string) ([]notify.Delivery, error)
}

// dossierPage is the data of the dossier page.
type dossierPage struct {
	D        *dossier.Dossier
	Can      map[workflow.Action]bool
	Actions  []dossier.ActionOption
	First    workflow.Action // the action whose form is open and focused
	Assign   *assignChoice
	Agencies []option // for consultations
	Consults []*dossier.Step
	Control  []controlRow
	History  []dossier.HistoryEntry
	Forms    []formLink
	Messages []notify.Delivery
	Files    []fileRow
	Now      time.Time
}

// assignChoice is the step to assign and the people who may take it.
type assignChoice struct {
	Step  *dossier.Step
	Users []option
}

// controlRow is one hand-over of the electronic control sheet (Mẫu 05).
type controlRow struct {
	N          int
	Step       string
	From, To   string
	At         time.Time // hand-over (giao, nhận: the same instant electronically)
	Due        time.Time
	Finished   time.Time
	Verdict    string // Trước hạn | Đúng hạn | Quá hạn | ""
	Badge      string // ok | warn | bad
	Open, Late bool
	Note       string
}

// fileRow is a file of the dossier with the checklist item it belongs to.
type fileRow struct {
	dossier.File
	Item string
	URL  string
}

// verdictLabel is the Vietnamese verdict of a step (TT 01/2018 Mẫu 05).
func verdictLabel(v string) (string, string) {
	switch v {
	case "early":
		return "Trước hạn", "ok"
	case "on_time":
		return "Đúng hạn", "ok"
	case "late":
		return "Quá hạn", "bad"
	}
	return "", ""
}

// controlRows builds the control sheet from the steps: who handed the
// dossier to whom and when, the step's due time and its verdict.
func controlRows(d *dossier.Dossier, now time.Time) []controlRow {
	var steps []dossier.Step
	for _, s := range d.Steps {
		if !s.StartedAt.IsZero() {
			steps = append(steps, s)
		}
	}
	sort.SliceStable(steps, func(i, j int) bool {
		if !steps[i].StartedAt.Equal(steps[j].StartedAt) {
			return steps[i].StartedAt.Before(steps[j].StartedAt)
		}
		return steps[i].Seq < steps[j].Seq
	})
	handler := func(s dossier.Step) string {
		switch {
		case s.FinishedName != "":
			return s.FinishedName + " (" + s.Agency.Name + ")"
		case s.AssigneeName != "":
			return s.AssigneeName + " (" + s.Agency.Name + ")"
		}
		return account.Role(s.Role).Label() + ", " + s.Agency.Name
	}
	from := d.Applicant.Name + " (" + "người nộp hồ sơ" + ")"
	var out []controlRow
	lastMain := from
	for i, s := range steps {
		row := controlRow{N: i + 1, Step: s.Name, From: lastMain, To: handler(s), At: s.StartedAt, Due: s.DueAt, Finished: s.FinishedAt, Note: s.Note}
		row.Verdict, row.Badge = verdictLabel(s.Verdict)
		switch s.Status {
		case workflow.StepOpen:
			row.Open = true
			row.Late = !s.DueAt.IsZero() && now.After(s.DueAt)
			if row.Late {
				row.Verdict, row.Badge = "Đang quá hạn", "bad"
			} else {
				row.Verdict, row.Badge = "Đang xử lý", "warn"
			}
		case workflow.StepCancelled, workflow.StepSkipped:
			row.Verdict, row.Badge = s.Status.Label(), ""
		}
		if s.Kind != workflow.KindConsult {
			lastMain = handler(s)
		}
		out = append(out, row)
	}
	return out
}

func (h *Handler) handleDossier(w http.ResponseWriter, r *http.Request) {
	page, err := h.dossierPage(r, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.srv.NewView(r, "Hồ sơ "+page.D.Code, page)
	if a := r.URL.Query().Get("ok"); a != "" {
		v.Flash = "Đã thực hiện: " + workflow.Action(a).Label() + "."
	}
	h.pages.Render(w, http.StatusOK, "dossier", v)
}

// dossierPage loads everything the dossier page shows.
func (h *Handler) dossierPage(r *http.Request, code string) (*dossierPage, error) {
	ctx := r.Context()
	p := account.PrincipalFrom(ctx)
	d, err := h.dossiers.Get(ctx, p, code)
	if err != nil {
		return nil, err
	}
	hist, err := h.dossiers.History(ctx, p, code)
	if err != nil {
		return nil, err
	}
	now := h.srv.DB.Now()
	actions, primary := primaryFirst(d)
	page := &dossierPage{D: d, Can: map[workflow.Action]bool{}, Actions: actions, History: hist, Forms: formsOf(d), Now: now,
		Control: controlRows(d, now)}
	for _, a := range d.Actions {
		page.Can[a.Action] = true
	}
	if primary > 0 {
		page.First = page.Actions[0].Action
	}
	if page.Can[workflow.ActAssign] {
		if page.Assign, err = h.assignChoice(ctx, d); err != nil {
			return nil, err
		}
	}
	if page.Can[workflow.ActConsult] {
		ags, err := h.agencies.List(ctx)
		if err != nil {
			return nil, err
		}
		for _, o := range agencyOptions(ags) {
			if o.Value != d.HandlingAgency.Code {
				page.Agencies = append(page.Agencies, o)
			}
		}
	}
	for i := range d.Steps {
		if s := &d.Steps[i]; s.Kind == workflow.KindConsult && s.Status == workflow.StepOpen {
			page.Consults = append(page.Consults, s)
		}
	}
	items := map[int]string{}
	for _, it := range d.Documents {
		items[it.Index] = it.Name
	}
	for _, f := range d.Files {
		row := fileRow{File: f, URL: "/api/v1/files/" + f.SHA256}
		if f.Kind == "document" {
			row.Item = items[f.DocIndex]
		}
		page.Files = append(page.Files, row)
	}
	if h.messages != nil {
		if page.Messages, err = h.messages.Log(ctx, d.MessageCodes()...); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// primaryFirst orders the actions offered with the ones the current step
// exists for first — the first one's form is open and focused, so Enter
// does it: pass on a received dossier; assign; appraise (pass on, attach
// the result, consult, ask for a supplement); approve; sign then hand the
// result back; return the result (or first tell the applicant it is early).
// The other actions follow in the service's order; primary counts the
// step's own actions (0: nothing is opened and focused, e.g. a correction
// of a returned result is never a default).
func primaryFirst(d *dossier.Dossier) (ordered []dossier.ActionOption, primary int) {
	var want []workflow.Action
	if m := d.Main(); m != nil {
		switch m.Kind {
		case workflow.KindReceive:
			want = []workflow.Action{workflow.ActForward}
		case workflow.KindAppraise, workflow.KindTask:
			want = []workflow.Action{workflow.ActForward, workflow.ActAttachResult, workflow.ActConsult, workflow.ActRequestSupplement}
		case workflow.KindAssign:
			want = []workflow.Action{workflow.ActAssign, workflow.ActForward}
		case workflow.KindReview:
			want = []workflow.Action{workflow.ActApprove, workflow.ActSendBack}
		case workflow.KindSign:
			want = []workflow.Action{workflow.ActSign, workflow.ActReturnToOneStop, workflow.ActAttachResult, workflow.ActSendBack}
		case workflow.KindReturn:
			want = []workflow.Action{workflow.ActReturn, workflow.ActNotifyEarlyReturn}
		}
	}
	switch d.Status {
	case workflow.Consulting:
		want = append([]workflow.Action{workflow.ActReplyConsultation}, want...)
	case workflow.AwaitingSupplement:
		want = []workflow.Action{workflow.ActSupplementReceived}
	}
	out := make([]dossier.ActionOption, 0, len(d.Actions))
	taken := map[workflow.Action]bool{}
	for _, w := range want {
		for _, a := range d.Actions {
			if a.Action == w && !taken[w] {
				out, taken[w] = append(out, a), true
			}
		}
	}
	primary = len(out)
	for _, a := range d.Actions {
		if !taken[a.Action] {
			out = append(out, a)
		}
	}
	return out, primary
}

// assignChoice finds the step an assignment applies to (the next step when
// the current one is the assignment itself) and the active users holding
// its role in its agency.
func (h *Handler) assignChoice(ctx context.Context, d *dossier.Dossier) (*assignChoice, error) {
	main := d.Main()
	if main == nil {
		return nil, nil
	}
	target := main
	if main.Kind == workflow.KindAssign {
		target = nil
		for i := range d.Steps {
			s := &d.Steps[i]
			if s.ParentID == 0 && s.Kind != workflow.KindConsult && s.Status == workflow.StepPending && s.Seq > main.Seq &&
				(target == nil || s.Seq < target.Seq) {
				target = s
			}
		}
		if target == nil {
			return nil, nil
		}
	}
	users, err := h.accounts.List(ctx, account.UserFilter{AgencyPath: target.Agency.Path})
	if err != nil {
		return nil, err
	}
	c := &assignChoice{Step: target}
	for _, u := range users {
		if u.Active && hasRole(u.Roles, account.Role(target.Role)) {
			label := u.FullName
			if u.Title != "" {
				label += " — " + u.Title
			}
			c.Users = append(c.Users, option{Value: itoa(u.ID), Label: label})
		}
	}
	return c, nil
}

// ActErr returns the field error of a field of action a's form: only the
// form that was submitted shows errors.
func (p *dossierPage) ActErr(v *web.View, a workflow.Action, field string) string {
	if v.Val("action") != string(a) {
		return ""
	}
	return v.Err(field)
}

// IsOpen reports whether the form of action a is expanded: the one just
// submitted (with an error), else the first action offered.
func (p *dossierPage) IsOpen(v *web.View, a workflow.Action) bool {
	if s := v.Val("action"); s != "" {
		return s == string(a)
	}
	return a == p.First
}

// ActVal is the value typed in action a's form (after an error).
func (p *dossierPage) ActVal(v *web.View, a workflow.Action, field string) string {
	if v.Val("action") != string(a) {
		return ""
	}
	return v.Val(field)
}

// Three and Five number the repeated rows of some forms.
func (p *dossierPage) Three() []int { return []int{0, 1, 2} }

// Five numbers the rows of the supplement request.
func (p *dossierPage) Five() []int { return []int{0, 1, 2, 3, 4} }

// Rescheduled reports whether the due time was moved (apology, Mẫu 04).
func (p *dossierPage) Rescheduled() bool {
	return !p.D.OriginalDueAt.IsZero() && !p.D.OriginalDueAt.Equal(p.D.DueAt)
}

// FileKind names the kind of an attached file.
func (p *dossierPage) FileKind(k string) string {
	switch k {
	case "document":
		return "Bản quét thành phần hồ sơ"
	case "supplement":
		return "Hồ sơ bổ sung"
	case "result":
		return "Kết quả giải quyết"
	}
	return "Tệp đính kèm"
}

// ActionLabel names a history action ("intake.receive", "forward"…).
func (p *dossierPage) ActionLabel(a string) string {
	switch a {
	case "intake.receive":
		return "Tiếp nhận hồ sơ"
	case "intake.request_supplement":
		return "Yêu cầu bổ sung khi tiếp nhận"
	case "intake.refuse":
		return "Từ chối tiếp nhận"
	case "online.submit":
		return "Nộp trực tuyến"
	}
	return workflow.Action(a).Label()
}
