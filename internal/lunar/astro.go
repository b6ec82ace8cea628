package lunar

import "math"

// This file is a Go port of Hồ Ngọc Đức's algorithm ("Thuật toán tính âm
// lịch", 2004), itself based on Jean Meeus, Astronomical Algorithms (1998).
// Function names follow the original so the port can be checked line by
// line against it. All day numbers are Julian day numbers (integers, noon
// based); timeZone is the offset from UTC in hours (7 for Vietnam).

// jdFromDate returns the Julian day number of a proleptic Gregorian date
// (Julian calendar before 15/10/1582, as in the original).
func jdFromDate(dd, mm, yy int) int {
	a := (14 - mm) / 12
	y := yy + 4800 - a
	m := mm + 12*a - 3
	jd := dd + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
	if jd < 2299161 {
		jd = dd + (153*m+2)/5 + 365*y + y/4 - 32083
	}
	return jd
}

// jdToDate is the inverse of jdFromDate.
func jdToDate(jd int) (dd, mm, yy int) {
	var b, c int
	if jd > 2299160 { // after 5/10/1582: Gregorian
		a := jd + 32044
		b = (4*a + 3) / 146097
		c = a - (b*146097)/4
	} else {
		b = 0
		c = jd + 32082
	}
	d := (4*c + 3) / 1461
	e := c - (1461*d)/4
	m := (5*e + 2) / 153
	dd = e - (153*m+2)/5 + 1
	mm = m + 3 - 12*(m/10)
	yy = b*100 + d - 4800 + m/10
	return dd, mm, yy
}

// newMoon returns the Julian date (fractional, UT) of the k-th new moon
// after the one of 1/1/1900 13:52 UT.
func newMoon(k int) float64 {
	kf := float64(k)
	T := kf / 1236.85 // Julian centuries from 1900 January 0.5
	T2 := T * T
	T3 := T2 * T
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*T2 - 0.000000155*T3
	jd1 += 0.00033 * math.Sin((166.56+132.87*T-0.009173*T2)*dr)      // mean new moon
	M := 359.2242 + 29.10535608*kf - 0.0000333*T2 - 0.00000347*T3    // sun's mean anomaly
	Mpr := 306.0253 + 385.81691806*kf + 0.0107306*T2 + 0.00001236*T3 // moon's mean anomaly
	F := 21.2964 + 390.67050646*kf - 0.0016528*T2 - 0.00000239*T3    // moon's argument of latitude
	C1 := (0.1734-0.000393*T)*math.Sin(M*dr) + 0.0021*math.Sin(2*dr*M)
	C1 = C1 - 0.4068*math.Sin(Mpr*dr) + 0.0161*math.Sin(dr*2*Mpr)
	C1 -= 0.0004 * math.Sin(dr*3*Mpr)
	C1 = C1 + 0.0104*math.Sin(dr*2*F) - 0.0051*math.Sin(dr*(M+Mpr))
	C1 = C1 - 0.0074*math.Sin(dr*(M-Mpr)) + 0.0004*math.Sin(dr*(2*F+M))
	C1 = C1 - 0.0004*math.Sin(dr*(2*F-M)) - 0.0006*math.Sin(dr*(2*F+Mpr))
	C1 = C1 + 0.0010*math.Sin(dr*(2*F-Mpr)) + 0.0005*math.Sin(dr*(2*Mpr+M))
	var deltat float64
	if T < -11 {
		deltat = 0.001 + 0.000839*T + 0.0002261*T2 - 0.00000845*T3 - 0.000000081*T*T3
	} else {
		deltat = -0.000278 + 0.000265*T + 0.000262*T2
	}
	return jd1 + C1 - deltat
}

// sunLongitude returns the sun's true longitude in radians, normalised to
// [0, 2π), at the Julian date jdn (UT).
func sunLongitude(jdn float64) float64 {
	T := (jdn - 2451545.0) / 36525 // Julian centuries from 2000-01-01 12:00 UT
	T2 := T * T
	dr := math.Pi / 180
	M := 357.52910 + 35999.05030*T - 0.0001559*T2 - 0.00000048*T*T2 // mean anomaly, degrees
	L0 := 280.46645 + 36000.76983*T + 0.0003032*T2                  // mean longitude, degrees
	DL := (1.914600 - 0.004817*T - 0.000014*T2) * math.Sin(dr*M)
	DL = DL + (0.019993-0.000101*T)*math.Sin(dr*2*M) + 0.000290*math.Sin(dr*3*M)
	L := (L0 + DL) * dr // true longitude, radians
	L -= math.Pi * 2 * math.Floor(L/(math.Pi*2))
	return L
}

// getNewMoonDay returns the local day number on which the k-th new moon
// falls.
func getNewMoonDay(k int, timeZone float64) int {
	return int(math.Floor(newMoon(k) + 0.5 + timeZone/24))
}

// getSunLongitude returns the index (0..11) of the 30° sector the sun is in
// at local midnight starting dayNumber; sector 9 contains the winter
// solstice (270°), which lunar month 11 must contain.
func getSunLongitude(dayNumber int, timeZone float64) int {
	return int(math.Floor(sunLongitude(float64(dayNumber)-0.5-timeZone/24) / math.Pi * 6))
}

// getLunarMonth11 returns the day number of the first day of lunar month 11
// (the month containing the winter solstice) that begins in solar year yy.
func getLunarMonth11(yy int, timeZone float64) int {
	off := jdFromDate(31, 12, yy) - 2415021
	k := int(math.Floor(float64(off) / 29.530588853))
	nm := getNewMoonDay(k, timeZone)
	if getSunLongitude(nm, timeZone) >= 9 { // sun longitude at local midnight
		nm = getNewMoonDay(k-1, timeZone)
	}
	return nm
}

// getLeapMonthOffset returns the offset, counted in months from lunar month
// 11 starting on day a11, of the leap month: the first month without a
// major solar term (trung khí).
func getLeapMonthOffset(a11 int, timeZone float64) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1 // start with the month following lunar month 11
	arc := getSunLongitude(getNewMoonDay(k+i, timeZone), timeZone)
	for {
		last := arc
		i++
		arc = getSunLongitude(getNewMoonDay(k+i, timeZone), timeZone)
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// convertSolar2Lunar converts a Gregorian date to a lunar date.
func convertSolar2Lunar(dd, mm, yy int, timeZone float64) (lDay, lMonth, lYear int, leap bool) {
	dayNumber := jdFromDate(dd, mm, yy)
	k := int(math.Floor((float64(dayNumber) - 2415021.076998695) / 29.530588853))
	monthStart := getNewMoonDay(k+1, timeZone)
	// The original checks only k once; near a new moon the estimate of k
	// can be one too high (e.g. 07/5/2054 came out as day 0), so step back
	// until the month starts on or before the day.
	for monthStart > dayNumber {
		monthStart = getNewMoonDay(k, timeZone)
		k--
	}
	a11 := getLunarMonth11(yy, timeZone)
	b11 := a11
	if a11 >= monthStart {
		lYear = yy
		a11 = getLunarMonth11(yy-1, timeZone)
	} else {
		lYear = yy + 1
		b11 = getLunarMonth11(yy+1, timeZone)
	}
	lDay = dayNumber - monthStart + 1
	diff := (monthStart - a11) / 29
	lMonth = diff + 11
	if b11-a11 > 365 {
		leapMonthDiff := getLeapMonthOffset(a11, timeZone)
		if diff >= leapMonthDiff {
			lMonth = diff + 10
			if diff == leapMonthDiff {
				leap = true
			}
		}
	}
	if lMonth > 12 {
		lMonth -= 12
	}
	if lMonth >= 11 && diff < 4 {
		lYear--
	}
	return lDay, lMonth, lYear, leap
}

// convertLunar2Solar converts a lunar date to the Julian day number of the
// corresponding solar day. ok is false when a leap month is asked for and
// that month is not leap in that year. Day overflow (day 30 of a 29-day
// month) is not detected here; ToSolar checks it.
func convertLunar2Solar(lDay, lMonth, lYear int, leap bool, timeZone float64) (jd int, ok bool) {
	var a11, b11 int
	if lMonth < 11 {
		a11 = getLunarMonth11(lYear-1, timeZone)
		b11 = getLunarMonth11(lYear, timeZone)
	} else {
		a11 = getLunarMonth11(lYear, timeZone)
		b11 = getLunarMonth11(lYear+1, timeZone)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := lMonth - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := getLeapMonthOffset(a11, timeZone)
		leapMonth := leapOff - 2 // offset 1 is leap month 11, 2 is leap 12, 3 is leap 1…
		if leapMonth <= 0 {
			leapMonth += 12
		}
		if leap && lMonth != leapMonth {
			return 0, false
		} else if leap || off >= leapOff {
			off++
		}
	} else if leap {
		return 0, false
	}
	monthStart := getNewMoonDay(k+off, timeZone)
	return monthStart + lDay - 1, true
}
