-- Working-time calendar (internal/calendar, internal/calendarsvc): for each
-- year whose calendar is kept, the days off that are not ordinary weekends
-- (holidays, compensatory days, swapped days) and the weekend days that are
-- worked, each with its name and legal basis. Administrators edit them;
-- every change is audited (entity calendar_year). A year without a
-- calendar_years row is computed from the Labour Code (calendar.Propose) and
-- shown as "chưa có thông báo chính thức". Dates are TEXT 'YYYY-MM-DD' in
-- Asia/Ho_Chi_Minh. The embedded official years are seeded on first start.
-- Agencies' office hours live in agencies.office_hours (00001_core).
-- Keep in step with migrations/sqlite/00003_calendar.sql.

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    official   BOOLEAN NOT NULL,          -- announced by the government (else a working draft)
    note       TEXT    NOT NULL DEFAULT '',
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE calendar_days (
    day        TEXT    PRIMARY KEY,       -- YYYY-MM-DD
    year       INTEGER NOT NULL REFERENCES calendar_years(year) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,          -- days off: holiday | compensatory | swap_off | bridge; extra working day: swap_work
    name       TEXT    NOT NULL,
    basis      TEXT    NOT NULL DEFAULT '',
    created_at BIGINT  NOT NULL
);
CREATE INDEX calendar_days_year ON calendar_days(year);
