-- Notifications: the outbox of messages to citizens (e-mail, SMS), each
-- delivery attempt, and the administrator's edits of the message templates.
-- Times are BIGINT milliseconds since epoch (UTC).
-- Keep in step with migrations/sqlite/00006_notify.sql.

CREATE TABLE notify_messages (
    id                  BIGSERIAL PRIMARY KEY,
    idem_key            TEXT    NOT NULL UNIQUE,   -- Message.Key + ':' + channel; also the provider reference
    event               TEXT    NOT NULL,          -- received | supplement_requested | … | otp
    channel             TEXT    NOT NULL,          -- email | sms
    dossier_code        TEXT    NOT NULL DEFAULT '',
    citizen_id          BIGINT  NOT NULL DEFAULT 0,
    recipient           TEXT    NOT NULL,          -- e-mail address or +84… number
    subject             TEXT    NOT NULL DEFAULT '',
    body                TEXT    NOT NULL,          -- rendered at enqueue: every attempt sends the same text
    encoding            TEXT    NOT NULL DEFAULT '', -- SMS: GSM-7 | UCS-2
    segments            INTEGER NOT NULL DEFAULT 0,
    vars                TEXT    NOT NULL DEFAULT '{}', -- JSON Vars
    sensitive           BOOLEAN NOT NULL DEFAULT FALSE, -- one-time codes: text erased when delivery ends
    status              TEXT    NOT NULL,          -- queued | sending | sent | failed
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     BIGINT  NOT NULL,          -- due time; for 'sending' = end of the lease
    locked_until        BIGINT  NOT NULL DEFAULT 0, -- lease of the worker holding the message
    claim_token         TEXT    NOT NULL DEFAULT '',
    last_error          TEXT    NOT NULL DEFAULT '',
    provider            TEXT    NOT NULL DEFAULT '', -- last provider tried / the one that accepted
    provider_message_id TEXT    NOT NULL DEFAULT '',
    expires_at          BIGINT  NOT NULL,          -- give up (failed) after this
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    sent_at             BIGINT
);
CREATE INDEX notify_messages_due ON notify_messages(next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX notify_messages_dossier ON notify_messages(dossier_code, id);
CREATE INDEX notify_messages_failed ON notify_messages(id) WHERE status = 'failed';

-- One row per provider call, written before the call (outcome '') and
-- completed after it: an attempt left without outcome was cut by a crash.
CREATE TABLE notify_attempts (
    id                  BIGSERIAL PRIMARY KEY,
    message_id          BIGINT  NOT NULL REFERENCES notify_messages(id) ON DELETE CASCADE,
    provider            TEXT    NOT NULL,
    started_at          BIGINT  NOT NULL,
    finished_at         BIGINT,
    outcome             TEXT    NOT NULL DEFAULT '', -- sent | failed | refused | timeout | '' (unknown: cut off)
    error               TEXT    NOT NULL DEFAULT '',
    provider_message_id TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX notify_attempts_message ON notify_attempts(message_id, id);

-- Templates edited by the administrator; the defaults live in code.
CREATE TABLE notify_templates (
    event      TEXT   NOT NULL,
    channel    TEXT   NOT NULL,
    subject    TEXT   NOT NULL DEFAULT '',
    body       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (event, channel)
);
