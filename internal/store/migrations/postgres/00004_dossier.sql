-- Dossiers (hồ sơ thủ tục hành chính): internal processes, intake records
-- and dossiers, their steps (each with its own deadline and verdict — the
-- electronic Mẫu 05), the append-only event log, the agencies that may see
-- each dossier, uploaded files, code counters and idempotency keys.
-- Keep in step with migrations/sqlite/00004_dossier.sql.

-- Internal process (quy trình nội bộ) of a procedure version. A new row
-- replaces the previous one (which is retired, not deleted); dossiers keep a
-- copy of the steps they were received with.
CREATE TABLE dossier_processes (
    id             BIGSERIAL PRIMARY KEY,
    procedure_code TEXT    NOT NULL,
    version_key    TEXT    NOT NULL DEFAULT '',  -- catalog version it applies to; '' = every version
    steps          TEXT    NOT NULL,             -- JSON workflow.Process
    retired        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT  NOT NULL,
    created_by     BIGINT  NOT NULL
);
CREATE INDEX dossier_processes_proc ON dossier_processes(procedure_code, version_key);

CREATE TABLE dossiers (
    id                    BIGSERIAL PRIMARY KEY,
    code                  TEXT    NOT NULL UNIQUE,   -- mã hồ sơ, or the PBS/PTC/NTT reference of an intake without one
    intake_ref            TEXT    NOT NULL DEFAULT '', -- reference before the code (online: NTT-…)
    status                TEXT    NOT NULL,
    version               BIGINT  NOT NULL DEFAULT 1, -- optimistic lock: every change increments it
    channel               TEXT    NOT NULL,          -- counter | post | online
    procedure_code        TEXT    NOT NULL,
    procedure_version     TEXT    NOT NULL DEFAULT '',
    procedure_name        TEXT    NOT NULL,
    limit_value           BIGINT  NOT NULL DEFAULT 0,
    limit_unit            TEXT    NOT NULL DEFAULT 'working_days',
    immediate             BOOLEAN NOT NULL DEFAULT FALSE,
    receiving_agency_id   BIGINT  NOT NULL REFERENCES agencies(id),
    handling_agency_id    BIGINT  NOT NULL REFERENCES agencies(id),
    citizen_id            BIGINT,                    -- online submissions: the citizen account
    applicant_kind        TEXT    NOT NULL,          -- person | organization
    applicant_name        TEXT    NOT NULL,
    applicant_name_folded TEXT    NOT NULL,
    applicant_id_number   TEXT    NOT NULL DEFAULT '',
    detail                TEXT    NOT NULL,          -- JSON: procedure snapshot, applicant, documents, fees, delivery, postal, reasons, result…
    book_year             INTEGER NOT NULL DEFAULT 0, -- Mẫu 06: year of the tracking book
    book_no               BIGINT  NOT NULL DEFAULT 0, -- Mẫu 06: số thứ tự, continuous per receiving agency per year
    submitted_at          BIGINT,                    -- online: when the citizen submitted
    accept_by             BIGINT,                    -- online: 8 working hours after submission (ND 118 Đ17.2)
    received_at           BIGINT,                    -- legal receipt time (clock start, ND 118 Đ17.3; postal: hand-over record, QĐ 45/2016 Đ7)
    clock_start_at        BIGINT,                    -- receipt, or the complete supplement (time restarts, ND 118 Đ19.5)
    due_at                BIGINT,                    -- current due time (after an apology: the new date)
    original_due_at       BIGINT,
    supplement_deadline   BIGINT,                    -- receipt + 3 working days (ND 118 Đ19.5)
    supplement_count      INTEGER NOT NULL DEFAULT 0,
    supplement_requested_at BIGINT,
    apology_count         INTEGER NOT NULL DEFAULT 0,
    early_notified_at     BIGINT,
    result_code           TEXT    NOT NULL DEFAULT '', -- number/code of the result document
    finished_at           BIGINT,                    -- decision issued, refused, stopped or closed
    returned_at           BIGINT,
    created_by            BIGINT  NOT NULL DEFAULT 0,
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
);
-- Few indexes on purpose: every index is another page written per intake.
-- Scope and agency filters go through dossier_agencies; the name search is a
-- LIKE on the folded name that no index serves.
CREATE INDEX dossiers_status_due ON dossiers(status, due_at);
CREATE INDEX dossiers_procedure ON dossiers(procedure_code, received_at);
CREATE INDEX dossiers_citizen ON dossiers(citizen_id) WHERE citizen_id IS NOT NULL;
CREATE INDEX dossiers_intake_ref ON dossiers(intake_ref) WHERE intake_ref <> '';
CREATE UNIQUE INDEX dossiers_book ON dossiers(receiving_agency_id, book_year, book_no) WHERE book_no > 0;

-- Steps of a dossier: the process copied at receipt, plus ad-hoc
-- consultations. Each has its own deadline and verdict.
CREATE TABLE dossier_steps (
    id          BIGSERIAL PRIMARY KEY,
    dossier_id  BIGINT  NOT NULL REFERENCES dossiers(id),
    seq         INTEGER NOT NULL,
    parent_id   BIGINT,                    -- ad-hoc consultation: the step that asked
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    agency_id   BIGINT  NOT NULL REFERENCES agencies(id),
    role        TEXT    NOT NULL,
    assignee_id BIGINT,
    grp         TEXT    NOT NULL DEFAULT '',
    time_value  INTEGER NOT NULL DEFAULT 0,
    time_unit   TEXT    NOT NULL DEFAULT 'working_hours',
    status      TEXT    NOT NULL,          -- pending | open | done | skipped | cancelled
    started_at  BIGINT,
    due_at      BIGINT,
    finished_at BIGINT,
    finished_by BIGINT,
    verdict     TEXT    NOT NULL DEFAULT '', -- early | on_time | late
    signed_at   BIGINT,
    note        TEXT    NOT NULL DEFAULT ''  -- consultation request and reply
);
CREATE INDEX dossier_steps_dossier ON dossier_steps(dossier_id, seq);
CREATE INDEX dossier_steps_open_role ON dossier_steps(agency_id, role, due_at) WHERE status = 'open' AND assignee_id IS NULL;
CREATE INDEX dossier_steps_open_user ON dossier_steps(assignee_id, due_at) WHERE status = 'open' AND assignee_id IS NOT NULL;

-- Append-only history: one row per transition (who, role, agency, when,
-- from/to state, step, step due, verdict, reason, attachments).
CREATE TABLE dossier_events (
    id          BIGSERIAL PRIMARY KEY,
    dossier_id  BIGINT  NOT NULL REFERENCES dossiers(id),
    at          BIGINT  NOT NULL,
    actor_id    BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    actor_kind  TEXT    NOT NULL,          -- staff | citizen | system
    role        TEXT    NOT NULL DEFAULT '',
    agency_id   BIGINT  NOT NULL DEFAULT 0,
    action      TEXT    NOT NULL,
    from_state  TEXT    NOT NULL,
    to_state    TEXT    NOT NULL,
    step_id     BIGINT,
    step_name   TEXT    NOT NULL DEFAULT '',
    step_due    BIGINT,
    verdict     TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);
CREATE FUNCTION dossier_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'dossier_events is append-only'; END $$;
CREATE TRIGGER dossier_events_no_change BEFORE UPDATE OR DELETE ON dossier_events
FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only();

-- Agencies involved in a dossier (receiving, handling, consulted, and the
-- units of the staff who acted): who may see it (scope = agency subtree).
CREATE TABLE dossier_agencies (
    dossier_id BIGINT  NOT NULL REFERENCES dossiers(id),
    agency_id  BIGINT  NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (dossier_id, agency_id)
);
CREATE INDEX dossier_agencies_agency ON dossier_agencies(agency_id, dossier_id);

-- Uploaded files (content-addressed on disk by SHA-256) and who uploaded them.
CREATE TABLE files (
    sha256     TEXT   PRIMARY KEY,
    size       BIGINT NOT NULL,
    mime       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE file_owners (
    sha256     TEXT   NOT NULL REFERENCES files(sha256),
    owner_kind TEXT   NOT NULL,   -- staff | citizen
    owner_id   BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sha256, owner_kind, owner_id)
);

-- Files attached to a dossier: scans of checklist documents, supplements,
-- results, other attachments.
CREATE TABLE dossier_files (
    id         BIGSERIAL PRIMARY KEY,
    dossier_id BIGINT  NOT NULL REFERENCES dossiers(id),
    sha256     TEXT    NOT NULL REFERENCES files(sha256),
    kind       TEXT    NOT NULL,   -- document | supplement | result | attachment
    doc_index  INTEGER NOT NULL DEFAULT -1,
    name       TEXT    NOT NULL DEFAULT '',
    created_by BIGINT  NOT NULL DEFAULT 0,
    created_at BIGINT  NOT NULL
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id);
CREATE INDEX dossier_files_sha ON dossier_files(sha256);

-- Sequences: dossier codes per agency per day, intake references, tracking
-- book numbers per agency per year. Incremented inside the write
-- transaction (UPDATE … RETURNING), so a number is never issued twice.
CREATE TABLE dossier_counters (
    key TEXT   PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- Idempotency-Key of intake requests: the same key and body give back the
-- stored answer; never a second dossier.
CREATE TABLE dossier_idempotency (
    owner_kind   TEXT    NOT NULL,
    owner_id     BIGINT  NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT    NOT NULL,
    dossier_id   BIGINT,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, key)
);
