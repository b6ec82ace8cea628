package calendar_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
)

// go test -run '^$' -bench . -benchmem ./internal/calendar/

func benchStarts(b *testing.B) []time.Time {
	start := vn(b, "2024-01-01 00:00")
	out := make([]time.Time, 4096)
	for i := range out {
		// spread over 2024–2026, at odd minutes, inside and outside hours
		out[i] = start.Add(time.Duration(i) * 6 * time.Hour).Add(time.Duration(i%60) * time.Minute)
	}
	return out
}

func benchDue(b *testing.B, d calendar.Duration, opt calendar.Options) {
	c := standard(b)
	starts := benchStarts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := c.Due(starts[i&4095], d, opt); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDueWorkingDays(b *testing.B) {
	benchDue(b, calendar.Duration{Amount: 15, Unit: calendar.WorkingDays}, calendar.Options{Cutoff: calendar.DefaultCutoff})
}

func BenchmarkDueWorkingHours(b *testing.B) {
	benchDue(b, calendar.Duration{Amount: 8, Unit: calendar.WorkingHours}, calendar.Options{})
}

func BenchmarkDueDays(b *testing.B) {
	benchDue(b, calendar.Duration{Amount: 15, Unit: calendar.Days}, calendar.Options{})
}

func BenchmarkDueMonths(b *testing.B) {
	benchDue(b, calendar.Duration{Amount: 3, Unit: calendar.Months}, calendar.Options{})
}

// Elapsed working time over a year-long span with two supplement pauses.
func BenchmarkElapsedYear(b *testing.B) {
	c := standard(b)
	from, to := vn(b, "2025-01-02 09:15"), vn(b, "2026-01-02 16:40")
	pauses := []calendar.Interval{
		{Start: vn(b, "2025-03-03 10:00"), End: vn(b, "2025-03-10 14:00")},
		{Start: vn(b, "2025-08-25 08:00"), End: vn(b, "2025-09-05 08:00")},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Elapsed(from, to, pauses); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := standard(b)
	d := calendar.NewDate(2025, 4, 26)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := c.IsWorkingDay(d); !ok {
			b.Fatal("26/4/2025 is worked")
		}
	}
}

// Building a four-year calendar (done when the data change).
func BenchmarkStandard(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := calendar.Standard(calendar.DefaultOfficeHours(), 2024, 2027); err != nil {
			b.Fatal(err)
		}
	}
}
