package workflow

import (
	"fmt"
	"regexp"
	"time"
)

// CodeFormat selects the dossier code structure (configurable, legal
// reference §2.3: the general TT 03/2025 format is not published).
type CodeFormat struct {
	// Variant "tt01" (default): TT 01/2018 Đ19 V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX with the
	// receiving one-stop's identifier (ND 118 Đ28.2a).
	// Variant "tt04": TT 04/2025 (TT 03/2025 Đ13.3) MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX with the
	// handling agency's identifier and AA the centralised platform's two digits.
	Variant  string
	Platform string // AA for tt04, two digits
}

var platformRE = regexp.MustCompile(`^[0-9]{2}$`)

// Validate checks the format settings.
func (f CodeFormat) Validate() error {
	switch f.Variant {
	case "", "tt01":
		return nil
	case "tt04":
		if !platformRE.MatchString(f.Platform) {
			return fmt.Errorf("dossier code format tt04 needs a two-digit platform code (AA), got %q", f.Platform)
		}
		return nil
	}
	return fmt.Errorf("unknown dossier code format %q (tt01 or tt04)", f.Variant)
}

// UsesHandlingAgency reports whether the code carries the handling agency's
// identifier (tt04) rather than the receiving one-stop's (tt01).
func (f CodeFormat) UsesHandlingAgency() bool { return f.Variant == "tt04" }

// Format builds a dossier code from the agency identifier, the receipt
// instant (its Vietnamese date) and the daily sequence. The sequence has at
// least 4 digits and grows with volume (10000 → "10000").
func (f CodeFormat) Format(agencyCode string, receivedAt time.Time, seq int64) string {
	day := receivedAt.In(Loc).Format("060102")
	if f.Variant == "tt04" {
		return fmt.Sprintf("%s-%s-%s%04d", agencyCode, day, f.Platform, seq)
	}
	return fmt.Sprintf("%s-%s-%04d", agencyCode, day, seq)
}

// CounterKey is the key of the daily sequence of codes issued for an agency
// (by id) on the Vietnamese date of t: one sequence per agency per day.
func CounterKey(prefix string, agencyID int64, t time.Time) string {
	return fmt.Sprintf("%s:%d:%s", prefix, agencyID, t.In(Loc).Format("20060102"))
}

var codeRE = regexp.MustCompile(`^[A-Za-z0-9]+(\.[A-Za-z0-9]+){1,5}-[0-9]{6}-[0-9]{4,}$`)

// LooksLikeCode reports whether s has the shape of a dossier code or an
// intake reference (used to refuse garbage in URLs early).
func LooksLikeCode(s string) bool {
	return len(s) <= 80 && (codeRE.MatchString(s) || refRE.MatchString(s))
}

var refRE = regexp.MustCompile(`^[A-Z]{2,4}-[A-Za-z0-9]+(\.[A-Za-z0-9]+){0,5}-[0-9]{6}-[0-9]{4,}$`)

// Reference prefixes for intake records that get no dossier code (the code
// is issued only with the Giấy tiếp nhận, ND 118 Đ17.3): the number printed
// on the Phiếu yêu cầu bổ sung (PBS, Mẫu 02), the Phiếu từ chối (PTC, Mẫu 03),
// and online submissions before acceptance (NTT, "nộp trực tuyến").
const (
	RefSupplement = "PBS"
	RefRefusal    = "PTC"
	RefOnline     = "NTT"
)

// FormatRef builds an intake reference: PBS-<agency>-YYMMDD-NNNN.
func FormatRef(prefix, agencyCode string, at time.Time, seq int64) string {
	return fmt.Sprintf("%s-%s-%s-%04d", prefix, agencyCode, at.In(Loc).Format("060102"), seq)
}
