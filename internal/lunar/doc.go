// Package lunar converts between the Gregorian calendar and the Vietnamese
// lunar calendar (âm lịch), computed astronomically at UTC+7 with Hồ Ngọc
// Đức's port of Meeus' algorithms, and names years, months and days in the
// sexagenary cycle (can chi).
//
// It is used to propose holidays that follow the lunar calendar (Tết
// Nguyên đán, Giỗ Tổ Hùng Vương) and to print lunar dates on calendar
// pages. It never decides which days are off: the government announces
// that every year, and package calendar keeps those announcements as data.
//
// Pure functions over the standard library (and apperr for error messages);
// no database, HTTP or template imports.
package lunar
