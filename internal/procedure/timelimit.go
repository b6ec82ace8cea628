package procedure

import "fmt"

// Unit is the unit of a time limit. The national TTHC database stores the
// unit per procedure (giờ, ngày, ngày làm việc, tháng); legal-reference §7.
type Unit string

// Units.
const (
	WorkingHours Unit = "working_hours" // giờ làm việc
	WorkingDays  Unit = "working_days"  // ngày làm việc
	Days         Unit = "days"          // ngày (calendar days)
	Months       Unit = "months"        // tháng
)

// Units lists every unit in display order.
var Units = []Unit{WorkingDays, Days, WorkingHours, Months}

// Label is the Vietnamese name of the unit.
func (u Unit) Label() string {
	switch u {
	case WorkingHours:
		return "giờ làm việc"
	case WorkingDays:
		return "ngày làm việc"
	case Days:
		return "ngày"
	case Months:
		return "tháng"
	}
	return string(u)
}

// english is the English name of the unit (singular, plural).
func (u Unit) english() (string, string) {
	switch u {
	case WorkingHours:
		return "working hour", "working hours"
	case WorkingDays:
		return "working day", "working days"
	case Days:
		return "day", "days"
	case Months:
		return "month", "months"
	}
	return string(u), string(u)
}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool {
	return u == WorkingHours || u == WorkingDays || u == Days || u == Months
}

// TimeLimit is the legal maximum time to settle a dossier, counted from its
// complete and valid receipt (thời hạn giải quyết).
type TimeLimit struct {
	Value int  `json:"value"`
	Unit  Unit `json:"unit"`
}

// Words renders the limit the way procedure sheets print it: two-digit
// numbers ("05 ngày làm việc"), and "Trong ngày" when immediate. lang "en"
// gives English ("5 working days", "Same day").
func (t TimeLimit) Words(immediate bool, lang string) string {
	if lang == "en" {
		if immediate {
			return "Same day"
		}
		one, many := t.Unit.english()
		if t.Value == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", t.Value, many)
	}
	if immediate {
		return "Trong ngày"
	}
	return fmt.Sprintf("%02d %s", t.Value, t.Unit.Label())
}

// TimeWords is p.TimeLimit.Words(p.Immediate, lang), for templates.
func (p *Procedure) TimeWords(lang string) string { return p.TimeLimit.Words(p.Immediate, lang) }
