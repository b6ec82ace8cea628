// Package calendarui is the HTTP side of the working-time calendar: the
// JSON API (/api/v1/calendar/…: a year's days off, lunar ↔ solar
// conversion, deadline computation), the public year page with month grids
// and lunar dates (/lich/{year}), and the administration of the official
// calendar (/quan-tri/lich…: add and remove days, mark a year official,
// import and export JSON/CSV). Editing is reserved to administrators of a
// root agency (the calendar is the same for the whole province).
//
// Imports web, calendar, calendarsvc, lunar, account, apperr; no SQL.
package calendarui
