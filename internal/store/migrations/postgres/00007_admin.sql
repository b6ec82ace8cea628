-- Administration extras: indexes for the audit viewer (/quan-tri/nhat-ky),
-- which filters by agency subtree, actor and time and pages newest first by
-- sequence number.

CREATE INDEX audit_log_agency ON audit_log(agency_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_at ON audit_log(at);
