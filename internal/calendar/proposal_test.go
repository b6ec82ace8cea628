package calendar_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/motcua/motcua/internal/calendar"
)

// weekdaysOff returns the Monday–Friday dates off in y, except swapped
// days (a swap is never proposed).
func weekdaysOff(y calendar.Year) []string {
	var out []string
	for _, d := range y.DaysOff {
		wd := d.Date.Weekday()
		if wd == time.Saturday || wd == time.Sunday || d.Kind == calendar.KindSwapOff || d.Kind == calendar.KindBridge {
			continue
		}
		out = append(out, d.Date.String())
	}
	slices.Sort(out)
	return out
}

// The proposal reproduces the weekdays off that the civil-service notices
// of 2021–2026 gave (swaps aside). 2021–2023: Thông báo 4875/TB-LĐTBXH,
// 119/TB-LĐTBXH, 5034/TB-LĐTBXH with the Labour Code's fixed days and
// Art. 111.3 compensatory days; 2024–2026: the embedded official data.
func TestProposalMatchesNotices2021To2026(t *testing.T) {
	expected := map[int][]string{
		2021: {"2021-01-01", "2021-02-10", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16", "2021-04-21", "2021-04-30", "2021-05-03", "2021-09-02", "2021-09-03"},
		2022: {"2022-01-03", "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04", "2022-04-11", "2022-05-02", "2022-05-03", "2022-09-01", "2022-09-02"},
		2023: {"2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"},
	}
	for _, y := range []int{2024, 2025, 2026} {
		off, ok := calendar.Official(y)
		if !ok {
			t.Fatalf("no official data for %d", y)
		}
		expected[y] = weekdaysOff(off)
	}
	for y := 2021; y <= 2026; y++ {
		p, err := calendar.Propose(y)
		if err != nil {
			t.Fatal(err)
		}
		if p.Official {
			t.Errorf("Propose(%d).Official = true", y)
		}
		if diff := cmp.Diff(expected[y], weekdaysOff(p)); diff != "" {
			t.Errorf("Propose(%d) weekdays off (-notice +proposal):\n%s", y, diff)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("Propose(%d) invalid: %v", y, err)
		}
	}
}

func TestProposal2027(t *testing.T) {
	p, err := calendar.Propose(2027)
	if err != nil {
		t.Fatal(err)
	}
	// Tết Đinh Mùi is Saturday 6/2/2027: holidays 4, 5, 6, 7, 8/2 (28, 29
	// tháng Chạp — the month has 29 days —, mùng 1–3) and compensatory days Tue 9 and Wed 10/2 for
	// the Saturday and Sunday. Giỗ Tổ 10/3 is Friday 16/4. 1/5 is a
	// Saturday → Monday 3/5. 2/9 is a Thursday → Friday 3/9.
	want := []string{"2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
		"2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03", "2027-11-24"}
	if diff := cmp.Diff(want, weekdaysOff(p)); diff != "" {
		t.Errorf("Propose(2027) (-want +got):\n%s", diff)
	}
	var names []string
	for _, d := range p.DaysOff {
		names = append(names, d.Date.String()+" "+string(d.Kind)+" "+d.Name)
	}
	joined := strings.Join(names, "\n")
	for _, s := range []string{
		"2027-02-06 holiday Tết Nguyên đán Đinh Mùi (Mùng 1 Tết)",
		"2027-02-05 holiday Tết Nguyên đán Đinh Mùi (29 tháng Chạp)",
		"2027-02-09 compensatory Nghỉ bù Tết Nguyên đán Đinh Mùi (06/02)",
		"2027-05-03 compensatory Nghỉ bù Ngày Quốc tế Lao động (01/05)",
		"2027-11-24 holiday Ngày Văn hóa Việt Nam (24/11)",
	} {
		if !strings.Contains(joined, s) {
			t.Errorf("Propose(2027) lacks %q; got:\n%s", s, joined)
		}
	}
	if !strings.Contains(p.Note, calendar.NotOfficialNotice) {
		t.Errorf("note %q", p.Note)
	}
}

func TestProposalEveryYear(t *testing.T) {
	// Every proposal from 1976 to 2199 is valid, has the 11 statutory days
	// (12 from 2026) and never lists a weekday off twice.
	for y := calendar.MinYear; y <= calendar.MaxYear; y++ {
		p, err := calendar.Propose(y)
		if err != nil {
			t.Fatalf("Propose(%d): %v", y, err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Propose(%d): %v", y, err)
		}
		holidays := 0
		for _, d := range p.DaysOff {
			if d.Kind == calendar.KindHoliday {
				holidays++
			}
		}
		want := 11
		if y >= calendar.CultureDayFrom {
			want = 12
		}
		if holidays != want {
			t.Fatalf("Propose(%d): %d holidays, want %d", y, holidays, want)
		}
	}
}

func TestOfficialData(t *testing.T) {
	if got := calendar.OfficialYears(); !slices.Equal(got, []int{2024, 2025, 2026}) {
		t.Errorf("OfficialYears = %v", got)
	}
	for _, y := range calendar.OfficialYears() {
		off, _ := calendar.Official(y)
		if !off.Official || off.Note == "" {
			t.Errorf("%d: official %v, note %q", y, off.Official, off.Note)
		}
		for _, d := range append(off.DaysOff, off.ExtraWorkingDays...) {
			if d.Basis == "" || d.Name == "" {
				t.Errorf("%d: %s lacks a name or basis", y, d.Date)
			}
		}
	}
	// Official returns a copy: changing it does not change the embedded data.
	a, _ := calendar.Official(2025)
	a.DaysOff[0].Name = "x"
	b, _ := calendar.Official(2025)
	if b.DaysOff[0].Name == "x" {
		t.Error("Official shares its slices")
	}
}

func TestFill(t *testing.T) {
	mine := calendar.Year{Year: 2025, Official: true, DaysOff: []calendar.Day{}, ExtraWorkingDays: []calendar.Day{}}
	years, err := calendar.Fill(2024, 2027, []calendar.Year{mine})
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 4 || !years[0].Official || len(years[1].DaysOff) != 0 || !years[2].Official || years[3].Official {
		t.Errorf("Fill: %+v", years)
	}
}
