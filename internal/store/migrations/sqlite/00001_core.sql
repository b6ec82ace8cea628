-- Core: agencies, staff users and roles, sessions, login throttling, and the
-- hash-chained audit log. Times are BIGINT milliseconds since epoch (UTC).

CREATE TABLE agencies (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,   -- mã định danh điện tử (used in dossier codes)
    name         TEXT    NOT NULL,
    short_name   TEXT    NOT NULL DEFAULT '',
    kind         TEXT    NOT NULL,          -- province | center | department | division | commune | commune_center | other
    parent_id    INTEGER REFERENCES agencies(id),
    path         TEXT    NOT NULL,          -- materialised path "/1/4/9/" for subtree scope checks
    address      TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    office_hours TEXT    NOT NULL DEFAULT '', -- "" = default; else "Mon-Fri 07:30-11:30,13:00-17:00; Sat 07:30-11:30"
    name_folded  TEXT    NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE INDEX agencies_path ON agencies(path);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    full_name     TEXT    NOT NULL,
    title         TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    email         TEXT    NOT NULL DEFAULT '',
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    password_hash TEXT    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    on_duty       INTEGER NOT NULL DEFAULT 0,  -- published on the agency page (ND 118 Đ9.8)
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Server-side sessions, for browser cookies and API bearer tokens alike.
-- Only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    subject_kind TEXT    NOT NULL,   -- staff | citizen
    subject_id   BIGINT  NOT NULL,
    via          TEXT    NOT NULL,   -- cookie | api
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL
);
CREATE INDEX sessions_subject ON sessions(subject_kind, subject_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Failed sign-in attempts per key (user name or client address).
CREATE TABLE login_throttle (
    key          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

-- Append-only audit log. Each entry's hash = SHA-256(prev_hash || canonical
-- entry); audit_head holds the last sequence number and hash, and is locked by
-- every writer so the chain has no forks. Triggers refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    seq        BIGINT  PRIMARY KEY,
    at         BIGINT  NOT NULL,
    actor_id   BIGINT  NOT NULL,      -- 0 = system
    actor      TEXT    NOT NULL,
    actor_kind TEXT    NOT NULL,      -- staff | citizen | system
    action     TEXT    NOT NULL,      -- e.g. agency.update, dossier.receive
    entity     TEXT    NOT NULL,      -- e.g. agency, procedure, dossier
    entity_key TEXT    NOT NULL,
    agency_id  BIGINT  NOT NULL DEFAULT 0,
    detail     TEXT    NOT NULL,      -- JSON {"before":…,"after":…,…}
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_key);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Small key/value settings (e.g. demo loaded, dossier code format).
CREATE TABLE settings (
    key        TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);
