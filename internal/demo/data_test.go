package demo_test

// Validation of the demo data set (data/province.json, data/catalog.json),
// documented in data/README.md. Standard library plus x/text/unicode/norm.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/demo"
)

type catalogFile struct {
	Fields []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"fields"`
	Procedures []struct {
		Code              string   `json:"code"`
		Name              string   `json:"name"`
		Field             string   `json:"field"`
		Level             string   `json:"level"`
		HandlingAgency    string   `json:"handling_agency"`
		ReceivingAgencies []string `json:"receiving_agencies"`
		TimeLimit         struct {
			Value int64  `json:"value"`
			Unit  string `json:"unit"`
		} `json:"time_limit"`
		Immediate bool `json:"immediate"`
		Cutoff15h bool `json:"cutoff_15h"`
		Fees      []struct {
			Kind   string `json:"kind"`
			Name   string `json:"name"`
			Amount int64  `json:"amount"`
			Case   string `json:"case"`
		} `json:"fees"`
		Documents []struct {
			Name      string `json:"name"`
			Originals int    `json:"originals"`
			Copies    int    `json:"copies"`
			Required  string `json:"required"`
			Condition string `json:"condition"`
			Form      string `json:"form"`
		} `json:"documents"`
		Result struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"result"`
		OnlineLevel   string   `json:"online_level"`
		LegalBasis    []string `json:"legal_basis"`
		Applicants    string   `json:"applicants"`
		Where         string   `json:"where"`
		StepsNote     string   `json:"steps_note"`
		EffectiveFrom string   `json:"effective_from"`
	} `json:"procedures"`
}

// decodeStrict decodes name into v, rejecting unknown fields and trailing data.
func decodeStrict(t *testing.T, name string, v any) []byte {
	t.Helper()
	b, err := demo.Files.ReadFile("data/" + name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !json.Valid(b) {
		t.Fatalf("%s: invalid JSON", name)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if dec.More() {
		t.Fatalf("%s: trailing data after the JSON value", name)
	}
	return b
}

// checkText walks every string (keys and values) of a JSON document and
// requires NFC, no surrounding white space and no control characters.
func checkText(t *testing.T, name string, b []byte) {
	t.Helper()
	if !norm.NFC.IsNormal(b) {
		t.Errorf("%s: file is not in Unicode NFC", name)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case string:
			if !norm.NFC.IsNormalString(x) {
				t.Errorf("%s %s: %q is not NFC", name, path, x)
			}
			if strings.TrimSpace(x) != x {
				t.Errorf("%s %s: %q has surrounding white space", name, path, x)
			}
			if strings.ContainsAny(x, "\t\r\n\u00a0") || strings.Contains(x, "  ") {
				t.Errorf("%s %s: %q has tabs, line breaks, NBSP or double spaces", name, path, x)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		}
	}
	walk("$", doc)
}

var (
	codeRE     = regexp.MustCompile(`^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.H[0-9]{2}$`)
	usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,49}$`)
	phoneRE    = regexp.MustCompile(`^0[0-9]{2,3} [0-9]{3,4} [0-9]{3,4}$`)
	emailRE    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	tthcRE     = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)
	fieldRE    = regexp.MustCompile(`^[A-Z]{2,6}$`)
	dayRE      = `(Mon|Tue|Wed|Thu|Fri|Sat|Sun)`
	rangeRE    = `([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]`
	groupRE    = dayRE + `(-` + dayRE + `)? ` + rangeRE + `(,` + rangeRE + `)*`
	hoursRE    = regexp.MustCompile(`^` + groupRE + `(; ` + groupRE + `)*$`)
	rangeOnlyR = regexp.MustCompile(rangeRE)
)

var (
	kinds   = set("province", "center", "department", "division", "commune", "commune_center", "other")
	roles   = []string{"administrator", "supervisor", "one_stop_officer", "specialist", "division_head", "agency_leader"}
	levels  = set("province", "commune", "both")
	units   = set("working_hours", "working_days", "days", "months")
	feeKind = set("le_phi", "phi")
	reqKind = set("mandatory", "conditional")
	online  = set("full", "partial", "none")
)

func set(xs ...string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// checkHours verifies the office-hours text: format, and start < end within
// each range, ranges in ascending order.
func checkHours(s string) error {
	if s == "" {
		return nil
	}
	if !hoursRE.MatchString(s) {
		return fmt.Errorf("format")
	}
	for _, g := range strings.Split(s, "; ") {
		last := ""
		for _, r := range rangeOnlyR.FindAllString(g, -1) {
			from, to, _ := strings.Cut(r, "-")
			if from >= to || from < last {
				return fmt.Errorf("range %s out of order", r)
			}
			last = to
		}
	}
	return nil
}

// looksLikeName reports whether s is 2–5 words, each starting with an upper-case letter.
func looksLikeName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

type agencyInfo struct {
	kind, parent string
}

func loadProvince(t *testing.T) (*demo.Province, map[string]agencyInfo) {
	t.Helper()
	var p demo.Province
	b := decodeStrict(t, "province.json", &p)
	checkText(t, "province.json", b)
	ags := map[string]agencyInfo{}
	for _, a := range p.Agencies {
		ags[a.Code] = agencyInfo{a.Kind, a.Parent}
	}
	return &p, ags
}

// communeOf returns the commune code whose subtree contains code, or "".
func communeOf(ags map[string]agencyInfo, code string) string {
	for c := code; c != ""; c = ags[c].parent {
		if ags[c].kind == "commune" {
			return c
		}
	}
	return ""
}

func TestProvince(t *testing.T) {
	p, ags := loadProvince(t)
	if p.Province == "" || p.Place == "" {
		t.Error("province and place are required")
	}
	seen := map[string]bool{}
	count := map[string]int{}
	children := map[string][]string{}
	for i, a := range p.Agencies {
		where := fmt.Sprintf("agency %d %s", i, a.Code)
		if !codeRE.MatchString(a.Code) {
			t.Errorf("%s: code does not follow the 000.00.00.HNN scheme", where)
		}
		if seen[a.Code] {
			t.Errorf("%s: duplicate code", where)
		}
		if !kinds[a.Kind] {
			t.Errorf("%s: unknown kind %q", where, a.Kind)
		}
		if a.Name == "" || a.ShortName == "" {
			t.Errorf("%s: name and short_name are required", where)
		}
		if a.Kind == "province" {
			if a.Parent != "" {
				t.Errorf("%s: the province has no parent", where)
			}
		} else if !seen[a.Parent] {
			// Parents must come first: the seeder inserts in file order.
			t.Errorf("%s: parent %q missing or listed after its child", where, a.Parent)
		} else {
			pk := ags[a.Parent].kind
			ok := map[string]bool{
				"center":         pk == "province",
				"department":     pk == "province",
				"commune":        pk == "province",
				"commune_center": pk == "commune",
				"division":       pk == "department" || pk == "commune",
				"other":          pk == "province" || pk == "department",
			}[a.Kind]
			if !ok {
				t.Errorf("%s: a %s cannot be a child of a %s", where, a.Kind, pk)
			}
			children[a.Parent] = append(children[a.Parent], a.Code)
		}
		if a.Phone != "" && !phoneRE.MatchString(a.Phone) {
			t.Errorf("%s: phone %q is not 0xxx xxxx xxx", where, a.Phone)
		}
		if a.Email != "" && !emailRE.MatchString(a.Email) {
			t.Errorf("%s: email %q", where, a.Email)
		}
		if err := checkHours(a.OfficeHours); err != nil {
			t.Errorf("%s: office_hours %q: %v", where, a.OfficeHours, err)
		}
		seen[a.Code] = true
		count[a.Kind]++
	}
	if count["province"] != 1 || count["center"] < 1 || count["department"] < 6 || count["commune"] < 4 {
		t.Errorf("need 1 province, ≥1 centre, ≥6 departments, ≥4 communes; got %v", count)
	}
	for _, a := range p.Agencies {
		switch a.Kind {
		case "department":
			if n := len(children[a.Code]); n < 1 || n > 2 {
				t.Errorf("department %s has %d divisions, want 1–2", a.Code, n)
			}
		case "commune":
			centres := 0
			for _, c := range children[a.Code] {
				if ags[c].kind == "commune_center" {
					centres++
				}
			}
			if centres != 1 {
				t.Errorf("commune %s has %d commune centres, want 1", a.Code, centres)
			}
		}
	}

	users := map[string]bool{}
	provinceRoles := map[string]bool{}
	communeRoles := map[string]map[string]bool{}
	communeDesk := map[string]int{}
	centreOnDuty := 0
	for i, u := range p.Users {
		where := fmt.Sprintf("user %d %s", i, u.Username)
		if !usernameRE.MatchString(u.Username) || u.Username == "admin" {
			t.Errorf("%s: bad or reserved username", where)
		}
		if users[u.Username] {
			t.Errorf("%s: duplicate username", where)
		}
		users[u.Username] = true
		if u.FullName == "" || u.Title == "" {
			t.Errorf("%s: full_name and title are required", where)
		}
		if !looksLikeName(u.FullName) {
			t.Errorf("%s: full name %q does not look like a Vietnamese name (2–5 capitalised words)", where, u.FullName)
		}
		if u.Phone != "" && !phoneRE.MatchString(u.Phone) {
			t.Errorf("%s: phone %q", where, u.Phone)
		}
		if u.Email != "" && !emailRE.MatchString(u.Email) {
			t.Errorf("%s: email %q", where, u.Email)
		}
		a, ok := ags[u.Agency]
		if !ok {
			t.Errorf("%s: unknown agency %q", where, u.Agency)
			continue
		}
		if len(u.Roles) == 0 {
			t.Errorf("%s: no role", where)
		}
		dup := map[string]bool{}
		for _, r := range u.Roles {
			if dup[r] {
				t.Errorf("%s: role %q twice", where, r)
			}
			dup[r] = true
			valid := false
			for _, x := range roles {
				valid = valid || x == r
			}
			if !valid {
				t.Errorf("%s: unknown role %q", where, r)
			}
			if r == "one_stop_officer" && a.kind != "center" && a.kind != "commune_center" {
				t.Errorf("%s: a one-stop officer must belong to a one-stop centre, not a %s", where, a.kind)
			}
			if c := communeOf(ags, u.Agency); c != "" {
				if communeRoles[c] == nil {
					communeRoles[c] = map[string]bool{}
				}
				communeRoles[c][r] = true
				if r == "one_stop_officer" && u.OnDuty {
					communeDesk[c]++
				}
			} else {
				provinceRoles[r] = true
				if r == "one_stop_officer" && u.OnDuty && a.kind == "center" {
					centreOnDuty++
				}
			}
		}
	}
	for _, r := range roles {
		if !provinceRoles[r] {
			t.Errorf("no province-level user with role %s", r)
		}
	}
	if centreOnDuty < 2 {
		t.Errorf("the provincial centre needs several one-stop officers on duty, has %d", centreOnDuty)
	}
	for _, a := range p.Agencies {
		if a.Kind != "commune" {
			continue
		}
		for _, r := range []string{"one_stop_officer", "specialist", "agency_leader"} {
			if !communeRoles[a.Code][r] {
				t.Errorf("commune %s has no user with role %s", a.Code, r)
			}
		}
		if communeDesk[a.Code] < 1 {
			t.Errorf("commune %s has no one-stop officer on duty", a.Code)
		}
	}
	if n := len(p.Users); n < 40 || n > 60 {
		t.Errorf("%d users, want about 40–60", n)
	}
}

func TestCatalog(t *testing.T) {
	_, ags := loadProvince(t)
	var c catalogFile
	b := decodeStrict(t, "catalog.json", &c)
	checkText(t, "catalog.json", b)

	fields := map[string]bool{}
	for _, f := range c.Fields {
		if !fieldRE.MatchString(f.Code) || f.Name == "" {
			t.Errorf("field %q %q: bad code or empty name", f.Code, f.Name)
		}
		if fields[f.Code] {
			t.Errorf("field %s: duplicate", f.Code)
		}
		fields[f.Code] = true
	}
	if len(fields) < 9 {
		t.Errorf("%d fields, want ≥ 9", len(fields))
	}
	used := map[string]bool{}
	codes := map[string]bool{}
	unitsUsed := map[string]bool{}
	for i, p := range c.Procedures {
		where := fmt.Sprintf("procedure %d %s", i, p.Code)
		if !tthcRE.MatchString(p.Code) {
			t.Errorf("%s: code is not a national TTHC code (d.dddddd)", where)
		}
		if codes[p.Code] {
			t.Errorf("%s: duplicate code", where)
		}
		codes[p.Code] = true
		if p.Name == "" || strings.HasPrefix(strings.ToLower(p.Name), "thủ tục") {
			t.Errorf("%s: name empty or starting with \"Thủ tục\": %q", where, p.Name)
		}
		if !fields[p.Field] {
			t.Errorf("%s: unknown field %q", where, p.Field)
		}
		used[p.Field] = true
		if !levels[p.Level] {
			t.Errorf("%s: level %q", where, p.Level)
		}
		switch h := p.HandlingAgency; {
		case h == "@commune":
			if p.Level == "province" {
				t.Errorf("%s: a province-level procedure cannot be handled by @commune", where)
			}
		case ags[h].kind == "":
			t.Errorf("%s: unknown handling agency %q", where, h)
		}
		if len(p.ReceivingAgencies) == 0 {
			t.Errorf("%s: no receiving agency", where)
		}
		for _, r := range p.ReceivingAgencies {
			if r == "@commune_center" || r == "@center" {
				continue
			}
			if k := ags[r].kind; k != "center" && k != "commune_center" {
				t.Errorf("%s: receiving agency %q is not a one-stop centre", where, r)
			}
		}
		if !units[p.TimeLimit.Unit] || p.TimeLimit.Value < 0 {
			t.Errorf("%s: time limit %+v", where, p.TimeLimit)
		}
		unitsUsed[p.TimeLimit.Unit] = true
		if p.Immediate && !(p.TimeLimit.Value == 0 && p.TimeLimit.Unit == "working_days") {
			t.Errorf("%s: immediate procedures have time limit 0 working days", where)
		}
		if !p.Immediate && p.TimeLimit.Value == 0 {
			t.Errorf("%s: a zero time limit must be marked immediate", where)
		}
		for j, f := range p.Fees {
			if !feeKind[f.Kind] || f.Name == "" || f.Amount < 0 {
				t.Errorf("%s fee %d: %+v", where, j, f)
			}
		}
		if len(p.Documents) == 0 {
			t.Errorf("%s: no documents", where)
		}
		mandatory := 0
		for j, d := range p.Documents {
			if !reqKind[d.Required] || d.Name == "" || d.Originals < 0 || d.Copies < 0 {
				t.Errorf("%s document %d: %+v", where, j, d)
			}
			if (d.Required == "conditional") != (d.Condition != "") {
				t.Errorf("%s document %d: conditional documents, and only they, carry a condition", where, j)
			}
			if d.Required == "mandatory" {
				mandatory++
			}
		}
		if mandatory == 0 {
			t.Errorf("%s: no mandatory document", where)
		}
		if p.Result.Code == "" || p.Result.Name == "" {
			t.Errorf("%s: result code and name are required", where)
		}
		if !online[p.OnlineLevel] {
			t.Errorf("%s: online_level %q", where, p.OnlineLevel)
		}
		if len(p.LegalBasis) == 0 {
			t.Errorf("%s: no legal basis", where)
		}
		if p.Applicants == "" || p.Where == "" {
			t.Errorf("%s: applicants and where are required", where)
		}
		if _, err := time.Parse(time.DateOnly, p.EffectiveFrom); err != nil {
			t.Errorf("%s: effective_from %q", where, p.EffectiveFrom)
		}
	}
	for f := range fields {
		if !used[f] {
			t.Errorf("field %s has no procedure", f)
		}
	}
	if n := len(c.Procedures); n < 45 {
		t.Errorf("%d procedures, want ≥ 45", n)
	}
	if !unitsUsed["days"] || !unitsUsed["working_days"] {
		t.Errorf("want procedures in both working days and calendar days, got %v", unitsUsed)
	}
}
