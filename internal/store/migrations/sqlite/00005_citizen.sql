-- Citizen side: accounts (one-time codes, OpenID Connect), profile, the
-- personal electronic document store (kho dữ liệu điện tử, ND 118 Đ22.4,
-- ND 45/2020 Đ16), server-side drafts of online applications, consent codes
-- for assisted filing, service ratings, and the online-intake clock flags.
-- Times are BIGINT milliseconds since epoch (UTC).
-- Keep in step with migrations/postgres/00005_citizen.sql.

CREATE TABLE citizens (
    id            INTEGER PRIMARY KEY,
    full_name     TEXT    NOT NULL DEFAULT '',
    name_folded   TEXT    NOT NULL DEFAULT '',
    id_number     TEXT    NOT NULL DEFAULT '',  -- số định danh cá nhân, 12 digits
    id_verified   INTEGER NOT NULL DEFAULT 0,   -- asserted by an identity provider, not just typed
    birth_date    TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD
    address       TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',  -- 0xxxxxxxxx, verified by a one-time code
    email         TEXT    NOT NULL DEFAULT '',  -- lower case, verified by a one-time code or the IdP
    notify_sms    INTEGER NOT NULL DEFAULT 1,
    notify_email  INTEGER NOT NULL DEFAULT 1,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    last_login_at BIGINT  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX citizens_phone ON citizens(phone) WHERE phone <> '';
CREATE UNIQUE INDEX citizens_email ON citizens(email) WHERE email <> '';
CREATE INDEX citizens_id_number ON citizens(id_number) WHERE id_number <> '';

-- One-time codes (sign-in, contact change, consent to an officer). Only a
-- salted SHA-256 of the code is stored; the public challenge id is what the
-- browser carries between "send" and "verify".
CREATE TABLE citizen_otps (
    id           INTEGER PRIMARY KEY,
    challenge    TEXT    NOT NULL UNIQUE,
    purpose      TEXT    NOT NULL,            -- signin | contact | consent
    channel      TEXT    NOT NULL,            -- sms | email
    destination  TEXT    NOT NULL,
    citizen_id   BIGINT  NOT NULL DEFAULT 0,
    staff_id     BIGINT  NOT NULL DEFAULT 0,  -- officer who asked (consent)
    ref          TEXT    NOT NULL DEFAULT '', -- what the code authorises (consent: draft or document)
    salt         TEXT    NOT NULL,
    code_hash    TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    client_addr  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    used_at      BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX citizen_otps_destination ON citizen_otps(destination, created_at);
CREATE INDEX citizen_otps_client ON citizen_otps(client_addr, created_at);

-- OpenID Connect identity providers configured by the administrator.
CREATE TABLE citizen_oidc_providers (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    issuer          TEXT    NOT NULL,
    client_id       TEXT    NOT NULL,
    client_secret   TEXT    NOT NULL,
    scopes          TEXT    NOT NULL DEFAULT 'openid profile email',
    claim_name      TEXT    NOT NULL DEFAULT 'name',
    claim_id_number TEXT    NOT NULL DEFAULT '',
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- A citizen's identity at a provider (issuer subject).
CREATE TABLE citizen_identities (
    provider_id   BIGINT NOT NULL REFERENCES citizen_oidc_providers(id),
    subject       TEXT   NOT NULL,
    citizen_id    BIGINT NOT NULL REFERENCES citizens(id),
    created_at    BIGINT NOT NULL,
    last_login_at BIGINT NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX citizen_identities_citizen ON citizen_identities(citizen_id);

-- Pending OpenID Connect sign-ins (state → nonce, PKCE verifier); rows live
-- in the database so the callback may reach any node.
CREATE TABLE citizen_oidc_states (
    state_hash  TEXT   PRIMARY KEY,
    provider_id BIGINT NOT NULL,
    nonce       TEXT   NOT NULL,
    verifier    TEXT   NOT NULL,
    next        TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Kho quản lý dữ liệu điện tử của cá nhân (ND 118 Đ22.4; ND 45/2020 Đ16 as
-- amended by ND 118 Đ40.8): documents uploaded by the citizen and results
-- issued to them, reusable in later applications and at the counter.
CREATE TABLE citizen_documents (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT    NOT NULL UNIQUE,      -- UUIDv7, used in URLs
    citizen_id    BIGINT  NOT NULL REFERENCES citizens(id),
    title         TEXT    NOT NULL,
    title_folded  TEXT    NOT NULL DEFAULT '',
    doc_type_code TEXT    NOT NULL DEFAULT '',  -- mã loại giấy tờ (result-type code of the national TTHC database)
    doc_code      TEXT    NOT NULL DEFAULT '',  -- mã số giấy tờ = ID number + type code (ND 118 Đ22.4)
    source        TEXT    NOT NULL,             -- upload | result | counter
    dossier_code  TEXT    NOT NULL DEFAULT '',  -- the dossier it came from (results) or was first used in
    file_ref      TEXT    NOT NULL,             -- content address in the file store (SHA-256)
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          BIGINT  NOT NULL,
    valid_until   TEXT    NOT NULL DEFAULT '',  -- YYYY-MM-DD, "" = no limit
    created_at    BIGINT  NOT NULL,
    deleted_at    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX citizen_documents_citizen ON citizen_documents(citizen_id, created_at);
CREATE UNIQUE INDEX citizen_documents_result ON citizen_documents(citizen_id, dossier_code, file_ref) WHERE source = 'result';

-- Server-side drafts of online applications (resumable on any device).
CREATE TABLE citizen_drafts (
    id                TEXT    PRIMARY KEY,        -- UUIDv7
    citizen_id        BIGINT  NOT NULL REFERENCES citizens(id),
    procedure_code    TEXT    NOT NULL,
    procedure_name    TEXT    NOT NULL DEFAULT '',
    agency_code       TEXT    NOT NULL DEFAULT '', -- receiving agency chosen
    step              TEXT    NOT NULL,
    data              TEXT    NOT NULL,            -- JSON (applicant, documents, delivery)
    assisted_by       BIGINT  NOT NULL DEFAULT 0,  -- staff user filing on the citizen's behalf
    dossier_code      TEXT    NOT NULL DEFAULT '', -- set once submitted
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    submitted_at      BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX citizen_drafts_citizen ON citizen_drafts(citizen_id, updated_at);

-- The citizen's evaluation of a returned dossier (ND 118 Đ33.1 criteria).
-- Scores are 1–5 (1 = rất không hài lòng … 5 = rất hài lòng) or NULL when
-- the criterion does not apply; criteria b and c are counts, which map onto
-- TT 01/2018 Đ13 indicators 4 and 3 (docs/citizen.md).
CREATE TABLE citizen_ratings (
    dossier_code    TEXT    PRIMARY KEY,
    dossier_id      BIGINT  NOT NULL,
    citizen_id      BIGINT  NOT NULL REFERENCES citizens(id),
    agency_id       BIGINT  NOT NULL DEFAULT 0,
    time_score      INTEGER,        -- a) return time compared with the rules
    agencies_count  INTEGER,        -- b) number of agencies contacted
    contacts_count  INTEGER,        -- c) number of contacts with the receiving body
    info_score      INTEGER,        -- d) published information
    attitude_score  INTEGER,        -- đ) officer attitude
    legality_score  INTEGER,        -- e) legality of the result and of the costs
    pakn_score      INTEGER,        -- g) answers to feedback and complaints
    online_score    INTEGER,        -- h) online service
    comment         TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL
);
CREATE INDEX citizen_ratings_agency ON citizen_ratings(agency_id, created_at);

-- Documents a citizen sends online in answer to the one request to complete
-- an online submission (kind changes, ND 118 Đ17.2) or to supplement during
-- processing (kind supplement, Đ19.5; the one-stop confirms receipt, which
-- restarts the clock). One row per dossier and kind: once.
CREATE TABLE citizen_supplements (
    id           INTEGER PRIMARY KEY,
    dossier_code TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    citizen_id   BIGINT  NOT NULL REFERENCES citizens(id),
    files        TEXT    NOT NULL,             -- JSON [{"doc_index","sha256","name","type","size"}]
    note         TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    submitted_at BIGINT  NOT NULL DEFAULT 0,
    received_at  BIGINT  NOT NULL DEFAULT 0,   -- confirmed by the one-stop
    received_by  BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (dossier_code, kind)
);
CREATE INDEX citizen_supplements_pending ON citizen_supplements(submitted_at, received_at);

-- Online dossiers not accepted or returned within 8 working hours
-- (ND 118 Đ17.2), flagged to supervisors by the intake worker.
CREATE TABLE citizen_intake_flags (
    dossier_id   BIGINT PRIMARY KEY,
    dossier_code TEXT   NOT NULL,
    agency_id    BIGINT NOT NULL,
    accept_by    BIGINT NOT NULL,
    flagged_at   BIGINT NOT NULL
);
CREATE INDEX citizen_intake_flags_agency ON citizen_intake_flags(agency_id, flagged_at);

-- A citizen's consent (a one-time code read to the officer) for an officer
-- to act for them: file online (assisted filing) or use their document store.
CREATE TABLE citizen_consents (
    id          INTEGER PRIMARY KEY,
    citizen_id  BIGINT NOT NULL REFERENCES citizens(id),
    staff_id    BIGINT NOT NULL,
    purpose     TEXT   NOT NULL,            -- file | documents
    ref         TEXT   NOT NULL DEFAULT '',
    granted_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX citizen_consents_staff ON citizen_consents(staff_id, citizen_id, expires_at);
