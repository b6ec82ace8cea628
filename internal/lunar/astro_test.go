package lunar

import (
	"fmt"
	"testing"
)

// The same algorithm at UTC+8 must give China's Tết in the ten years where
// Vietnam's differs (dependencies.md §8; python-holidays LUNAR_NEW_YEAR_DATES
// against VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES). This checks that the
// port, not a lucky table, is what makes the Vietnamese dates come out.
func TestTimeZoneMakesTheDifference(t *testing.T) {
	tests := []struct {
		year        int
		china, viet string
	}{
		{1903, "1903-01-29", "1903-01-28"},
		{1916, "1916-02-04", "1916-02-03"},
		{1935, "1935-02-04", "1935-02-03"},
		{1965, "1965-02-02", "1965-02-01"},
		{1968, "1968-01-30", "1968-01-29"},
		{1969, "1969-02-17", "1969-02-16"},
		{1985, "1985-02-20", "1985-01-21"},
		{2007, "2007-02-18", "2007-02-17"},
		{2030, "2030-02-03", "2030-02-02"},
		{2053, "2053-02-19", "2053-02-18"},
	}
	for _, tt := range tests {
		for tz, want := range map[float64]string{8: tt.china, 7: tt.viet} {
			jd, ok := convertLunar2Solar(1, 1, tt.year, false, tz)
			d, m, y := jdToDate(jd)
			if got := fmt.Sprintf("%04d-%02d-%02d", y, m, d); !ok || got != want {
				t.Errorf("Tết %d at UTC+%v = %s, want %s", tt.year, tz, got, want)
			}
		}
	}
}

func TestJulianDayNumbers(t *testing.T) {
	// Meeus, Astronomical Algorithms, ch. 7: 1/1/2000 is JD 2451545 (noon);
	// the Gregorian reform: 15/10/1582 follows 4/10/1582.
	if got := jdFromDate(1, 1, 2000); got != 2451545 {
		t.Errorf("jdFromDate(1/1/2000) = %d", got)
	}
	if a, b := jdFromDate(4, 10, 1582), jdFromDate(15, 10, 1582); b-a != 1 {
		t.Errorf("4/10/1582 → %d, 15/10/1582 → %d: want consecutive", a, b)
	}
	for jd := 2415021; jd < 2415021+200*366; jd += 17 {
		d, m, y := jdToDate(jd)
		if back := jdFromDate(d, m, y); back != jd {
			t.Fatalf("jdToDate(%d) = %d/%d/%d → %d", jd, d, m, y, back)
		}
	}
}
