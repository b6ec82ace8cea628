-- Catalog: fields (lĩnh vực) and versioned administrative procedures (thủ tục
-- hành chính). A procedure has a stable national code (procedures.code); every
-- edit adds a procedure_versions row valid on [effective_from, effective_until)
-- (calendar dates 'YYYY-MM-DD' in Asia/Ho_Chi_Minh; effective_until NULL =
-- open-ended), so the version in force on a date is the one row whose interval
-- contains it. Documents, fees and receiving agencies belong to one version.
-- Keep in step with migrations/sqlite/00002_catalog.sql.

CREATE TABLE procedure_fields (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,   -- e.g. HT (Hộ tịch)
    name        TEXT    NOT NULL,
    name_folded TEXT    NOT NULL,          -- textfold.Fold(name), for search
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE procedures (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,    -- national TTHC code, e.g. 1.001193
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE procedure_versions (
    id              BIGSERIAL PRIMARY KEY,
    procedure_id    BIGINT  NOT NULL REFERENCES procedures(id),
    version         INTEGER NOT NULL,      -- 1, 2, … per procedure
    effective_from  TEXT    NOT NULL,      -- YYYY-MM-DD, inclusive
    effective_until TEXT,                  -- YYYY-MM-DD, exclusive; NULL = open-ended
    name            TEXT    NOT NULL,
    field_id        BIGINT  NOT NULL REFERENCES procedure_fields(id),
    level           TEXT    NOT NULL,      -- province | commune | both
    handling_agency TEXT    NOT NULL,      -- agency code or @commune
    time_value      INTEGER NOT NULL,
    time_unit       TEXT    NOT NULL,      -- working_hours | working_days | days | months
    immediate       BOOLEAN NOT NULL,
    cutoff_15h      BOOLEAN NOT NULL,
    result_code     TEXT    NOT NULL,
    result_name     TEXT    NOT NULL,
    online_level    TEXT    NOT NULL,      -- full | partial | none
    legal_basis     TEXT    NOT NULL,      -- JSON array of strings
    applicants      TEXT    NOT NULL,
    where_to_submit TEXT    NOT NULL,
    steps_note      TEXT    NOT NULL,
    name_folded     TEXT    NOT NULL,      -- textfold.Fold(name)
    search_folded   TEXT    NOT NULL,      -- folded name, code and result name
    content_hash    TEXT    NOT NULL,      -- SHA-256 of the content (imports skip unchanged procedures)
    note            TEXT    NOT NULL,      -- why this version was made
    created_at      BIGINT  NOT NULL,
    created_by      TEXT    NOT NULL,
    UNIQUE (procedure_id, version)
);
CREATE INDEX procedure_versions_dates ON procedure_versions(procedure_id, effective_from);
CREATE INDEX procedure_versions_field ON procedure_versions(field_id);

CREATE TABLE procedure_receivers (
    version_id BIGINT  NOT NULL REFERENCES procedure_versions(id),
    position   INTEGER NOT NULL,
    agency     TEXT    NOT NULL,           -- agency code, @commune_center or @center
    PRIMARY KEY (version_id, position)
);
CREATE INDEX procedure_receivers_agency ON procedure_receivers(agency);

-- Blank forms (mẫu đơn, tờ khai), stored content-addressed under the data
-- directory; public.
CREATE TABLE procedure_form_files (
    sha256       TEXT   PRIMARY KEY,
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE procedure_documents (
    id             BIGSERIAL PRIMARY KEY,
    version_id     BIGINT  NOT NULL REFERENCES procedure_versions(id),
    position       INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    originals      INTEGER NOT NULL,
    copies         INTEGER NOT NULL,
    required       TEXT    NOT NULL,       -- mandatory | conditional
    condition_text TEXT    NOT NULL,
    form_name      TEXT    NOT NULL,
    form_file      TEXT    REFERENCES procedure_form_files(sha256),
    form_file_name TEXT    NOT NULL,
    UNIQUE (version_id, position)
);
CREATE INDEX procedure_documents_form_file ON procedure_documents(form_file);

CREATE TABLE procedure_fees (
    id         BIGSERIAL PRIMARY KEY,
    version_id BIGINT  NOT NULL REFERENCES procedure_versions(id),
    position   INTEGER NOT NULL,
    kind       TEXT    NOT NULL,           -- phi | le_phi
    name       TEXT    NOT NULL,
    amount     BIGINT  NOT NULL,           -- VND
    case_text  TEXT    NOT NULL,
    UNIQUE (version_id, position)
);

-- Bumped by every catalog write, in the same transaction; each process keeps
-- a search index in memory and reloads it when the generation changes
-- (internal/procedure/index.go).
CREATE TABLE procedure_catalog_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO procedure_catalog_state (id, generation) VALUES (1, 0);
