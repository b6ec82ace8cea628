package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// The official civil-service calendars announced by the government, one
// JSON file per year (data/YYYY.json, the Year format). They seed the
// database on first start; afterwards the database is authoritative.
//
//go:embed data/*.json
var dataFS embed.FS

var official = sync.OnceValue(func() map[int]Year {
	out := map[int]Year{}
	files, err := fs.Glob(dataFS, "data/*.json")
	if err != nil {
		panic(err)
	}
	for _, name := range files {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		var y Year
		if err := json.Unmarshal(b, &y); err != nil {
			panic(fmt.Sprintf("calendar: %s: %v", name, err))
		}
		y.Normalize()
		if err := y.Validate(); err != nil {
			panic(fmt.Sprintf("calendar: %s: %v", name, err))
		}
		out[y.Year] = y
	}
	return out
})

// Official returns the embedded official calendar of year y, if any.
func Official(y int) (Year, bool) {
	v, ok := official()[y]
	if !ok {
		return Year{}, false
	}
	v.DaysOff = append([]Day(nil), v.DaysOff...)
	v.ExtraWorkingDays = append([]Day(nil), v.ExtraWorkingDays...)
	return v, true
}

// OfficialYears lists the years that have embedded official data, in order.
func OfficialYears() []int {
	var ys []int
	for y := range official() {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Fill returns one Year for each year from..to: the one in known if any,
// else the embedded official data, else Propose (marked not official).
func Fill(from, to int, known []Year) ([]Year, error) {
	if from > to {
		return nil, fmt.Errorf("calendar: fill %d..%d", from, to)
	}
	byYear := map[int]Year{}
	for _, y := range known {
		byYear[y.Year] = y
	}
	out := make([]Year, 0, to-from+1)
	for y := from; y <= to; y++ {
		if v, ok := byYear[y]; ok {
			out = append(out, v)
		} else if v, ok := Official(y); ok {
			out = append(out, v)
		} else {
			p, err := Propose(y)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// Standard builds a calendar for the years from..to from the embedded
// official data and proposals (for tests, tools and a database-less start).
func Standard(hours OfficeHours, from, to int) (*Calendar, error) {
	years, err := Fill(from, to, nil)
	if err != nil {
		return nil, err
	}
	return New(hours, years)
}
