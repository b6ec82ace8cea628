// Package calendarsvc keeps the working-time calendar in the database and
// serves built calendars to the rest of the system.
//
// The official calendar of each year (days off and extra working days, with
// name, kind and legal basis) is stored in calendar_years / calendar_days,
// seeded from the data embedded in package calendar on first start and
// edited by administrators afterwards; every change is audited. A year
// without stored data is the Labour Code proposal (calendar.Propose), marked
// not official.
//
// For returns an immutable *calendar.Calendar for an agency's office hours;
// calendars are cached per office-hours text and rebuilt when the data
// change (in this process at once, in other processes within PollEvery, by
// a version counter in the settings table).
//
// Imports store, audit, agency, apperr and calendar; no HTTP.
package calendarsvc
